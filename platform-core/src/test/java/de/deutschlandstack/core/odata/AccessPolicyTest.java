package de.deutschlandstack.core.odata;

import de.deutschlandstack.core.odata.model.EntitySetModel;
import de.deutschlandstack.core.odata.query.EntityQueries;
import de.deutschlandstack.core.odata.query.EntityQueries.Source;
import de.deutschlandstack.core.odata.testmodel.Customer;
import de.deutschlandstack.core.odata.testmodel.Order;
import de.deutschlandstack.core.security.AccessDenied;
import de.deutschlandstack.core.security.PlatformRoles;
import de.deutschlandstack.core.tenancy.Caller;
import org.apache.olingo.commons.api.data.Entity;
import org.apache.olingo.server.api.ODataApplicationException;
import org.apache.olingo.server.api.uri.UriInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A set the caller's roles may not read stays closed whichever way a query reaches it: addressed, expanded, crossed by
 * a filter path, a lambda or {@code $root}. (Customers of the test model name business-user and tenant-admin only.)
 */
class AccessPolicyTest {

    private static final Caller ALICE = new Caller("alice", "t1", Set.of(PlatformRoles.BUSINESS_USER));
    private static final Caller READER = new Caller("rita", "t1", Set.of(PlatformRoles.READ_ONLY));
    private static final Caller AUDITOR = new Caller("otto", "t1", Set.of(PlatformRoles.AUDITOR));
    private static final String CUSTOMERS_CLOSED = "Reading Customers needs one of the roles business-user, tenant-admin";
    private static QueryFixture fixture;
    private static EntitySetModel orders;

    @BeforeAll
    static void oneCustomerWithAnOrder() {
        fixture = new QueryFixture();
        orders = fixture.service.entitySet("Orders").orElseThrow();
        fixture.write(ALICE, em -> {
            Customer huber = new Customer("Huber", "München");
            em.persist(huber);
            em.persist(new Order("A-1", new BigDecimal("10.00"), LocalDate.of(2026, 1, 1), Order.Status.OPEN, huber).line(1));
            return null;
        });
    }

    @AfterAll
    static void close() {
        fixture.close();
    }

    private static int orders(Caller caller, String path, String query) {
        UriInfo uri = fixture.parse(path, query);
        EntitySetModel set = fixture.service.entitySet(path).orElseThrow();
        return fixture.read(caller, em -> new EntityQueries(em, fixture.service)
                .rows(Source.of(set), uri.getFilterOption() == null ? null : uri.getFilterOption().getExpression(), null, 0, 10)
                .size());
    }

    private static int expanded(Caller caller, String query) {
        UriInfo uri = fixture.parse("Orders", query);
        return fixture.read(caller, em -> {
            EntityQueries queries = new EntityQueries(em, fixture.service);
            EntityMapping mapping = new EntityMapping(QueryFixture.ODATA, fixture.service.namespace());
            List<Object[]> rows = queries.rows(Source.of(orders), null, null, 0, 10);
            List<Entity> entities = rows.stream().map(row -> mapping.toOData(orders, row)).toList();
            try {
                new ExpandLoader(fixture.service, queries, mapping, new ExpandLoader.Limits(3, 20, 100, 1000), "http://host")
                        .expand(orders, rows, entities, uri.getExpandOption());
            } catch (ODataApplicationException e) {
                throw new IllegalStateException(e);
            }
            return entities.size();
        });
    }

    @Test
    void theDeclaredReadersReadWhatTheirRolesAllow() {
        assertThat(orders(READER, "Orders", "$filter=Lines/any(l:l/Quantity ge 1)")).isEqualTo(1);
        assertThat(orders(ALICE, "Orders", "$filter=Customer/Name eq 'Huber'")).isEqualTo(1);
        assertThat(expanded(ALICE, "$expand=Customer")).isEqualTo(1);
        assertThat(expanded(READER, "$expand=Lines")).isEqualTo(1);
    }

    @Test
    void aClosedSetCannotBeAddressedExpandedOrCrossed() {
        assertThatThrownBy(() -> orders(READER, "Customers", "")).isInstanceOf(AccessDenied.class).hasMessage(CUSTOMERS_CLOSED);
        assertThatThrownBy(() -> expanded(READER, "$expand=Customer")).isInstanceOf(AccessDenied.class).hasMessage(CUSTOMERS_CLOSED);
        assertThatThrownBy(() -> expanded(READER, "$expand=Lines($expand=Order($expand=Customer))"))
                .isInstanceOf(AccessDenied.class).hasMessage(CUSTOMERS_CLOSED);
        assertThatThrownBy(() -> orders(READER, "Orders", "$filter=Customer/Name eq 'Huber'"))
                .isInstanceOf(AccessDenied.class).hasMessage(CUSTOMERS_CLOSED);
        assertThatThrownBy(() -> orders(READER, "Orders", "$filter=Lines/any(l:l/Order/Customer/City eq 'München')"))
                .isInstanceOf(AccessDenied.class).hasMessage(CUSTOMERS_CLOSED);
    }

    @Test
    void aRoleThatNoSetNamesReadsNothing() {
        assertThatThrownBy(() -> orders(AUDITOR, "Orders", "")).isInstanceOf(AccessDenied.class)
                .hasMessage("Reading Orders needs one of the roles business-user, read-only, tenant-admin");
    }
}
