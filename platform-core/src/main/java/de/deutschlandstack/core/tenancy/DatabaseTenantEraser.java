package de.deutschlandstack.core.tenancy;

import de.deutschlandstack.core.security.PlatformRoles;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Erases a tenant's rows from every table of the platform's database that has a {@code tenant} column: business
 * objects of every module, the change log, user accounts. The tables and the order come from the database's own
 * catalogue, not from a list kept by hand: a table a later migration adds is erased too, and the foreign keys decide
 * which rows go first (children before parents; a table that refers to itself is unlinked first). Rows without a
 * tenant column of their own hang off a tenant row with {@code on delete cascade}.
 *
 * <p>The registry row ({@code platform_tenant}) is the one exception: it stays, as the tombstone.
 *
 * <p>Rows go in chunks of {@value #CHUNK} by primary key, each delete committed by itself (the connection is used
 * outside a transaction): a tenant of any size is erased without one transaction that could outrun the transaction
 * timeout or hold its locks for minutes. Nothing needs the erasure to be atomic: the tenant is offboarding, so no
 * request of it runs, and an erasure that stops half way is resumed and finds what is left.
 */
@ApplicationScoped
public class DatabaseTenantEraser implements TenantDataEraser {

    private static final Logger LOG = Logger.getLogger(DatabaseTenantEraser.class);
    private static final String TENANT_COLUMN = "tenant";
    private static final String REGISTRY_TABLE = "platform_tenant";
    /** Rows one delete statement takes. */
    public static final int CHUNK = 10_000;

    @Resource(lookup = "java:jboss/datasources/PlatformDS")
    DataSource dataSource;

    @Override
    public String name() {
        return "database";
    }

    @Override
    public void erase(String tenant) {
        if (tenant.equals(PlatformRoles.OPERATOR_TENANT)) {
            throw new IllegalArgumentException("The operator's tenant is not erased");
        }
        try (Connection connection = dataSource.getConnection()) {
            // Bound to the tenant it erases: row-level security admits its rows and no other tenant's.
            String before = TenantConnections.bind(connection, tenant);
            try {
                // A pass that still finds rows erases again: nothing may be left behind the tombstone.
                for (int pass = 1; pass <= 5; pass++) {
                    if (eraseTenant(connection, tenant).values().stream().mapToInt(Integer::intValue).sum() == 0) {
                        return;
                    }
                }
            } finally {
                TenantConnections.restore(connection, before);
            }
            throw new IllegalStateException("Tenant " + tenant + " still gets rows after five passes of erasure");
        } catch (SQLException e) {
            throw new IllegalStateException("Erasing tenant " + tenant + " failed", e);
        }
    }

    /** Deletes the tenant's rows on the connection, in the order the foreign keys need; returns rows per table. */
    public static Map<String, Integer> eraseTenant(Connection connection, String tenant) throws SQLException {
        DatabaseMetaData catalogue = connection.getMetaData();
        String schema = connection.getSchema();
        List<String> tables = tenantTables(catalogue, schema);
        Map<String, Set<String>> parents = new LinkedHashMap<>();
        Map<String, List<String>> selfReferences = new LinkedHashMap<>();
        for (String table : tables) {
            Set<String> referenced = new LinkedHashSet<>();
            try (ResultSet keys = catalogue.getImportedKeys(null, schema, table)) {
                while (keys.next()) {
                    String parent = keys.getString("PKTABLE_NAME");
                    String column = keys.getString("FKCOLUMN_NAME");
                    if (parent.equalsIgnoreCase(table)) {
                        if (!column.equalsIgnoreCase(TENANT_COLUMN)) {
                            selfReferences.computeIfAbsent(table, t -> new ArrayList<>()).add(column);
                        }
                    } else {
                        referenced.add(parent.toLowerCase(Locale.ROOT));
                    }
                }
            }
            parents.put(table, referenced);
        }
        Map<String, Integer> erased = new LinkedHashMap<>();
        for (String table : childrenFirst(tables, parents)) {
            for (String column : selfReferences.getOrDefault(table, List.of())) {
                try (PreparedStatement unlink = connection.prepareStatement(
                        "update " + table + " set " + column + " = null where " + TENANT_COLUMN + " = ?")) {
                    unlink.setString(1, tenant);
                    unlink.executeUpdate();
                }
            }
            erased.put(table.toLowerCase(Locale.ROOT), delete(connection, catalogue, schema, table, tenant));
        }
        LOG.debugf("Tenant %s: rows erased per table %s", tenant, erased);
        return erased;
    }

