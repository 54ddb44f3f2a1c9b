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

/** What a change set keeps managed between its requests ({@link ChangeSets#settle()}). */
class ChangeSetsTest {

    private static final Caller ALICE = new Caller("alice", "t1", Set.of());
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
}
