package de.deutschlandstack.erp.changes;

import de.deutschlandstack.core.changes.ChangeCapture;
import de.deutschlandstack.core.schema.SchemaMigrations;
import de.deutschlandstack.core.tenancy.Caller;
import de.deutschlandstack.core.tenancy.CurrentCaller;
import de.deutschlandstack.erp.codelists.Country;
import de.deutschlandstack.erp.codelists.Currency;
import de.deutschlandstack.erp.codelists.TaxCode;
import de.deutschlandstack.erp.codelists.UnitOfMeasure;
import de.deutschlandstack.erp.partners.Address;
import de.deutschlandstack.erp.partners.BusinessPartner;
import de.deutschlandstack.erp.products.Product;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The transactional change log: one entry per business object and committed transaction, whatever wrote it, with
 * the rows the database deletes by itself, and nothing for a transaction that rolled back.
 */
class ChangeLogTest {

    private static final String URL = "jdbc:h2:mem:changes;DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=20000";
    private static SessionFactory factory;
    private static TaxCode u19;

    @BeforeAll
    static void start() {
        factory = ErpPersistence.start(URL, Map.of(SchemaMigrations.LOCATIONS, ErpPersistence.MIGRATIONS,
                "hibernate.hbm2ddl.auto", "validate", ChangeCapture.ENABLED, "true"));
        u19 = write(session -> {
            session.persist(new Currency("EUR", "Euro", 2));
            session.persist(new UnitOfMeasure("C62", "Stück"));
            session.persist(new Country("DE", "Deutschland", true));
            session.persist(new TaxCode("V19", "Vorsteuer", new BigDecimal("19"), TaxCode.Direction.INPUT, "3400", "1576"));
            TaxCode code = new TaxCode("U19", "USt", new BigDecimal("19"), TaxCode.Direction.OUTPUT, "8400", "1776");
            session.persist(code);
            return code;
        });
    }

    @AfterAll
    static void stop() {
        factory.close();
    }

    @Test
    void eachCommittedObjectGetsOneEntryWithItsState() throws SQLException {
        long before = position();
        SalesOrder order = write(session -> {
            BusinessPartner customer = new BusinessPartner("BP-1", "Kunde", BusinessPartner.Role.CUSTOMER);
            session.persist(customer);
            Product product = new Product("P-1", "Ware", new BigDecimal("10.00"), "C62");
            session.persist(product);
            SalesOrder created = new SalesOrder("SO-1", customer, LocalDate.of(2026, 11, 26));
            created.addItem(product, new BigDecimal("3"), u19);
            created.addItem(product, new BigDecimal("1"), u19);
            session.persist(created);
            created.moveTo(SalesOrder.Status.RELEASED); // changed again in the same transaction: still one entry
            return created;
        });
        List<String> entries = entriesAfter(before);
        assertThat(entries).containsExactly("BusinessPartners CREATED", "Products CREATED", "SalesOrders CREATED",
                "SalesOrderItems CREATED", "SalesOrderItems CREATED");
        String state = stateOf("SalesOrders", String.valueOf(order.getId()));
        assertThat(state).contains("\"status\":\"RELEASED\"", "\"netAmount\":40.00", "\"orderNumber\":\"SO-1\"",
                "\"customer\":" + order.getCustomer().getId()).doesNotContain("tenant", "items");
        assertThat(contiguousAfter(before)).isTrue();
    }

    @Test
    void codeListsAreLoggedByTheirCode() throws SQLException {
        long before = position();
        write(session -> {
            session.persist(new Currency("CHF", "Franken", 2));
            return null;
        });
        assertThat(keysAfter(before)).containsExactly("Currencies CHF");
    }

    @Test
    void deletingAnOrderLogsTheItemsTheDatabaseDeletesWithIt() throws SQLException {
        SalesOrder order = orderWithTwoItems("SO-2");
        long before = position();
        write(session -> {
            session.remove(session.get(SalesOrder.class, order.getId()));
            return null;
        });
        assertThat(entriesAfter(before)).containsExactlyInAnyOrder("SalesOrderItems DELETED", "SalesOrderItems DELETED",
                "SalesOrders DELETED");
        try (Connection connection = DriverManager.getConnection(URL, "sa", "");
             Statement sql = connection.createStatement();
             ResultSet rows = sql.executeQuery("select count(*) from sales_order_item where order_id = " + order.getId())) {
            rows.next();
            assertThat(rows.getInt(1)).isZero();
        }
    }

    @Test
    void anObjectCreatedAndDeletedInOneTransactionLeavesNoEntry() throws SQLException {
        long before = position();
        write(session -> {
            BusinessPartner passing = new BusinessPartner("BP-GONE", "Gone", BusinessPartner.Role.SUPPLIER);
            session.persist(passing);
            session.flush();
            session.remove(passing);
            return null;
        });
        assertThat(entriesAfter(before)).isEmpty();
        assertThat(position()).isEqualTo(before);
    }

    @Test
    void aRolledBackTransactionLeavesNoEntry() throws SQLException {
        long before = position();
        CurrentCaller.runAsUnchecked(Caller.system("t1"), () -> {
            try (Session session = factory.openSession()) {
                session.beginTransaction();
                session.persist(new BusinessPartner("BP-RB", "Rolled back", BusinessPartner.Role.CUSTOMER));
                session.flush();
                session.getTransaction().rollback();
            }
            return null;
        });
        assertThat(entriesAfter(before)).isEmpty();
        assertThat(position()).isEqualTo(before);
    }

