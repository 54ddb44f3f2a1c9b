package de.deutschlandstack.core.odata;

import de.deutschlandstack.core.odata.testmodel.Customer;
import de.deutschlandstack.core.odata.testmodel.Order;
import de.deutschlandstack.core.tenancy.Caller;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** What a change set flushes and keeps managed between its requests ({@link ChangeSets#settle()}). */
class ChangeSetsTest {

    private static final Caller ALICE = new Caller("alice", "t1", Set.of(de.deutschlandstack.core.security.PlatformRoles.BUSINESS_USER));
    private static QueryFixture fixture;

    @BeforeAll
    static void start() {
        fixture = new QueryFixture();
    }

    @AfterAll
    static void close() {
        fixture.close();
    }

    @Test
    void settlingFlushesAndDetachesWhatHasItsCollectionsLoaded() {
        Long loadedId = fixture.write(ALICE, em -> {
            Order order = new Order("CS-1", BigDecimal.ONE, LocalDate.of(2026, 1, 1), Order.Status.OPEN, null).line(2);
            em.persist(order);
            return order.getId();
        });
        fixture.write(ALICE, em -> {
            ChangeSets changeSets = new ChangeSets();
            changeSets.em = em;
            changeSets.transaction = new TransactionResources();
            Customer created = new Customer("Settled", "Köln");
            em.persist(created);
            Order loaded = em.find(Order.class, loadedId);
            assertThat(em.getEntityManagerFactory().getPersistenceUnitUtil().isLoaded(loaded, "lines")).isFalse();

            changeSets.settle();

            // Flushed, then detached: a later request reads it afresh.
            assertThat(em.contains(created)).isFalse();
            assertThat(em.find(Customer.class, created.getId())).isNotNull().isNotSameAs(created);
            // Its lines are not loaded: detached, it could not load them any more (the change log reads them at commit).
            assertThat(em.contains(loaded)).isTrue();
            return null;
        });
    }

    @Test
    void aDeferringSetFlushesItsCreatesEveryHundredRequests() {
        fixture.write(ALICE, em -> {
            ChangeSets changeSets = new ChangeSets();
            changeSets.em = em;
            changeSets.transaction = new TransactionResources();
            changeSets.defer();
            assertThat(changeSets.defersCreates()).isTrue();
            Customer first = new Customer("Deferred 1", "Köln");
            em.persist(first);
            for (int request = 1; request < ChangeSets.FLUSH_EVERY; request++) {
                changeSets.settle();
            }
            // Not flushed yet: still managed, its INSERT still queued.
            assertThat(em.contains(first)).isTrue();
            assertThat(em.unwrap(org.hibernate.engine.spi.SessionImplementor.class).getActionQueue().numberOfInsertions()).isOne();

            changeSets.settle();

            assertThat(em.contains(first)).isFalse();
            assertThat(rows(em, "Deferred 1")).isOne();
            return null;
        });
    }

    private static long rows(jakarta.persistence.EntityManager em, String name) {
        return ((Number) em.createNativeQuery("select count(*) from test_customer where name = ?1")
                .setParameter(1, name).getSingleResult()).longValue();
    }

    /** The resources of one transaction, as the server's registry keeps them; nothing else of it is used here. */
    private static final class TransactionResources implements jakarta.transaction.TransactionSynchronizationRegistry {
        private final java.util.Map<Object, Object> resources = new java.util.HashMap<>();

        @Override
        public Object getTransactionKey() {
            return this;
        }

        @Override
        public void putResource(Object key, Object value) {
            resources.put(key, value);
        }

        @Override
        public Object getResource(Object key) {
            return resources.get(key);
        }

        @Override
        public void registerInterposedSynchronization(jakarta.transaction.Synchronization sync) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int getTransactionStatus() {
            return jakarta.transaction.Status.STATUS_ACTIVE;
        }

        @Override
        public void setRollbackOnly() {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean getRollbackOnly() {
            return false;
        }
    }
}
