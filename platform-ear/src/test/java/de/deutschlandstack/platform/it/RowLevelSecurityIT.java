package de.deutschlandstack.platform.it;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Tenant isolation in PostgreSQL itself: the policies cover every tenant table and bind the platform's own database
 * user, so that a statement without a tenant condition still reads and writes only the bound tenant's rows. Tried
 * here with plain SQL as that user, and, in the run that leaves isolation to the database alone
 * ({@code it.isolation=database-alone}), shown to be what stands between the tenants: the platform's statements then
 * carry no tenant condition that excludes a row, and the attack suites still find nothing.
 */
class RowLevelSecurityIT extends PlatformIT {

    private static final String ANNAS_TENANT = "stadt-muenchen";
    private static final String BENS_TENANT = "bayern-werke";

    private static final int PLANTED_ADDRESS = 990;

    @BeforeEach
    void onPostgreSql() {
        assumeTrue("postgresql".equals(System.getProperty("it.database")), "row-level security is PostgreSQL's");
    }

    @AfterEach
    void removePlantedAddresses() throws SQLException {
        try (Connection db = superuser(); Statement sql = db.createStatement()) {
            sql.execute("delete from business_partner_address where position = " + PLANTED_ADDRESS);
        }
    }

    /** The test server's superuser: it sees every row, to compare with. */
    private static Connection superuser() throws SQLException {
        return DriverManager.getConnection(System.getProperty("it.db.url"), System.getProperty("it.db.user"),
                System.getProperty("it.db.password"));
    }

    /** The user the platform connects as (neither superuser nor BYPASSRLS, as in production). */
    private static Connection platformUser() throws SQLException {
        return DriverManager.getConnection(System.getProperty("it.db.url"), "platform", "platform");
    }

    private static void bind(Connection connection, String tenant) throws SQLException {
        try (PreparedStatement bind = connection.prepareStatement("select set_config('platform.tenant', ?, false)")) {
            bind.setString(1, tenant);
            bind.executeQuery().close();
        }
    }

