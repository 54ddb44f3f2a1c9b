package de.deutschlandstack.core.odata;

import de.deutschlandstack.core.events.BusinessRuleViolation;
import de.deutschlandstack.core.events.ChangeEvent;
import de.deutschlandstack.core.events.ChangeKind;
import de.deutschlandstack.core.events.PendingChange;
import de.deutschlandstack.core.odata.TargetResolution.Target;
import de.deutschlandstack.core.odata.query.EntityQueries;
import de.deutschlandstack.core.tenancy.Caller;
import jakarta.persistence.EntityManager;
import org.apache.olingo.commons.api.data.Entity;
import org.apache.olingo.commons.api.data.Property;
import org.apache.olingo.commons.api.data.ValueType;
import org.apache.olingo.server.api.ODataApplicationException;
import org.apache.olingo.server.api.ODataLibraryException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each write announces itself exactly once, lets business rules refuse it, and tells observers what changed. */
class EntityWriterTest {

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

    private record Recorded(List<PendingChange> pending, List<ChangeEvent> events) {
    }

    /** Runs the work with a writer whose hooks record (and optionally refuse) what they see. */
    private static Recorded write(Consumer<PendingChange> rule, WriterWork work) {
        return write(ALICE, rule, work);
    }

    private static Recorded write(Caller caller, Consumer<PendingChange> rule, WriterWork work) {
        Recorded recorded = new Recorded(new ArrayList<>(), new ArrayList<>());
        WriteHooks hooks = new WriteHooks() {
            @Override
            public void before(PendingChange change) {
                recorded.pending().add(change);
                rule.accept(change);
            }

            @Override
            public void after(ChangeEvent event) {
                recorded.events().add(event);
            }
        };
        fixture.write(caller, em -> {
            EntityQueries queries = new EntityQueries(em, fixture.service);
            EntityMapping mapping = new EntityMapping(QueryFixture.ODATA, fixture.service.namespace());
            TargetResolution targets = new TargetResolution(fixture.service, queries, mapping);
            EntityWriter writer = new EntityWriter(QueryFixture.ODATA, fixture.metadata, fixture.service, em, queries, 100, mapping,
                    targets, hooks);
            try {
                work.run(writer, targets, em);
            } catch (ODataApplicationException e) {
                throw new IllegalStateException(e.getStatusCode() + " " + e.getMessage(), e);
            } catch (ODataLibraryException e) {
                throw new IllegalStateException(e);
            }
            return null;
        });
        return recorded;
    }

    private interface WriterWork {
        void run(EntityWriter writer, TargetResolution targets, EntityManager em) throws ODataApplicationException, ODataLibraryException;
    }

    private static Entity customer(String name, String city) {
        Entity entity = new Entity();
        entity.addProperty(new Property(null, "Name", ValueType.PRIMITIVE, name));
        entity.addProperty(new Property(null, "City", ValueType.PRIMITIVE, city));
        return entity;
    }

    @Test
    void createUpdateAndDeleteEachFireOneEventWithThePreviousState() {
        Recorded recorded = write(change -> { }, (writer, targets, em) -> {
            Target customers = targets.resolve(fixture.parse("Customers", ""));
            Object created = writer.create(customers, customer("Huber", "München"), "http://host/odata/v4/test");
            Object id = fixture.service.entitySet("Customers").orElseThrow().key().read(created);
            Target one = targets.resolve(fixture.parse("Customers(" + id + ")", ""));
            assertThatThrownBy(() -> writer.delete(one, null, null)).isInstanceOf(ODataApplicationException.class)
                    .satisfies(e -> assertThat(((ODataApplicationException) e).getStatusCode()).isEqualTo(428));
            writer.update(one, customer("Huber", "Passau"), List.of("W/\"0\""), null, false, "http://host/odata/v4/test");
            writer.delete(one, List.of("*"), null);
        });
        assertThat(recorded.events()).extracting(ChangeEvent::kind)
                .containsExactly(ChangeKind.CREATED, ChangeKind.UPDATED, ChangeKind.DELETED);
        assertThat(recorded.pending()).hasSize(3);
        assertThat(recorded.events().get(0).previous().isEmpty()).isTrue();
        assertThat(recorded.events().get(1).previous().get("city")).contains("München");
        assertThat(recorded.events().get(2).previous().get("city")).contains("Passau");
        assertThat(recorded.events()).allSatisfy(event -> assertThat(event.tenant()).isEqualTo("t1"));
    }

    @Test
    void aBusinessRuleRefusesTheWriteAsTheClientsError() {
        assertThatThrownBy(() -> write(change -> {
            throw new BusinessRuleViolation("CREDIT_LIMIT", "The customer is over the credit limit");
        }, (writer, targets, em) -> ErrorMapping.run(() ->
                writer.create(targets.resolve(fixture.parse("Customers", "")), customer("Maier", "Augsburg"), "http://host"))))
                .hasMessage("400 The customer is over the credit limit")
                .cause().satisfies(e -> assertThat(((ODataApplicationException) e).getODataErrorCode()).isEqualTo("CREDIT_LIMIT"));
    }

    @Test
    void queriesRefuseAPersistenceContextOfAnotherTenant() {
        Caller bob = new Caller("bob", "t2", Set.of(de.deutschlandstack.core.security.PlatformRoles.BUSINESS_USER));
        assertThatThrownBy(() -> fixture.write(ALICE, em -> de.deutschlandstack.core.tenancy.CurrentCaller.runAsUnchecked(bob,
                () -> new EntityQueries(em, fixture.service))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("another tenant");
    }

    @Test
    void aReadOnlyCallerChangesNothingAndIsToldWhichRolesMay() {
        Caller reader = new Caller("rita", "t1", Set.of(de.deutschlandstack.core.security.PlatformRoles.READ_ONLY));
        Recorded recorded = new Recorded(new ArrayList<>(), new ArrayList<>());
        assertThatThrownBy(() -> write(reader, recorded.pending()::add, (writer, targets, em) -> ErrorMapping.run(() ->
                writer.create(targets.resolve(fixture.parse("Orders", "")), new Entity(), "http://host"))))
                .hasMessage("403 Changing Orders needs one of the roles business-user, tenant-admin");
        assertThat(recorded.pending()).isEmpty();
    }

    @Test
    void aWriteForAnotherTenantThanThePersistenceContextsFailsLoudly() {
        Caller bob = new Caller("bob", "t2", Set.of(de.deutschlandstack.core.security.PlatformRoles.BUSINESS_USER));
        assertThatThrownBy(() -> fixture.write(ALICE, em -> {
            em.find(de.deutschlandstack.core.odata.testmodel.Customer.class, -1L); // the context now belongs to t1
            return de.deutschlandstack.core.tenancy.CurrentCaller.runAsUnchecked(bob, () -> {
                em.persist(new de.deutschlandstack.core.odata.testmodel.Customer("Bobs Kunde", "Passau"));
                em.flush();
                return null;
            });
        })).hasStackTraceContaining("A persist for tenant t2 reached a persistence context of tenant t1");
    }
}
