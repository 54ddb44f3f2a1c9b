package de.deutschlandstack.core.odata;

import de.deutschlandstack.core.odata.model.EntitySetModel;
import de.deutschlandstack.core.odata.query.EntityQueries;
import de.deutschlandstack.core.odata.query.EntityQueries.Source;
import de.deutschlandstack.core.odata.testmodel.Customer;
import de.deutschlandstack.core.odata.testmodel.Order;
import de.deutschlandstack.core.tenancy.Caller;
import jakarta.persistence.PersistenceException;
import org.apache.olingo.server.api.uri.UriInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Isolation holds twice: the schema refuses a row that points into another tenant, and where such a row exists
 * anyway (constraints switched off, as an import or a manual fix might), no read path of the runtime shows it.
 * The planted row is Bob's order line under Alice's order, and Alice's line under Bob's customer's order.
 */
class TenantIsolationTest {

    private static final Caller ALICE = new Caller("alice", "t1", Set.of(de.deutschlandstack.core.security.PlatformRoles.BUSINESS_USER));
    private static final Caller BOB = new Caller("bob", "t2", Set.of(de.deutschlandstack.core.security.PlatformRoles.BUSINESS_USER));
    private static QueryFixture fixture;
    private static EntitySetModel orders;
    private static EntitySetModel lines;
    private static long alicesOrder;
    private static long bobsOrder;

    @BeforeAll
    static void plantACrossTenantChildRow() {
        fixture = new QueryFixture();
        orders = fixture.service.entitySet("Orders").orElseThrow();
        lines = fixture.service.entitySet("OrderLines").orElseThrow();
        alicesOrder = fixture.write(ALICE, em -> {
            Customer customer = new Customer("Huber", "München");
            em.persist(customer);
            Order order = new Order("A-1", new BigDecimal("10.00"), LocalDate.of(2026, 1, 1), Order.Status.OPEN, customer).line(1);
            em.persist(order);
            return order.getId();
        });
        bobsOrder = fixture.write(BOB, em -> {
            Order order = new Order("B-1", new BigDecimal("20.00"), LocalDate.of(2026, 1, 1), Order.Status.OPEN, null).line(2);
            em.persist(order);
            return order.getId();
        });
        // The database refuses the row outright...
        assertThatThrownBy(() -> fixture.sql(plantedLine()))
                .isInstanceOf(PersistenceException.class)
                .hasStackTraceContaining("FK_TEST_ORDER_LINE_ORDER_ID");
        // ...so plant it with the constraints switched off, the way a careless import could.
        fixture.sql("SET REFERENTIAL_INTEGRITY FALSE", plantedLine(), "SET REFERENTIAL_INTEGRITY TRUE");
    }

    private static String plantedLine() {
        return "insert into test_order_line (id, tenant, version, quantity, order_id) values (900001, 't2', 0, 77, " + alicesOrder + ")";
    }

    @AfterAll
    static void close() {
        fixture.close();
    }

    @Test
    void navigationFromMyOrderDoesNotReachAnotherTenantsChild() {
        List<Object[]> rows = fixture.read(ALICE, em -> new EntityQueries(em, fixture.service)
                .rows(Source.navigation(orders, alicesOrder, orders.navigation("Lines").orElseThrow(), lines), null, null, 0, 100));
        assertThat(quantities(rows)).containsExactly(1);
        long count = fixture.read(ALICE, em -> new EntityQueries(em, fixture.service)
                .count(Source.navigation(orders, alicesOrder, orders.navigation("Lines").orElseThrow(), lines), null));
        assertThat(count).isEqualTo(1);
        java.util.Optional<Object[]> planted = fixture.read(ALICE, em -> new EntityQueries(em, fixture.service)
                .rowByKey(Source.navigation(orders, alicesOrder, orders.navigation("Lines").orElseThrow(), lines), 900001L));
        assertThat(planted).isEmpty();
    }

