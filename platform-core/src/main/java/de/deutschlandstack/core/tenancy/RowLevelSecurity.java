package de.deutschlandstack.core.tenancy;

import de.deutschlandstack.core.config.PlatformSettings;
import jakarta.persistence.EntityManager;
import org.hibernate.Session;
import org.jboss.logging.Logger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Tenant isolation a second time, in PostgreSQL itself: every table that holds tenants' rows gets a row-level
 * security policy that admits only the rows of the tenant the connection is bound to ({@link TenantConnections}), for
 * reading and for writing, so that a statement the query layer got wrong still cannot reach another tenant's rows.
 *
 * <p>Applied after every schema migration, to every table of the schema with a {@code tenant} column, and to every
 * table without one whose rows belong to such a table through their foreign key (a collection table: its rows are
 * visible where their parent row is). A module's new table is covered by its declaration alone. The policies are
 * forced where the platform's database user owns the tables (the embedded set-up), so that they bind it too; where the
 * schema has an owner of its own, they bind the platform's user without being forced. They cannot bind a
 * superuser or a role with {@code BYPASSRLS}: with such a user the platform does not start, unless the operator says
 * it may run without the second isolation ({@code PLATFORM_DB_ALLOW_RLS_BYPASS=true}; {@link #enforced()} is false then).
 *
 * <p>Not covered, each because it is read before any tenant is known: the user store (a login names a user, not a
 * tenant) and the tenant registry (checked for every request before its caller is bound).
 */
public final class RowLevelSecurity {

    /** Tables with a tenant column that stay outside the policies (see the class comment). */
    static final Set<String> PLATFORM_TABLES = Set.of("platform_user", "platform_tenant");

    static final String POLICY = "tenant_isolation";

    /**
     * The transaction-local setting that lets the change feed ({@code core.changes.ChangeFeed}) read the change log of
     * every tenant: the one arm of a policy that admits other tenants' rows. Only the feed's code sets it, for its
     * read-only transaction ({@code set_config(..., true)} ends with it); nothing a request sends reaches SQL as code.
     * Writing stays confined to the bound tenant: the arm is a policy of its own, {@code FOR SELECT} ({@value #FEED_POLICY}).
     */
    public static final String CHANGE_FEED_SETTING = "platform.change_feed";

    /** The table the change feed reads across tenants. */
    static final String CHANGE_LOG = "change_log";

    /** The second policy of the change log: reading only, and only where the change feed's setting is on. */
    static final String FEED_POLICY = "change_feed";

    /**
     * What a table's policies admit: {@code condition} for every command (the bound tenant's rows), and where
     * {@code readArm} is set, those rows too for reading alone (a second policy, {@code FOR SELECT}: a delete or an
     * update still reaches the bound tenant's rows only).
     */
    record Policy(String condition, String readArm) {
    }

    private static final Logger LOG = Logger.getLogger(RowLevelSecurity.class);

    /** The filter behind Hibernate's {@code @TenantId} ({@code TenantIdBinder.FILTER_NAME}, an internal class). */
    public static final String HIBERNATE_TENANT_FILTER = "_tenantId";

    private static volatile boolean enforced;

    /**
     * Test only: whether the platform was started to leave tenant isolation to the database alone
     * ({@code PLATFORM_TEST_DATABASE_ISOLATION_ONLY=true}), to show that the policies hold without the query layer.
     */
    private static final boolean ALONE_REQUESTED = PlatformSettings.testDatabaseIsolationOnly();

    private RowLevelSecurity() {
    }

    /**
     * Whether the connection's database has row-level security (PostgreSQL) at all: the one test of the platform's
     * database-level protections (policies, triggers, grants) for whether they apply.
     */
    public static boolean supports(Connection connection) throws SQLException {
        return "PostgreSQL".equals(connection.getMetaData().getDatabaseProductName());
    }

    /**
     * Whether this platform's database enforces the policies for its connections: PostgreSQL, every tenant table
     * covered, and a database user that the policies bind. Known after the schema migration at start.
     */
    public static boolean enforced() {
        return enforced;
    }

    /**
     * Test only: true where the platform was started to leave tenant isolation to the database alone and the database
     * enforces it. The query layer then writes no tenant condition that excludes a row ({@code HqlStatement}) and
     * Hibernate's tenant filter is off ({@link #leaveIsolationToDatabase(EntityManager)}); never true on a database
     * without row-level security, where nothing else would isolate the tenants.
     */
    public static boolean isolatesAlone() {
        return ALONE_REQUESTED && enforced;
    }

    /** Switches Hibernate's own tenant filter off on the entity manager's session where {@link #isolatesAlone()}. */
    public static void leaveIsolationToDatabase(EntityManager em) {
        if (isolatesAlone()) {
            em.unwrap(Session.class).disableFilter(HIBERNATE_TENANT_FILTER);
        }
    }

    /**
     * Puts every tenant table under the policy (where it is not already) and records whether the policies bind this
     * platform. Runs on a connection in a transaction that the caller commits, serialised with other nodes
     * ({@code SchemaMigrations}).
     */
    public static void apply(Connection connection, String platformUser) throws SQLException {
        if (!supports(connection)) {
            enforced = false;
            if (ALONE_REQUESTED) {
                LOG.error("PLATFORM_TEST_DATABASE_ISOLATION_ONLY is ignored: this database has no row-level security");
            }
            return;
        }
        Map<String, Policy> tables = protectedTables(connection);
        // Forced where the platform's user owns the tables (policies do not bind an owner otherwise); not where the
        // schema has an owner of its own, whose functions must see every row (AppendOnlyAudit).
        boolean force = platformUser.equals(connection.getMetaData().getUserName());
        for (Map.Entry<String, Policy> table : tables.entrySet()) {
            protect(connection, table.getKey(), table.getValue(), force);
        }
        boolean bypasses = bypasses(connection, platformUser);
        enforced = !bypasses;
        if (ALONE_REQUESTED) {
            if (enforced) {
                LOG.warn("TEST ONLY: tenant isolation is left to the database alone (PLATFORM_TEST_DATABASE_ISOLATION_ONLY):"
                        + " the query layer's tenant conditions and Hibernate's tenant filter are off");
            } else {
                LOG.error("PLATFORM_TEST_DATABASE_ISOLATION_ONLY is ignored: this database does not enforce row-level security");
            }
        }
        if (bypasses) {
            String message = "The database user " + platformUser + " is a superuser or has BYPASSRLS:"
                    + " row-level security would not confine the platform's statements to their tenant. Connect as a user"
                    + " without either (docs/security.md)";
            if (!PlatformSettings.databaseUserMayBypassRowLevelSecurity()) {
                throw new IllegalStateException(message + ", or start with PLATFORM_DB_ALLOW_RLS_BYPASS=true to run without"
                        + " the second isolation");
            }
            LOG.warn(message + "; PLATFORM_DB_ALLOW_RLS_BYPASS=true lets the platform run without the second isolation");
        } else {
            LOG.infof("Row-level security confines %d tables to the bound tenant", tables.size());
        }
    }

    /**
     * The tables to protect, each with the condition that admits a row: the tenant column compared with the bound
     * tenant, or, for a table without one, the existence of its parent row (itself under its table's policy).
     */
    static Map<String, Policy> protectedTables(Connection connection) throws SQLException {
        Map<String, String> conditions = new LinkedHashMap<>();
        // In a subquery: PostgreSQL evaluates it once per statement (an InitPlan), not once per row it looks at.
        String bound = "(select current_setting('" + TenantConnections.TENANT_SETTING + "', true))";
        try (Statement query = connection.createStatement();
             ResultSet rows = query.executeQuery("select c.relname from pg_class c"
                     + " join pg_namespace n on n.oid = c.relnamespace"
                     + " join pg_attribute a on a.attrelid = c.oid and a.attname = 'tenant' and not a.attisdropped"
                     + " where n.nspname = current_schema() and c.relkind in ('r', 'p') order by c.relname")) {
            while (rows.next()) {
                if (!PLATFORM_TABLES.contains(rows.getString(1))) {
                    conditions.put(rows.getString(1), "tenant = " + bound);
                }
            }
        }
        // Tables without a tenant column, with a single-column foreign key to a protected table.
        List<String[]> children = new ArrayList<>();
        try (Statement query = connection.createStatement();
             ResultSet rows = query.executeQuery("select child.relname, parent.relname, fk_column.attname, pk_column.attname"
                     + " from pg_constraint k"
                     + " join pg_class child on child.oid = k.conrelid"
                     + " join pg_class parent on parent.oid = k.confrelid"
                     + " join pg_namespace n on n.oid = child.relnamespace"
                     + " join pg_attribute fk_column on fk_column.attrelid = k.conrelid and fk_column.attnum = k.conkey[1]"
                     + " join pg_attribute pk_column on pk_column.attrelid = k.confrelid and pk_column.attnum = k.confkey[1]"
                     + " where k.contype = 'f' and cardinality(k.conkey) = 1 and n.nspname = current_schema()"
                     + " and not exists (select 1 from pg_attribute t where t.attrelid = child.oid and t.attname = 'tenant'"
                     + " and not t.attisdropped) order by child.relname, k.conname")) {
            while (rows.next()) {
                children.add(new String[]{rows.getString(1), rows.getString(2), rows.getString(3), rows.getString(4)});
            }
        }
        for (String[] child : children) {
            if (conditions.containsKey(child[1]) && !conditions.containsKey(child[0])) {
                conditions.put(child[0], "exists (select 1 from " + child[1] + " parent where parent." + child[3]
                        + " = " + child[0] + "." + child[2] + ")");
            }
        }
        Map<String, Policy> policies = new LinkedHashMap<>();
        conditions.forEach((table, condition) -> policies.put(table, new Policy(condition, table.equals(CHANGE_LOG)
                ? "(select current_setting('" + CHANGE_FEED_SETTING + "', true)) = 'all'" : null)));
        return policies;
    }

    private static void protect(Connection connection, String table, Policy policy, boolean force) throws SQLException {
        boolean enabled;
        boolean forced;
        try (PreparedStatement state = connection.prepareStatement("select c.relrowsecurity, c.relforcerowsecurity from pg_class c"
                + " join pg_namespace n on n.oid = c.relnamespace where n.nspname = current_schema() and c.relname = ?")) {
            state.setString(1, table);
            try (ResultSet row = state.executeQuery()) {
                row.next();
                enabled = row.getBoolean(1);
                forced = row.getBoolean(2);
            }
        }
        // The policy must be this one and no other (but the change log's read arm): a second permissive policy would widen
        // what it admits, and one changed by hand (or by an earlier version) would not be what the platform relies on.
        // Repaired at start.
        boolean current = false;
        boolean readArmCurrent = false;
        List<String> others = new ArrayList<>();
        try (PreparedStatement policies = connection.prepareStatement("select policyname, permissive, cmd, roles::text, qual, with_check"
                + " from pg_policies where schemaname = current_schema() and tablename = ?")) {
            policies.setString(1, table);
            try (ResultSet row = policies.executeQuery()) {
                while (row.next()) {
                    if (row.getString(1).equals(FEED_POLICY) && policy.readArm() != null) {
                        readArmCurrent = "PERMISSIVE".equals(row.getString(2)) && "SELECT".equals(row.getString(3))
                                && "{public}".equals(row.getString(4)) && normalised(policy.readArm()).equals(normalised(row.getString(5)));
                        if (!readArmCurrent) {
                            LOG.warnf("The read policy on %s is not the platform's (%s); it is replaced", table, row.getString(5));
                            ddl(connection, "drop policy " + FEED_POLICY + " on " + table);
                        }
                        continue;
                    }
                    if (!row.getString(1).equals(POLICY)) {
                        if ("PERMISSIVE".equals(row.getString(2))) {
                            others.add(row.getString(1));
                        }
                        continue;
                    }
                    current = "PERMISSIVE".equals(row.getString(2)) && "ALL".equals(row.getString(3))
                            && "{public}".equals(row.getString(4))
                            && normalised(policy.condition()).equals(normalised(row.getString(5)))
                            && normalised(policy.condition()).equals(normalised(row.getString(6)));
                    if (!current) {
                        LOG.warnf("The row-level security policy on %s is not the platform's (%s); it is replaced", table, row.getString(5));
                        ddl(connection, "drop policy " + POLICY + " on " + table);
                    }
                }
            }
        }
        try (Statement ddl = connection.createStatement()) {
            for (String other : others) {
                LOG.warnf("A permissive row-level security policy %s on %s would admit other tenants' rows; it is dropped", other, table);
                ddl.execute("drop policy \"" + other.replace("\"", "\"\"") + "\" on " + table);
            }
            if (!current) {
                // One policy for every command: USING admits the rows a statement may see, update or delete;
                // WITH CHECK the rows an insert or update may leave behind.
                ddl.execute("create policy " + POLICY + " on " + table + " using (" + policy.condition() + ") with check ("
                        + policy.condition() + ")");
                LOG.debugf("Row-level security policy on %s: %s", table, policy.condition());
            }
            if (policy.readArm() != null && !readArmCurrent) {
                ddl.execute("create policy " + FEED_POLICY + " on " + table + " for select using (" + policy.readArm() + ")");
            }
            if (!enabled) {
                ddl.execute("alter table " + table + " enable row level security");
            }
            if (force && !forced) {
                ddl.execute("alter table " + table + " force row level security");
            } else if (!force && forced) {
                ddl.execute("alter table " + table + " no force row level security");
            }
        }
    }

    private static void ddl(Connection connection, String sql) throws SQLException {
        try (Statement ddl = connection.createStatement()) {
            ddl.execute(sql);
        }
    }

    /**
     * A policy condition as PostgreSQL prints it back ({@code ((tenant)::text = ( SELECT current_setting(...) AS
     * current_setting))}) and as written here, reduced to what both have in common: lower case, no casts to text, no
     * column alias of the subquery, no blanks, no parentheses.
     */
    static String normalised(String condition) {
        return condition == null ? "" : condition.toLowerCase(java.util.Locale.ROOT)
                .replace("::text", "").replace("::character varying", "").replace(" as current_setting", "")
                .replaceAll("[\\s()]", "");
    }

    /** Whether the user escapes every policy (superuser or BYPASSRLS). */
    private static boolean bypasses(Connection connection, String user) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("select rolsuper or rolbypassrls from pg_roles where rolname = ?")) {
            query.setString(1, user);
            try (ResultSet row = query.executeQuery()) {
                return row.next() && row.getBoolean(1);
            }
        }
    }
}
