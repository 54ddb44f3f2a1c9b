package de.deutschlandstack.erp.schema;

import de.deutschlandstack.core.schema.SchemaMigrations;
import org.hibernate.SessionFactory;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The versioned migrations are the schema: a new database gets exactly what the entities declare, a database the
 * foundation created with Hibernate's update is brought to the same schema with its data intact, and Hibernate
 * validates both. When the entities change and no migration follows, these tests fail and show the difference.
 */
class SchemaMigrationsTest {

    /**
     * Tables the platform writes with SQL of its own, not through entities: the change log and the lake's erasures
     * (core.changes), the changes of shared facts (core.cluster).
     */
    private static final java.util.Set<String> WITHOUT_ENTITY = java.util.Set.of("change_log", "change_log_position",
            "platform_shared_fact_change", "lake_erasure");

    private static final Map<String, String> MIGRATED = Map.of(
            SchemaMigrations.LOCATIONS, ErpPersistence.MIGRATIONS,
            "hibernate.hbm2ddl.auto", "validate");

    @Test
    void migrationsBuildTheSchemaTheEntitiesDeclare() throws SQLException {
        String migrated = "jdbc:h2:mem:migrated;DB_CLOSE_DELAY=-1";
        String declared = "jdbc:h2:mem:declared;DB_CLOSE_DELAY=-1";
        ErpPersistence.start(migrated, MIGRATED).close();
        ErpPersistence.start(declared, Map.of("hibernate.hbm2ddl.auto", "create")).close();

        assertSameSchema(snapshot(migrated), snapshot(declared));
    }

    @Test
    void foundationDatabaseUpgradesWithItsDataIntact() throws SQLException {
        String foundation = "jdbc:h2:mem:foundation;DB_CLOSE_DELAY=-1";
        try (Connection connection = DriverManager.getConnection(foundation, "sa", "");
             Statement statement = connection.createStatement()) {
            statement.execute("runscript from 'classpath:foundation-database/h2.sql'");
        }
        Map<String, String> before = facts(foundation);

        ErpPersistence.start(foundation, MIGRATED).close();

        assertThat(facts(foundation)).isEqualTo(before);
        assertSameSchema(snapshot(foundation), snapshot(declaredSchema()));
        try (Connection connection = DriverManager.getConnection(foundation, "sa", "");
             Statement statement = connection.createStatement()) {
            // The foundation's orders are now taxed at 19 %: SM-000001's net 4,207.09 carries 799.35 VAT.
            assertThat(single(statement, "select tax_amount || '/' || gross_amount from sales_order"
                    + " where tenant = 'stadt-muenchen' and order_number = 'SM-000001'"))
                    .isEqualTo(single(statement, "select round(net_amount * 0.19, 2) || '/' || (net_amount + round(net_amount * 0.19, 2))"
                            + " from sales_order where tenant = 'stadt-muenchen' and order_number = 'SM-000001'"));
            // Both tenants have their code lists and chart of accounts, and the codes their rows hold are in them.
            assertThat(single(statement, "select count(*) from tax_code where tenant = 'bayern-werke'")).isEqualTo("6");
            assertThat(single(statement, "select count(*) from gl_account where tenant = 'stadt-muenchen'")).isEqualTo("15");
            assertThat(single(statement, "select count(*) from \"schema_history\" where \"version\" = '2.3' and \"success\""))
                    .isEqualTo("1");
            // Taken as the foundation's version, not rebuilt.
            assertThat(single(statement, "select count(*) from \"schema_history\" where \"type\" = 'BASELINE' and \"version\" = '1.1'"))
                    .isEqualTo("1");
        }
    }

    @Test
    void migratingAgainChangesNothing() throws SQLException {
        String database = "jdbc:h2:mem:again;DB_CLOSE_DELAY=-1";
        ErpPersistence.start(database, MIGRATED).close();
        TreeSet<String> once = snapshot(database);
        try (SessionFactory again = ErpPersistence.start(database, MIGRATED)) {
            assertThat(snapshot(database)).isEqualTo(once);
        }
    }

    private static String declaredSchema() {
        String declared = "jdbc:h2:mem:declared-for-upgrade;DB_CLOSE_DELAY=-1";
        ErpPersistence.start(declared, Map.of("hibernate.hbm2ddl.auto", "create")).close();
        return declared;
    }

    /** Row counts of the foundation's tables and a fingerprint of their values. */
    private static Map<String, String> facts(String url) throws SQLException {
        Map<String, String> facts = new LinkedHashMap<>();
        try (Connection connection = DriverManager.getConnection(url, "sa", "");
             Statement statement = connection.createStatement()) {
            facts.put("partners", single(statement, "select count(*) || ':' || sum(id) || ':' || max(name) || ':' || min(vat_id)"
                    + " || ':' || count(distinct role) from business_partner"));
            facts.put("products", single(statement, "select count(*) || ':' || sum(unit_price) || ':' || max(name) from product"));
            facts.put("orders", single(statement, "select count(*) || ':' || sum(net_amount) || ':' || sum(customer_id)"
                    + " || ':' || count(distinct status) || ':' || max(order_date) from sales_order"));
            facts.put("items", single(statement, "select count(*) || ':' || sum(net_amount) || ':' || sum(quantity)"
                    + " || ':' || sum(order_id) from sales_order_item"));
            facts.put("users", single(statement, "select count(*) || ':' || max(password_hash) from platform_user"));
        }
        return facts;
    }

    private static String single(Statement statement, String query) throws SQLException {
        try (ResultSet rows = statement.executeQuery(query)) {
            rows.next();
            return rows.getString(1);
        }
    }

    private static TreeSet<String> normalizeEnums(TreeSet<String> lines, TreeSet<String> enumColumns) {
        TreeSet<String> normalized = new TreeSet<>();
        for (String line : lines) {
            String column = line.replaceFirst(" (enum\\(.*\\)|varchar\\(\\d+\\))( not null| null)$", "");
            normalized.add(enumColumns.contains(column) ? line.replaceFirst(" (enum\\(.*\\)|varchar\\(\\d+\\))( not null| null)$", " enum$2") : line);
        }
        return normalized;
    }

    private static TreeSet<String> snapshot(String url) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, "sa", "")) {
            return SchemaSnapshot.of(connection);
        }
    }

    /**
     * Hibernate declares enum attributes as native {@code ENUM} columns on H2 (on PostgreSQL as {@code varchar} with a
     * check); the migrations write {@code varchar} with a check on both. Such a column counts as the same.
     */
    private static void assertSameSchema(TreeSet<String> migrated, TreeSet<String> declared) {
        TreeSet<String> enums = new TreeSet<>();
        for (String line : declared) {
            int type = line.indexOf(" enum(");
            if (type > 0) {
                enums.add(line.substring(0, type));
            }
        }
        for (String table : WITHOUT_ENTITY) {
            assertThat(migrated).as("the migrations create " + table).anyMatch(line -> line.startsWith("table " + table + " "));
        }
        migrated = normalizeEnums(migrated, enums);
        migrated.removeIf(line -> WITHOUT_ENTITY.stream().anyMatch(table -> line.startsWith("table " + table + " ")));
        declared = normalizeEnums(declared, enums);
        TreeSet<String> missing = new TreeSet<>(declared);
        missing.removeAll(migrated);
        TreeSet<String> extra = new TreeSet<>(migrated);
        extra.removeAll(declared);
        assertThat(String.join("\n", missing)).as("declared by the entities but not migrated").isEmpty();
        assertThat(String.join("\n", extra)).as("migrated but not declared by the entities").isEmpty();
    }
}
