package de.deutschlandstack.core.odata;

import de.deutschlandstack.core.odata.model.EntitySetModel;
import de.deutschlandstack.core.odata.query.Aggregation;
import de.deutschlandstack.core.odata.query.EntityQueries;
import de.deutschlandstack.core.odata.query.QueryException;
import de.deutschlandstack.core.odata.testmodel.Customer;
import de.deutschlandstack.core.odata.testmodel.Order;
import de.deutschlandstack.core.tenancy.Caller;
import org.apache.olingo.server.api.uri.UriInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code $apply} translated to one grouping statement: sums, counts and averages per group, conditions on the
 * aggregated values, the order and window of the groups, and never a row of another tenant.
 */
class AggregationTest {

    private static final Caller ALICE = new Caller("alice", "t1", Set.of(de.deutschlandstack.core.security.PlatformRoles.BUSINESS_USER));
    private static final Caller BOB = new Caller("bob", "t2", Set.of(de.deutschlandstack.core.security.PlatformRoles.BUSINESS_USER));
    private static QueryFixture fixture;
    private static EntitySetModel orders;

    @BeforeAll
    static void orders() {
        fixture = new QueryFixture();
        orders = fixture.service.entitySet("Orders").orElseThrow();
        fixture.write(ALICE, em -> {
            Customer munich = new Customer("Huber", "München");
            Customer augsburg = new Customer("Maier", "Augsburg");
            em.persist(munich);
            em.persist(augsburg);
            em.persist(new Order("A-1", new BigDecimal("10.10"), LocalDate.of(2026, 1, 5), Order.Status.OPEN, munich));
            em.persist(new Order("A-2", new BigDecimal("20.20"), LocalDate.of(2026, 2, 5), Order.Status.OPEN, munich));
            em.persist(new Order("A-3", new BigDecimal("5.05"), LocalDate.of(2026, 3, 5), Order.Status.DONE, augsburg));
            em.persist(new Order("A-4", new BigDecimal("0.00"), LocalDate.of(2026, 3, 6), Order.Status.DONE, null));
            return null;
        });
        // Bob's orders must never count for Alice.
        fixture.write(BOB, em -> {
            em.persist(new Order("B-1", new BigDecimal("1000.00"), LocalDate.of(2026, 1, 5), Order.Status.OPEN, null));
            return null;
        });
    }

    @AfterAll
    static void close() {
        fixture.close();
    }

    private List<String> apply(String query) {
        UriInfo uri = fixture.parse("Orders", query);
        Aggregation.Result result = fixture.read(ALICE, em -> new EntityQueries(em, fixture.service)
                .aggregate(orders, uri.getApplyOption(), uri.getFilterOption() == null ? null : uri.getFilterOption().getExpression(),
                        uri.getOrderByOption(), 0, 100));
        return result.rows().stream().map(row -> Arrays.stream(row).map(v -> v instanceof BigDecimal d ? d.stripTrailingZeros().toPlainString()
                : String.valueOf(v)).reduce((a, b) -> a + " " + b).orElse("")).toList();
    }

    @Test
    void groupsSumAndCountPerStatus() {
        assertThat(apply("$apply=groupby((Status),aggregate(Amount with sum as Total,$count as Orders))"))
                .containsExactly("DONE 5.05 2", "OPEN 30.3 2");
    }

    @Test
    void anAggregateWithoutGroupingIsOneRow() {
        assertThat(apply("$apply=aggregate(Amount with sum as Total,Amount with max as Largest,Amount with average as Mean)"))
                .containsExactly("35.35 20.2 8.8375");
    }

    @Test
    void groupsThroughANavigationAndCountDistinct() {
        assertThat(apply("$apply=groupby((Customer/City),aggregate(Number with countdistinct as Numbers))"))
                .containsExactly("null 1", "Augsburg 1", "München 2");
    }

    @Test
    void filtersBeforeAndAfterTheGroupingAndOrdersByTheAggregate() {
        assertThat(apply("$apply=filter(OrderDate ge 2026-02-01)/groupby((Status),aggregate(Amount with sum as Total))"
                + "/filter(Total gt 6)")).containsExactly("OPEN 20.2");
        assertThat(apply("$apply=groupby((Status),aggregate(Amount with sum as Total))&$orderby=Total desc"))
                .containsExactly("OPEN 30.3", "DONE 5.05");
        assertThat(apply("$apply=groupby((Status),aggregate(Amount with sum as Total))&$filter=Total lt 10"))
                .containsExactly("DONE 5.05");
    }

    @Test
    void topcountKeepsTheLargestGroups() {
        assertThat(apply("$apply=groupby((Customer/City),aggregate(Amount with sum as Total))/topcount(1,Total)"))
                .containsExactly("München 30.3");
        assertThat(apply("$apply=groupby((Status),aggregate($count as N))/compute(N mul 10 as Tens)"))
                .containsExactly("DONE 2 20", "OPEN 2 20");
    }

    @Test
    void minFindsTheSmallestValueOfEachGroupAndOfAll() {
        assertThat(apply("$apply=groupby((Status),aggregate(Amount with min as Smallest,OrderDate with min as First))"))
                .containsExactly("DONE 0 2026-03-05", "OPEN 10.1 2026-01-05");
        assertThat(apply("$apply=aggregate(Amount with min as Smallest,OrderDate with min as First)"))
                .containsExactly("0 2026-01-05");
    }