    @Test
    void expandOfMyOrdersDoesNotReachAnotherTenantsChild() {
        Map<Object, List<Object[]>> plain = fixture.read(ALICE, em -> new EntityQueries(em, fixture.service)
                .related(orders, orders.navigation("Lines").orElseThrow(), List.of(alicesOrder), null, null, 0, null));
        assertThat(quantities(plain.get(alicesOrder))).containsExactly(1);

        UriInfo nested = fixture.parse("OrderLines", "$orderby=Quantity desc");
        Map<Object, List<Object[]>> windowed = fixture.read(ALICE, em -> new EntityQueries(em, fixture.service)
                .related(orders, orders.navigation("Lines").orElseThrow(), List.of(alicesOrder), null,
                        nested.getOrderByOption(), 0, 5));
        assertThat(quantities(windowed.get(alicesOrder))).containsExactly(1);

        Map<Object, Long> counts = fixture.read(ALICE, em -> new EntityQueries(em, fixture.service)
                .relatedCounts(orders, orders.navigation("Lines").orElseThrow(), List.of(alicesOrder), null));
        assertThat(counts).containsEntry(alicesOrder, 1L);
    }

    @Test
    void lambdaFiltersDoNotSeeAnotherTenantsChild() {
        assertThat(orderNumbers(ALICE, "$filter=Lines/any(l:l/Quantity eq 77)")).isEmpty();
        assertThat(orderNumbers(ALICE, "$filter=Lines/all(l:l/Quantity eq 1)")).containsExactly("A-1");
        assertThat(countOf(ALICE, "$filter=Lines/any(l:l/Quantity gt 50)")).isZero();
        // The same through a path and a nested lambda: Alice's order is reached from its customer, then its lines.
        assertThat(orderNumbers(ALICE, "$filter=Customer/Orders/any(o:o/Lines/any(l:l/Quantity eq 77))")).isEmpty();
        assertThat(orderNumbers(ALICE, "$filter=Customer/Orders/all(o:o/Lines/all(l:l/Quantity eq 1))")).containsExactly("A-1");
        // Navigating on inside the lambda does not bring the planted line back.
        assertThat(orderNumbers(ALICE, "$filter=Lines/any(l:l/Order/Number eq 'A-1' and l/Quantity eq 77)")).isEmpty();
    }

    @Test
    void rootDoesNotReadAnotherTenantsEntity() {
        assertThat(orderNumbers(BOB, "$filter=$root/Orders(" + alicesOrder + ")/Number eq 'A-1'")).isEmpty();
        assertThat(orderNumbers(BOB, "$filter=$root/Orders(" + alicesOrder + ")/Customer/City eq null")).containsExactly("B-1");
        assertThat(orderNumbers(ALICE, "$filter=$root/Orders(" + alicesOrder + ")/Customer/City eq 'München'")).containsExactly("A-1");
    }

    @Test
    void countingChildrenInAFilterCountsMineOnly() {
        // Alice's order has one line of hers and Bob's planted one.
        assertThat(orderNumbers(ALICE, "$filter=Lines/$count eq 1")).containsExactly("A-1");
        assertThat(orderNumbers(ALICE, "$filter=Lines/$count gt 1")).isEmpty();
        assertThat(orderNumbers(ALICE, "$orderby=Lines/$count desc")).containsExactly("A-1");
    }

    @Test
    void aPathThroughAnotherTenantsParentLeadsNowhere() {
        // Bob's planted line belongs to Alice's order: the join to it must not show Alice's order number.
        UriInfo uri = fixture.parse("OrderLines", "$filter=Order/Number eq 'A-1'");
        List<Object[]> rows = fixture.read(BOB, em -> new EntityQueries(em, fixture.service)
                .rows(Source.of(lines), uri.getFilterOption().getExpression(), null, 0, 100));
        assertThat(rows).isEmpty();
        UriInfo ordered = fixture.parse("OrderLines", "$orderby=Order/Number&$filter=Order/Number eq null");
        List<Object[]> orphaned = fixture.read(BOB, em -> new EntityQueries(em, fixture.service)
                .rows(Source.of(lines), ordered.getFilterOption().getExpression(), ordered.getOrderByOption(), 0, 100));
        assertThat(quantities(orphaned)).contains(77);
    }