    @Test
    void aPartnersAddressesArePartOfItsState() throws SQLException {
        BusinessPartner partner = write(session -> {
            BusinessPartner created = new BusinessPartner("BP-ADR", "Mit Adresse", BusinessPartner.Role.CUSTOMER);
            session.persist(created);
            return created;
        });
        long before = position();
        write(session -> {
            session.get(BusinessPartner.class, partner.getId())
                    .deliveringTo(new Address(Address.Purpose.DELIVERY, "Hauptstraße 1", "80331", "München", "DE"));
            return null;
        });
        assertThat(entriesAfter(before)).containsExactly("BusinessPartners UPDATED");
        assertThat(stateOf("BusinessPartners", String.valueOf(partner.getId()))).contains("\"street\":\"Hauptstraße 1\"");
    }

    @Test
    void sequenceNumbersFollowTheOrderOfCommitsSoAReaderNeverSkipsOne() throws Exception {
        long before = position();
        java.util.concurrent.CountDownLatch firstHoldsThePosition = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch letFirstCommit = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            // The first transaction has taken its numbers (it holds the position row) but has not committed yet.
            java.util.concurrent.Future<?> first = threads.submit(() -> CurrentCaller.runAsUnchecked(Caller.system("t1"), () -> {
                try (Session session = factory.openSession()) {
                    session.beginTransaction();
                    session.persist(new BusinessPartner("BP-FIRST", "Zuerst", BusinessPartner.Role.CUSTOMER));
                    session.flush();
                    session.createNativeMutationQuery("update change_log_position set last_seq = last_seq where id = 1").executeUpdate();
                    firstHoldsThePosition.countDown();
                    letFirstCommit.await();
                    session.getTransaction().commit();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                return null;
            }));
            firstHoldsThePosition.await();
            // The second commits meanwhile: it waits for the position, so a reader sees neither of them yet.
            java.util.concurrent.Future<?> second = threads.submit(() -> write(session -> {
                session.persist(new BusinessPartner("BP-SECOND", "Danach", BusinessPartner.Role.CUSTOMER));
                return null;
            }));
            Thread.sleep(500);
            assertThat(second.isDone()).isFalse();
            assertThat(entriesAfter(before)).isEmpty();
            letFirstCommit.countDown();
            first.get(30, java.util.concurrent.TimeUnit.SECONDS);
            second.get(30, java.util.concurrent.TimeUnit.SECONDS);
        } finally {
            letFirstCommit.countDown();
            threads.shutdownNow();
        }
        // Committed first, numbered first: the first partner's entry precedes the second's, without a gap.
        assertThat(query("select entity_key from change_log where seq > " + before + " order by seq")).hasSize(2);
        assertThat(query("select p.partner_number from change_log c join business_partner p on cast(p.id as varchar) = c.entity_key"
                + " where c.seq > " + before + " order by c.seq")).containsExactly("BP-FIRST", "BP-SECOND");
        assertThat(contiguousAfter(before)).isTrue();
    }

    private SalesOrder orderWithTwoItems(String number) {
        return write(session -> {
            BusinessPartner customer = new BusinessPartner("BP-" + number, "Kunde " + number, BusinessPartner.Role.CUSTOMER);
            session.persist(customer);
            Product product = new Product("P-" + number, "Ware", new BigDecimal("2.50"), "C62");
            session.persist(product);
            SalesOrder order = new SalesOrder(number, customer, LocalDate.of(2026, 11, 26));
            order.addItem(product, BigDecimal.ONE, u19);
            order.addItem(product, BigDecimal.TEN, u19);
            session.persist(order);
            return order;
        });
    }

    private static <T> T write(Function<Session, T> work) {
        return CurrentCaller.runAsUnchecked(Caller.system("t1"), () -> {
            try (Session session = factory.openSession()) {
                session.beginTransaction();
                T result = work.apply(session);
                session.getTransaction().commit();
                return result;
            }
        });
    }

    private static long position() throws SQLException {
        try (Connection connection = DriverManager.getConnection(URL, "sa", "");
             Statement sql = connection.createStatement();
             ResultSet rows = sql.executeQuery("select last_seq from change_log_position")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static List<String> entriesAfter(long seq) throws SQLException {
        return query("select entity_set || ' ' || operation from change_log where seq > " + seq + " order by seq");
    }

    private static List<String> keysAfter(long seq) throws SQLException {
        return query("select entity_set || ' ' || entity_key from change_log where seq > " + seq + " order by seq");
    }

    private static String stateOf(String set, String key) throws SQLException {
        return query("select state from change_log where entity_set = '" + set + "' and entity_key = '" + key
                + "' order by seq desc limit 1").get(0);
    }

    private static boolean contiguousAfter(long seq) throws SQLException {
        List<String> row = query("select count(*) || ':' || (max(seq) - min(seq) + 1) from change_log where seq > " + seq);
        String[] counts = row.get(0).split(":");
        return counts[0].equals(counts[1]);
    }

    private static List<String> query(String query) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(URL, "sa", "");
             Statement sql = connection.createStatement();
             ResultSet rows = sql.executeQuery(query)) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }
}