    /** Deletes the tenant's rows of the table, {@value #CHUNK} at a time where it has a one-column primary key. */
    private static int delete(Connection connection, DatabaseMetaData catalogue, String schema, String table, String tenant)
            throws SQLException {
        if (!mayDelete(connection, table)) {
            // A table the platform's user may not delete from (the audit trail, where the schema has its own owner)
            // is erased by its owner's function platform_erase_<table>(tenant), which knows when that is allowed.
            try (PreparedStatement erase = connection.prepareStatement("select platform_erase_" + table.toLowerCase(Locale.ROOT) + "(?)")) {
                erase.setString(1, tenant);
                try (ResultSet erased = erase.executeQuery()) {
                    erased.next();
                    return erased.getInt(1);
                }
            }
        }
        List<String> key = new ArrayList<>();
        try (ResultSet columns = catalogue.getPrimaryKeys(null, schema, table)) {
            while (columns.next()) {
                key.add(columns.getString("COLUMN_NAME"));
            }
        }
        if (key.size() != 1) {
            try (PreparedStatement delete = connection.prepareStatement("delete from " + table + " where " + TENANT_COLUMN + " = ?")) {
                delete.setString(1, tenant);
                return delete.executeUpdate();
            }
        }
        int total = 0;
        try (PreparedStatement delete = connection.prepareStatement("delete from " + table + " where " + key.get(0) + " in"
                + " (select " + key.get(0) + " from " + table + " where " + TENANT_COLUMN + " = ? fetch first " + CHUNK + " rows only)")) {
            int deleted;
            do {
                delete.setString(1, tenant);
                deleted = delete.executeUpdate();
                total += deleted;
            } while (deleted == CHUNK);
        }
        return total;
    }

    private static boolean mayDelete(Connection connection, String table) throws SQLException {
        if (!RowLevelSecurity.supports(connection)) {
            return true;
        }
        try (PreparedStatement privilege = connection.prepareStatement(
                "select has_table_privilege(format('%I.%I', current_schema(), ?), 'DELETE')")) {
            privilege.setString(1, table);
            try (ResultSet row = privilege.executeQuery()) {
                row.next();
                return row.getBoolean(1);
            }
        }
    }

    /** Tables of the schema with a tenant column, the registry excepted. */
    private static List<String> tenantTables(DatabaseMetaData catalogue, String schema) throws SQLException {
        Set<String> tables = new LinkedHashSet<>();
        for (String column : new String[]{TENANT_COLUMN, TENANT_COLUMN.toUpperCase(Locale.ROOT)}) {
            try (ResultSet columns = catalogue.getColumns(null, schema, null, column)) {
                while (columns.next()) {
                    String table = columns.getString("TABLE_NAME");
                    if (!table.equalsIgnoreCase(REGISTRY_TABLE) && !table.toLowerCase(Locale.ROOT).startsWith("flyway")) {
                        tables.add(table);
                    }
                }
            }
        }
        return new ArrayList<>(tables);
    }

    /** The tables ordered so that each comes before every table it refers to. */
    static List<String> childrenFirst(List<String> tables, Map<String, Set<String>> parents) {
        List<String> ordered = new ArrayList<>();
        Set<String> remaining = new LinkedHashSet<>(tables);
        while (!remaining.isEmpty()) {
            boolean progress = false;
            for (String table : new ArrayList<>(remaining)) {
                // A table may go once no remaining table still refers to it.
                boolean referencedByRemaining = remaining.stream().filter(other -> !other.equals(table))
                        .anyMatch(other -> parents.getOrDefault(other, Set.of()).contains(table.toLowerCase(Locale.ROOT)));
                if (!referencedByRemaining) {
                    ordered.add(table);
                    remaining.remove(table);
                    progress = true;
                }
            }
            if (!progress) {
                throw new IllegalStateException("Tables refer to each other in a cycle: " + remaining);
            }
        }
        return ordered;
    }
}