    @Test
    void bottomcountKeepsTheSmallestGroupsSmallestFirst() {
        // Per city: no customer 0.00, Augsburg 5.05, München 30.30.
        assertThat(apply("$apply=groupby((Customer/City),aggregate(Amount with sum as Total))/bottomcount(2,Total)"))
                .containsExactly("null 0", "Augsburg 5.05");
        assertThat(apply("$apply=groupby((Number),aggregate(Amount with sum as Total))/bottomcount(1,Total)"))
                .containsExactly("A-4 0");
    }

    @Test
    void orderbyTopAndSkipInsideApplyOrderAndCutTheGroups() {
        String perOrder = "$apply=groupby((Number),aggregate(Amount with sum as Total))";
        assertThat(apply(perOrder + "/orderby(Total desc)"))
                .containsExactly("A-2 20.2", "A-1 10.1", "A-3 5.05", "A-4 0");
        assertThat(apply(perOrder + "/orderby(Total desc)/top(2)")).containsExactly("A-2 20.2", "A-1 10.1");
        assertThat(apply(perOrder + "/orderby(Total desc)/skip(1)/top(2)")).containsExactly("A-1 10.1", "A-3 5.05");
        assertThat(apply(perOrder + "/orderby(Total desc)/top(3)/skip(1)")).containsExactly("A-1 10.1", "A-3 5.05");
        assertThat(apply(perOrder + "/orderby(Total)/skip(3)")).containsExactly("A-2 20.2");
        assertThat(apply(perOrder + "/orderby(Total)/skip(4)")).isEmpty();
        // A second orderby sorts the whole result again: its order comes first, not after the earlier one.
        assertThat(apply("$apply=groupby((Number,Status),aggregate(Amount with sum as Total))/orderby(Status)/orderby(Total desc)"))
                .containsExactly("A-2 OPEN 20.2", "A-1 OPEN 10.1", "A-3 DONE 5.05", "A-4 DONE 0");
    }

    @Test
    void pagesOfAWindowStayInsideTheWindow() {
        UriInfo uri = fixture.parse("Orders", "$apply=groupby((Number),aggregate(Amount with sum as Total))/orderby(Total desc)/skip(1)/top(2)");
        List<Object[]> second = fixture.read(ALICE, em -> new EntityQueries(em, fixture.service)
                .aggregate(orders, uri.getApplyOption(), null, null, 1, 5)).rows();
        assertThat(second).hasSize(1);
        assertThat(second.get(0)[0]).isEqualTo("A-3");
    }

    @Test
    void orderingOrFilteringAfterAWindowIsRefusedNotAnsweredWithOtherRows() {
        // The two largest orders, then sorted by number, would be; the statement would sort first and cut
        // then (A-1, A-2 by chance, or descending): refused instead.
        String perOrder = "$apply=groupby((Number),aggregate(Amount with sum as Total))";
        for (String query : new String[]{perOrder + "/topcount(2,Total)&$orderby=Number desc",
                perOrder + "/topcount(2,Total)/orderby(Number desc)", perOrder + "/top(2)/filter(Total gt 1)",
                perOrder + "/orderby(Total)/top(3)&$filter=Total gt 1", perOrder + "/topcount(3,Total)/bottomcount(1,Total)",
                perOrder + "/skip(1)/orderby(Total)", "$apply=top(2)/aggregate(Amount with sum as Total)",
                "$apply=skip(1)/aggregate(Amount with sum as Total)", "$apply=topcount(2,Amount)/groupby((Status),aggregate(Amount with sum as T))",
                "$apply=top(2)/groupby((Status),aggregate($count as N))"}) {
            assertThatThrownBy(() -> apply(query)).as(query).isInstanceOf(QueryException.class)
                    .satisfies(e -> assertThat(((QueryException) e).status()).isEqualTo(501))
                    .hasMessageContaining("after");
        }
    }

    @Test
    void anOrderingBeforeAGroupingChangesNothingOfItsGroups() {
        String grouped = "groupby((Status),aggregate(Amount with sum as Total))";
        assertThat(apply("$apply=orderby(Amount desc)/" + grouped)).containsExactlyElementsOf(apply("$apply=" + grouped));
        assertThat(apply("$apply=orderby(Amount)/aggregate(Amount with sum as Total)")).containsExactly("35.35");
    }

    @Test
    void aValueComputedBeforeTheGroupingIsAggregatedNotListed() {
        // Each order's amount doubled, then summed per status: the groups hold their status and the sum only.
        assertThat(apply("$apply=filter(Status eq 'OPEN')/compute(Amount mul 2 as Double)/groupby((Status),aggregate(Double with sum as Total))"))
                .containsExactly("OPEN 60.6");
        assertThat(apply("$apply=compute(Amount mul 2 as Double)/aggregate(Double with sum as Total)")).containsExactly("70.7");
    }

    @Test
    void whatIsNotSupportedSaysSo() {
        for (String query : new String[]{"$apply=filter(Status eq 'OPEN')", "$apply=groupby((Status),aggregate(Amount with sum as T))/groupby((T))",
                "$apply=groupby((rollup(Status,Number)),aggregate($count as N))",
                "$apply=aggregate(Amount with sum as Total)&$filter=Total gt 0"}) {
            assertThatThrownBy(() -> apply(query)).as(query).isInstanceOf(QueryException.class)
                    .satisfies(e -> assertThat(((QueryException) e).status()).isEqualTo(501));
        }
        assertThatThrownBy(() -> apply("$apply=aggregate(Number with sum as Total)")).isInstanceOf(QueryException.class)
                .satisfies(e -> assertThat(((QueryException) e).status()).isEqualTo(400));
    }
}