    @Test
    void everyStatementRestrictsEveryTenantTableToTheTenant() {
        RecordedSql.clear();
        orderNumbers(ALICE, "$filter=Lines/any(l:l/Quantity gt 0) and Customer/City ne 'x' and Lines/all(m:m/Quantity lt 9)"
                + "&$orderby=Customer/Name");
        countOf(ALICE, "$filter=Lines/any()");
        orderNumbers(ALICE, "$filter=Customer/Orders/any(o:o/Lines/any(l:l/Order/Customer/City eq 'x')) and Customer/Orders/$count gt 0"
                + " and $root/Orders(" + alicesOrder + ")/Customer/Name ne Customer/Name");
        UriInfo nested = fixture.parse("OrderLines", "$orderby=Quantity desc&$filter=Order/Customer/City ne 'x'");
        fixture.read(ALICE, em -> new EntityQueries(em, fixture.service).related(orders, orders.navigation("Lines").orElseThrow(),
                List.of(alicesOrder), nested.getFilterOption().getExpression(), nested.getOrderByOption(), 1, 5));
        fixture.read(ALICE, em -> new EntityQueries(em, fixture.service).relatedCounts(orders,
                orders.navigation("Lines").orElseThrow(), List.of(alicesOrder), nested.getFilterOption().getExpression()));
        fixture.read(ALICE, em -> new EntityQueries(em, fixture.service)
                .rowByKey(Source.navigation(orders, alicesOrder, orders.navigation("Customer").orElseThrow(),
                        fixture.service.entitySet("Customers").orElseThrow()), 1L));

        List<String> statements = RecordedSql.statements();
        assertThat(statements).hasSizeGreaterThanOrEqualTo(5);
        assertThat(statements).allSatisfy(sql -> assertThat(RecordedSql.unrestrictedAliases(sql)).as(sql).isEmpty());
    }

    @Test
    void deletingMyOrderDeletesMyChildrenOnly() {
        long order = fixture.write(ALICE, em -> {
            Order o = new Order("A-9", new BigDecimal("1.00"), LocalDate.of(2026, 2, 1), Order.Status.OPEN, null).line(3).line(4);
            em.persist(o);
            return o.getId();
        });
        fixture.sql("SET REFERENTIAL_INTEGRITY FALSE",
                "insert into test_order_line (id, tenant, version, quantity, order_id) values (900002, 't2', 0, 88, " + order + ")",
                "SET REFERENTIAL_INTEGRITY TRUE");
        fixture.write(ALICE, em -> {
            em.remove(new EntityQueries(em, fixture.service).byKey(orders, order).orElseThrow());
            return null;
        });
        List<?> remaining = fixture.write(BOB, em -> em.createNativeQuery(
                "select quantity from test_order_line where order_id = " + order + " order by quantity").getResultList());
        assertThat(remaining).singleElement().satisfies(q -> assertThat(((Number) q).intValue()).isEqualTo(88));
    }

    private static List<Integer> quantities(List<Object[]> rows) {
        int index = lines.properties().indexOf(lines.property("Quantity").orElseThrow());
        return rows.stream().map(row -> (Integer) row[index]).toList();
    }

    private static List<String> orderNumbers(Caller caller, String query) {
        UriInfo uri = fixture.parse("Orders", query);
        int number = orders.properties().indexOf(orders.property("Number").orElseThrow());
        return fixture.read(caller, em -> new EntityQueries(em, fixture.service)
                .rows(Source.of(orders), uri.getFilterOption() == null ? null : uri.getFilterOption().getExpression(),
                        uri.getOrderByOption(), 0, 100)
                .stream().map(row -> (String) row[number]).toList());
    }

    private static long countOf(Caller caller, String query) {
        UriInfo uri = fixture.parse("Orders", query);
        return fixture.read(caller, em -> new EntityQueries(em, fixture.service)
                .count(Source.of(orders), uri.getFilterOption().getExpression()));
    }
}
