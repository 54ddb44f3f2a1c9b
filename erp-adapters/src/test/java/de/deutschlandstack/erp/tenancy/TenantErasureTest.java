package de.deutschlandstack.erp.tenancy;

import de.deutschlandstack.core.changes.ChangeCapture;
import de.deutschlandstack.core.schema.SchemaMigrations;
import de.deutschlandstack.core.tenancy.Caller;
import de.deutschlandstack.core.tenancy.CurrentCaller;
import de.deutschlandstack.core.tenancy.DatabaseTenantEraser;
import de.deutschlandstack.erp.codelists.Country;
import de.deutschlandstack.erp.codelists.Currency;
import de.deutschlandstack.erp.codelists.TaxCode;
import de.deutschlandstack.erp.codelists.UnitOfMeasure;
import de.deutschlandstack.erp.partners.Address;
import de.deutschlandstack.erp.partners.BusinessPartner;
import de.deutschlandstack.erp.partners.ContactPerson;
import de.deutschlandstack.erp.products.Product;
import de.deutschlandstack.erp.products.ProductCategory;
import de.deutschlandstack.erp.sales.SalesOrder;
import de.deutschlandstack.erp.schema.ErpPersistence;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Offboarding's database eraser takes every row of the tenant from every table, in an order the foreign keys accept
 * (a category tree that refers to itself, items under orders, addresses without a tenant column of their own, the change
 * log, the users), and not one row of another tenant.
 */
class TenantErasureTest {

    private static final String URL = "jdbc:h2:mem:erasure;DB_CLOSE_DELAY=-1";
    private static SessionFactory factory;

    @BeforeAll
    static void twoTenantsWithAWholeBusiness() throws SQLException {
        factory = ErpPersistence.start(URL, Map.of(SchemaMigrations.LOCATIONS, ErpPersistence.MIGRATIONS,
                "hibernate.hbm2ddl.auto", "validate", ChangeCapture.ENABLED, "true"));
        for (String tenant : new String[]{"t1", "t2"}) {
            CurrentCaller.runAsUnchecked(Caller.system(tenant), () -> {
                try (Session session = factory.openSession()) {
                    session.beginTransaction();
                    session.persist(new Currency("EUR", "Euro", 2));
                    session.persist(new UnitOfMeasure("C62", "Stück"));
                    session.persist(new Country("DE", "Deutschland", true));
                    session.persist(new TaxCode("V19", "Vorsteuer", new BigDecimal("19"), TaxCode.Direction.INPUT, "3400", "1576"));
                    TaxCode u19 = new TaxCode("U19", "USt", new BigDecimal("19"), TaxCode.Direction.OUTPUT, "8400", "1776");
                    session.persist(u19);
                    BusinessPartner customer = new BusinessPartner("BP-1", "Kunde " + tenant, BusinessPartner.Role.CUSTOMER)
                            .deliveringTo(new Address(Address.Purpose.DELIVERY, "Marienplatz 1", "80331", "München", "DE"));
                    session.persist(customer);
                    session.persist(new ContactPerson(customer, "Erika", "Mustermann", "Einkauf").reachableAt("erika@example.org", "+49 89 1"));
                    ProductCategory root = new ProductCategory("Alles");
                    session.persist(root);
                    ProductCategory leaf = new ProductCategory("Schrauben").under(root);
                    session.persist(leaf);
                    Product product = new Product("P-1", "Schraube", new BigDecimal("0.10"), "C62").inCategory(leaf);
                    session.persist(product);
                    SalesOrder order = new SalesOrder("SO-1", customer, LocalDate.of(2026, 11, 27));
                    order.addItem(product, BigDecimal.TEN, u19);
                    session.persist(order);
                    session.getTransaction().commit();
                }
                return null;
            });
        }
        execute("insert into platform_user (user_name, tenant, password_hash, roles, enabled) values"
                + " ('a@t1', 't1', 'x', 'business-user', true), ('b@t2', 't2', 'x', 'business-user', true)");
        // More change-log rows than two of the eraser's chunks: it must go on until none is left.
        execute("insert into change_log (seq, tenant, entity_set, entity_key, operation, state, changed_at, changed_by)"
                + " select 1000000 + x, 't1', 'CostCenters', 'bulk-' || x, 'UPDATED', null, current_timestamp, 'a@t1'"
                + " from system_range(1, " + (2 * DatabaseTenantEraser.CHUNK + 1) + ")");
        execute("insert into platform_tenant (tenant, display_name, status, created_at, status_changed_at) values"
                + " ('t1', 'Eins', 'OFFBOARDING', current_timestamp, current_timestamp),"
                + " ('t2', 'Zwei', 'ACTIVE', current_timestamp, current_timestamp)");
    }

    @AfterAll
    static void stop() {
        factory.close();
    }

    @Test
    void everyRowOfTheTenantGoesAndEveryRowOfAnotherStays() throws SQLException {
        Map<String, Integer> t1Before = rowsPerTable("t1");
        Map<String, Integer> t2Before = rowsPerTable("t2");
        for (String planted : new String[]{"sales_order_item", "sales_order", "product", "product_category", "contact_person",
                "business_partner", "tax_code", "currency", "change_log", "platform_user"}) {
            assertThat(t1Before.get(planted)).as(planted).isPositive();
        }
        assertThat(t1Before.get("change_log")).isGreaterThan(2 * DatabaseTenantEraser.CHUNK);
        int addressesBefore = count("select count(*) from business_partner_address");

        try (Connection connection = DriverManager.getConnection(URL, "sa", "")) {
            connection.setAutoCommit(false);
            Map<String, Integer> erased = DatabaseTenantEraser.eraseTenant(connection, "t1");
            connection.commit();
            assertThat(erased).isEqualTo(t1Before);
        }

        assertThat(rowsPerTable("t1").values()).allSatisfy(rows -> assertThat(rows).isZero());
        assertThat(rowsPerTable("t2")).isEqualTo(t2Before);
        assertThat(count("select count(*) from business_partner_address")).isEqualTo(addressesBefore - 1);
        // The registry row stays: the tombstone.
        assertThat(count("select count(*) from platform_tenant where tenant = 't1'")).isOne();

        // Erasing again (a resumed offboarding) finds nothing and fails on nothing.
        try (Connection connection = DriverManager.getConnection(URL, "sa", "")) {
            assertThat(DatabaseTenantEraser.eraseTenant(connection, "t1").values()).allSatisfy(rows -> assertThat(rows).isZero());
        }
    }

    /** Rows of the tenant in every table that has a tenant column (the registry excepted), by table. */
    private static Map<String, Integer> rowsPerTable(String tenant) throws SQLException {
        Map<String, Integer> rows = new TreeMap<>();
        try (Connection connection = DriverManager.getConnection(URL, "sa", "");
             ResultSet tables = connection.getMetaData().getColumns(null, "PUBLIC", null, "TENANT")) {
            while (tables.next()) {
                String table = tables.getString("TABLE_NAME").toLowerCase();
                if (!table.equals("platform_tenant")) {
                    rows.put(table, count("select count(*) from " + table + " where tenant = '" + tenant + "'"));
                }
            }
        }
        return rows;
    }

    private static int count(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(URL, "sa", "");
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getInt(1);
        }
    }

    private static void execute(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(URL, "sa", "");
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