    private static long count(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery(sql)) {
            row.next();
            return row.getLong(1);
        }
    }

    @Test
    void everyTableButThePlatformsOwnIsUnderItsOnePolicy() throws SQLException {
        List<String> unprotected = new ArrayList<>();
        List<String> protectedTables = new ArrayList<>();
        try (Connection db = superuser(); Statement sql = db.createStatement();
             // Enabled binds every user but the tables' owner; the platform's user owns none of them (next test).
             ResultSet tables = sql.executeQuery("select c.relname, c.relrowsecurity and (c.relforcerowsecurity"
                     + " or pg_get_userbyid(c.relowner) <> 'platform'),"
                     + " (select count(*) from pg_policies p where p.schemaname = 'public' and p.tablename = c.relname),"
                     + " (select p.qual || ' / ' || p.with_check || ' / ' || p.cmd || ' / ' || p.permissive from pg_policies p"
                     + "  where p.schemaname = 'public' and p.tablename = c.relname and p.policyname = 'tenant_isolation')"
                     + " from pg_class c join pg_namespace n on n.oid = c.relnamespace"
                     + " where n.nspname = 'public' and c.relkind = 'r' order by c.relname")) {
            while (tables.next()) {
                String table = tables.getString(1);
                if (!tables.getBoolean(2)) {
                    unprotected.add(table);
                    continue;
                }
                protectedTables.add(table);
                // The change log has a second one: every tenant's entries for the change feed's reading alone (next tests).
                assertThat(tables.getInt(3)).as("policies on " + table).isEqualTo(table.equals("change_log") ? 2 : 1);
                String policy = tables.getString(4);
                assertThat(policy).as(table).isNotNull().endsWith(" / ALL / PERMISSIVE");
                if (policy.startsWith("(EXISTS")) {
                    assertThat(policy).as(table).containsPattern("^\\(EXISTS \\( SELECT 1\\s+FROM \\w+ parent");
                } else {
                    assertThat(policy).as(table).startsWith("((tenant)::text = ( SELECT current_setting('platform.tenant'::text, true)");
                }
            }
        }
        // Each is read before a tenant is known (a login names a user; a request's tenant status is checked before its
        // caller is bound) or holds no tenant's data (signing keys, the change log's counter, the schema's history), or is
        // read by no request (the record of changed users and tenants the nodes read, core.cluster.SharedFacts).
        // A new table that holds tenants' rows but is not covered fails here.
        assertThat(unprotected).containsExactlyInAnyOrder("platform_user", "platform_tenant", "platform_signing_key",
                "change_log_position", "schema_history", "platform_shared_fact_change", "lake_erasure");
        assertThat(protectedTables).contains("sales_order", "sales_order_item", "business_partner", "business_partner_address",
                "contact_person", "invoice", "payment", "journal_entry_line", "change_log", "audit_record", "audit_chain");
    }

    @Test
    void thePoliciesBindThePlatformsDatabaseUser() throws SQLException {
        try (Connection db = platformUser()) {
            assertThat(count(db, "select count(*) from pg_roles where rolname = current_user and not rolsuper and not rolbypassrls"))
                    .isEqualTo(1);
            assertThat(count(db, "select count(*) from pg_tables where schemaname = 'public' and tableowner = current_user"))
                    .as("tables the platform's user owns").isZero();
            // Nor can it take the policies away: the tables belong to the schema's owner.
            try (Statement sql = db.createStatement()) {
                for (String ddl : List.of("alter table sales_order no force row level security",
                        "alter table sales_order disable row level security", "drop policy tenant_isolation on sales_order")) {
                    assertThatThrownBy(() -> sql.execute(ddl)).as(ddl).isInstanceOf(SQLException.class).hasMessageContaining("must be owner");
                }
            }
            // Nor forge or remove the records that tell the other nodes what changed (only the triggers write them).
            try (Statement sql = db.createStatement()) {
                for (String dml : List.of("insert into platform_shared_fact_change (kind, fact_key, changed_at)"
                        + " values ('USER', 'x', now())", "delete from platform_shared_fact_change",
                        "update platform_shared_fact_change set fact_key = 'x'")) {
                    assertThatThrownBy(() -> sql.execute(dml)).as(dml).isInstanceOf(SQLException.class)
                            .hasMessageContaining("permission denied");
                }
            }
            // Not bound to any tenant: no tenant's row at all, not every tenant's.
            assertThat(count(db, "select count(*) from sales_order")).isZero();
            assertThat(count(db, "select count(*) from business_partner_address")).isZero();
        }
    }

    @Test
    void aStatementWithoutTenantConditionReadsOnlyTheBoundTenantsRows() throws SQLException {
        long annas;
        long all;
        long annasAddresses;
        try (Connection db = superuser(); Statement sql = db.createStatement()) {
            // Each tenant's partner gets an address (a database the foundation left has none).
            for (String tenant : List.of(ANNAS_TENANT, BENS_TENANT)) {
                sql.execute("insert into business_partner_address (partner_id, position, purpose, street, postal_code, city, country)"
                        + " select min(id), " + PLANTED_ADDRESS + ", 'BILLING', 'Teststraße 1', '80331', 'München', 'DE'"
                        + " from business_partner where tenant = '" + tenant + "' on conflict do nothing");
            }
            annas = count(db, "select count(*) from sales_order where tenant = '" + ANNAS_TENANT + "'");
            all = count(db, "select count(*) from sales_order");
            annasAddresses = count(db, "select count(*) from business_partner_address a join business_partner p on p.id = a.partner_id"
                    + " where p.tenant = '" + ANNAS_TENANT + "'");
        }
        assertThat(all).as("both demo tenants have orders").isGreaterThan(annas);
        assertThat(annasAddresses).isPositive();
        try (Connection db = platformUser()) {
            bind(db, ANNAS_TENANT);
            assertThat(count(db, "select count(*) from sales_order")).isEqualTo(annas);
            assertThat(count(db, "select count(*) from sales_order where tenant = '" + BENS_TENANT + "'")).isZero();
            assertThat(count(db, "select count(*) from sales_order o join sales_order_item i on i.order_id = o.id"
                    + " where i.tenant <> o.tenant")).isZero();
            // A collection table has no tenant column: its rows are visible where their partner is.
            assertThat(count(db, "select count(*) from business_partner_address")).isEqualTo(annasAddresses);
            assertThat(count(db, "select count(*) from audit_record where tenant = '" + BENS_TENANT + "'")).isZero();
            assertThat(count(db, "select count(*) from change_log where tenant = '" + BENS_TENANT + "'")).isZero();
        }
    }

    @Test
    void theChangeFeedsSettingOpensTheChangeLogForReadingAlone() throws SQLException {
        long bensEntries;
        try (Connection db = superuser()) {
            bensEntries = count(db, "select count(*) from change_log where tenant = '" + BENS_TENANT + "'");
        }
        assertThat(bensEntries).isPositive();
        try (Connection db = platformUser(); Statement sql = db.createStatement()) {
            db.setAutoCommit(false);
            bind(db, ANNAS_TENANT);
            sql.executeQuery("select set_config('platform.change_feed', 'all', true)").close();
            assertThat(count(db, "select count(*) from change_log where tenant = '" + BENS_TENANT + "'")).isEqualTo(bensEntries);
            // Reading only: the setting lets no statement change or remove another tenant's entries, nor any other table's rows.
            assertThat(sql.executeUpdate("delete from change_log where tenant = '" + BENS_TENANT + "'")).isZero();
            assertThat(sql.executeUpdate("update change_log set state = null where tenant = '" + BENS_TENANT + "'")).isZero();
            assertThat(count(db, "select count(*) from sales_order where tenant = '" + BENS_TENANT + "'")).isZero();
            db.commit();
            // Transaction-local: the next transaction sees the bound tenant's entries again.
            assertThat(count(db, "select count(*) from change_log where tenant = '" + BENS_TENANT + "'")).isZero();
            db.commit();
        }
        try (Connection db = superuser()) {
            assertThat(count(db, "select count(*) from change_log where tenant = '" + BENS_TENANT + "' and state is not null"))
                    .isPositive();
        }
    }

    @Test
    void aStatementWithoutTenantConditionWritesOnlyTheBoundTenantsRows() throws SQLException {
        long bensOrders;
        long bensItems;
        try (Connection db = superuser()) {
            bensOrders = count(db, "select count(*) from sales_order where tenant = '" + BENS_TENANT + "'");
            bensItems = count(db, "select count(*) from sales_order_item where tenant = '" + BENS_TENANT + "'");
        }
        try (Connection db = platformUser(); Statement sql = db.createStatement()) {
            db.setAutoCommit(false);
            bind(db, ANNAS_TENANT);
            assertThat(sql.executeUpdate("update sales_order set note = 'overwritten' where tenant = '" + BENS_TENANT + "'")).isZero();
            assertThat(sql.executeUpdate("delete from sales_order_item where tenant = '" + BENS_TENANT + "'")).isZero();
            assertThat(sql.executeUpdate("delete from business_partner_address where partner_id in"
                    + " (select id from business_partner where tenant = '" + BENS_TENANT + "')")).isZero();
            db.commit();
            // A row written for another tenant, or moved to one, is refused.
            assertThatThrownBy(() -> sql.execute("insert into cost_center (id, tenant, version, cost_center_number, name, active)"
                    + " values (nextval('cost_center_seq'), '" + BENS_TENANT + "', 0, 'RLS-1', 'Planted', true)"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("row-level security");
            db.rollback();
            assertThatThrownBy(() -> sql.executeUpdate("update sales_order set tenant = '" + BENS_TENANT + "'"
                    + " where id = (select min(id) from sales_order)"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("row-level security");
            db.rollback();
        }
        try (Connection db = superuser()) {
            assertThat(count(db, "select count(*) from sales_order where tenant = '" + BENS_TENANT + "'")).isEqualTo(bensOrders);
            assertThat(count(db, "select count(*) from sales_order_item where tenant = '" + BENS_TENANT + "'")).isEqualTo(bensItems);
            assertThat(count(db, "select count(*) from sales_order where note = 'overwritten'")).isZero();
        }
    }

    /**
     * What the platform's statements look like to PostgreSQL: in the run that leaves isolation to the database
     * alone, they carry a tenant condition that admits every tenant ({@code tenant = ? or tenant <> ?}); otherwise
     * each alias is restricted to the caller's tenant. Anna's attempt on Ben's order is refused either way.
     */
    @Test
    void theStatementsOfTheRunAreWhatThisRunClaims() throws SQLException {
        boolean databaseAlone = "database-alone".equals(System.getProperty("it.isolation"));
        long bensOrder = as(BEN).get("SalesOrders?$top=1&$select=ID").rows().get(0).path("ID").asLong();
        try (Connection db = superuser(); Statement sql = db.createStatement()) {
            sql.execute("create extension if not exists pg_stat_statements");
            sql.execute("select pg_stat_statements_reset()");
            assertThat(as(ANNA).get("SalesOrders(" + bensOrder + ")").status()).isEqualTo(404);
            assertThat(as(ANNA).get("SalesOrders?$filter=ID eq " + bensOrder + "&$select=ID").rows()).isEmpty();
            List<String> statements = new ArrayList<>();
            try (ResultSet rows = sql.executeQuery("select query from pg_stat_statements"
                    + " where query like '%from sales_order %' and query not like '%pg_stat_statements%'")) {
                while (rows.next()) {
                    statements.add(rows.getString(1));
                }
            }
            assertThat(statements).as("the platform's statements on sales_order").isNotEmpty();
            if (databaseAlone) {
                assertThat(statements).allSatisfy(statement -> assertThat(statement).containsPattern("tenant<>\\$\\d"));
            } else {
                assertThat(statements).noneSatisfy(statement -> assertThat(statement).contains("tenant<>"));
            }
        }
    }
}
