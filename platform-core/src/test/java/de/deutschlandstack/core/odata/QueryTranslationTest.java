package de.deutschlandstack.core.odata;

import de.deutschlandstack.core.odata.model.EntitySetModel;
import de.deutschlandstack.core.odata.model.ServiceModel;
import de.deutschlandstack.core.odata.query.EntityQueries;
import de.deutschlandstack.core.odata.query.EntityQueries.Source;
import de.deutschlandstack.core.odata.query.QueryException;
import de.deutschlandstack.core.odata.testmodel.Customer;
import de.deutschlandstack.core.odata.testmodel.Order;
import de.deutschlandstack.core.tenancy.Caller;
import jakarta.persistence.EntityManagerFactory;
import org.apache.olingo.server.api.uri.UriInfo;
import org.hibernate.SessionFactory;
import org.hibernate.stat.Statistics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The OData query options become SQL that the database evaluates, confined to the caller's tenant.
 * Plain Hibernate on H2, no container: URIs are parsed by Olingo exactly as in the server.
 */
class QueryTranslationTest {

    private static QueryFixture fixture;
    private static ServiceModel service;
    private static EntityManagerFactory emf;
    private static final Caller ALICE = new Caller("alice", "t1", java.util.Set.of(de.deutschlandstack.core.security.PlatformRoles.BUSINESS_USER));
    private static final Caller BOB = new Caller("bob", "t2", java.util.Set.of(de.deutschlandstack.core.security.PlatformRoles.BUSINESS_USER));

    @BeforeAll
    static void createDataOfTwoTenants() {
        fixture = new QueryFixture();
        service = fixture.service;
        emf = fixture.emf;
        fixture.write(ALICE, em -> {
            Customer huber = new Customer("Huber & Söhne", "München");
            Customer maier = new Customer("Maier_GmbH", "Augsburg");
            em.persist(huber);
            em.persist(maier);
            em.persist(new Order("A-1", new BigDecimal("100.00"), LocalDate.of(2026, 1, 15), Order.Status.OPEN, huber).line(1).line(5));
            em.persist(new Order("A-2", new BigDecimal("250.50"), LocalDate.of(2026, 3, 1), Order.Status.DONE, huber).line(2));
            em.persist(new Order("A-3", new BigDecimal("75.00"), LocalDate.of(2025, 12, 31), Order.Status.OPEN, maier));
            em.persist(new Order("A-4", new BigDecimal("100.00"), LocalDate.of(2026, 1, 20), Order.Status.DONE, null));
            return null;
        });
        fixture.write(BOB, em -> {
            Customer other = new Customer("Huber Bob", "München");
            em.persist(other);
            em.persist(new Order("B-1", new BigDecimal("100.00"), LocalDate.of(2026, 1, 15), Order.Status.OPEN, other).line(9));
            return null;
        });
    }

    @AfterAll
    static void close() {
        fixture.close();
    }

    private static UriInfo parse(String path, String query) {
        return fixture.parse(path, query);
    }

    /** Order numbers the caller gets for a query on Orders. */
    private static List<String> orders(Caller caller, String query) {
        UriInfo uri = parse("Orders", query);
        EntitySetModel orders = service.entitySet("Orders").orElseThrow();
        return fixture.read(caller, em -> new EntityQueries(em, service)
                .rows(Source.of(orders), uri.getFilterOption() == null ? null : uri.getFilterOption().getExpression(),
                        uri.getOrderByOption(), uri.getSkipOption() == null ? 0 : uri.getSkipOption().getValue(),
                        uri.getTopOption() == null ? 100 : uri.getTopOption().getValue())
                .stream().map(row -> (String) row[orders.properties().indexOf(orders.property("Number").orElseThrow())]).toList());
    }

    @Test
    void everyQuerySeesOnlyTheCallersTenant() {
        assertThat(orders(ALICE, "$orderby=Number")).containsExactly("A-1", "A-2", "A-3", "A-4");
        assertThat(orders(BOB, "$orderby=Number")).containsExactly("B-1");
        assertThat(orders(BOB, "$filter=startswith(Number,'A')")).isEmpty();
    }

    @Test
    void comparisonsAndLogicalOperators() {
        assertThat(orders(ALICE, "$filter=Amount eq 100 and Status eq 'OPEN'")).containsExactly("A-1");
        assertThat(orders(ALICE, "$filter=Amount gt 100 or OrderDate lt 2026-01-01&$orderby=Number")).containsExactly("A-2", "A-3");
        assertThat(orders(ALICE, "$filter=not (Status eq 'OPEN')&$orderby=Number")).containsExactly("A-2", "A-4");
        assertThat(orders(ALICE, "$filter=Amount ge 100 and Amount le 100&$orderby=Number")).containsExactly("A-1", "A-4");
        assertThat(orders(ALICE, "$filter=Status ne 'DONE'&$orderby=Number")).containsExactly("A-1", "A-3");
    }

    @Test
    void arithmeticAndIn() {
        assertThat(orders(ALICE, "$filter=Amount mul 2 sub 1 gt 300")).containsExactly("A-2");
        assertThat(orders(ALICE, "$filter=Amount div 3 eq 25")).containsExactly("A-3");
        assertThat(orders(ALICE, "$filter=Number in ('A-2','A-3','B-1')&$orderby=Number")).containsExactly("A-2", "A-3");
    }

    @Test
    void stringFunctions() {
        assertThat(orders(ALICE, "$filter=contains(Customer/Name,'%26')&$orderby=Number")).containsExactly("A-1", "A-2");
        assertThat(orders(ALICE, "$filter=contains(Customer/Name,'_')")).containsExactly("A-3");
        assertThat(orders(ALICE, "$filter=endswith(Number,'3')")).containsExactly("A-3");
        assertThat(orders(ALICE, "$filter=toupper(Customer/City) eq 'AUGSBURG'")).containsExactly("A-3");
        assertThat(orders(ALICE, "$filter=tolower(Number) eq 'a-4'")).containsExactly("A-4");
        assertThat(orders(ALICE, "$filter=length(Customer/Name) eq 10")).containsExactly("A-3");
        assertThat(orders(ALICE, "$filter=indexof(Number,'-') eq 1&$orderby=Number")).containsExactly("A-1", "A-2", "A-3", "A-4");
        assertThat(orders(ALICE, "$filter=indexof(Number,'x') eq -1&$top=1&$orderby=Number")).containsExactly("A-1");
        assertThat(orders(ALICE, "$filter=substring(Number,2) eq '2'")).containsExactly("A-2");
        assertThat(orders(ALICE, "$filter=substring(Number,0,1) eq 'A'&$top=2&$orderby=Number")).containsExactly("A-1", "A-2");
    }

    @Test
    void dateFunctions() {
        assertThat(orders(ALICE, "$filter=year(OrderDate) eq 2025")).containsExactly("A-3");
        assertThat(orders(ALICE, "$filter=month(OrderDate) eq 1 and day(OrderDate) gt 16")).containsExactly("A-4");
    }

    @Test
    void nullAndSingleValuedNavigation() {
        assertThat(orders(ALICE, "$filter=Customer/City eq null")).containsExactly("A-4");
        assertThat(orders(ALICE, "$filter=Customer/City eq 'München'&$orderby=Number")).containsExactly("A-1", "A-2");
    }

    @Test
    void orderByManyKeysWithTheKeyBreakingTies() {
        assertThat(orders(ALICE, "$orderby=Amount desc,Status")).containsExactly("A-2", "A-4", "A-1", "A-3");
        assertThat(orders(ALICE, "$orderby=Customer/Name desc,Number desc")).containsExactly("A-3", "A-2", "A-1", "A-4");
    }

    @Test
    void skipAndTopAreOffsetAndLimit() {
        assertThat(orders(ALICE, "$orderby=Number&$skip=1&$top=2")).containsExactly("A-2", "A-3");
    }

    @Test
    void literalsOutsideAnEnumAreTheClientsError() {
        assertThatThrownBy(() -> orders(ALICE, "$filter=Status eq 'LOST'"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("OPEN, DONE");
    }

    @Test
    void anyAndAllRangeOverACollection() {
        assertThat(orders(ALICE, "$filter=Lines/any(l:l/Quantity gt 4)")).containsExactly("A-1");
        assertThat(orders(ALICE, "$filter=Lines/any()&$orderby=Number")).containsExactly("A-1", "A-2");
        // all() holds for orders without lines, as in OData.
        assertThat(orders(ALICE, "$filter=Lines/all(l:l/Quantity gt 1)&$orderby=Number")).containsExactly("A-2", "A-3", "A-4");
        assertThat(orders(ALICE, "$filter=Lines/any(l:l/Quantity eq 1) and Amount eq 100")).containsExactly("A-1");
        assertThat(orders(BOB, "$filter=Lines/any(l:l/Quantity gt 4)")).containsExactly("B-1");
    }

    @Test
    void lambdasRangeOverCollectionsAtTheEndOfPathsAndNavigateInside() {
        // The collection at the end of a path: orders whose customer also has order A-2.
        assertThat(orders(ALICE, "$filter=Customer/Orders/any(o:o/Number eq 'A-2')&$orderby=Number")).containsExactly("A-1", "A-2");
        // Navigation inside the lambda: its joins belong to the subquery.
        assertThat(orders(ALICE, "$filter=Lines/any(l:l/Order/Customer/City eq 'München')&$orderby=Number")).containsExactly("A-1", "A-2");
        // Nested lambdas, the inner one over the outer variable's collection.
        assertThat(orders(ALICE, "$filter=Customer/Orders/any(o:o/Lines/any(l:l/Quantity ge 5))&$orderby=Number"))
                .containsExactly("A-1", "A-2");
        assertThat(orders(ALICE, "$filter=Customer/Orders/all(o:o/Lines/$count gt 0)&$orderby=Number")).containsExactly("A-1", "A-2", "A-4");
        assertThat(orders(ALICE, "$filter=Lines/any(l:l/Order/Lines/$count gt 1)")).containsExactly("A-1");
        // $it is the entity being filtered, also inside a lambda.
        assertThat(orders(ALICE, "$filter=Customer/Orders/any(o:o/Amount gt $it/Amount)&$orderby=Number")).containsExactly("A-1");
        // Bob's customer in München has orders of his own only.
        assertThat(orders(BOB, "$filter=Customer/Orders/any(o:o/Number eq 'A-2')")).isEmpty();
        assertThat(orders(BOB, "$filter=Lines/any(l:l/Order/Customer/City eq 'München')")).containsExactly("B-1");
    }

    @Test
    void lambdasNestAtMostThreeDeep() {
        assertThat(orders(ALICE, "$filter=Customer/Orders/any(a:a/Customer/Orders/any(b:b/Lines/any(c:c/Quantity gt 4)))")).containsExactly("A-1", "A-2");
        assertThatThrownBy(() -> orders(ALICE, "$filter=Customer/Orders/any(a:a/Customer/Orders/any(b:b/Customer/Orders/any(c:c/Lines/any(d:d/Quantity gt 4))))"))
                .isInstanceOf(QueryException.class).hasMessageContaining("nest at most 3");
    }

    @Test
    void aNegativeSubstringPositionIsTheClientsError() {
        assertThatThrownBy(() -> orders(ALICE, "$filter=substring(Number,-1) eq '1'")).isInstanceOf(QueryException.class)
                .hasMessageContaining("0 or more");
        assertThatThrownBy(() -> orders(ALICE, "$filter=substring(Number,0,-1) eq ''")).isInstanceOf(QueryException.class);
        assertThat(orders(ALICE, "$filter=substring(Number,2) eq '1'")).containsExactly("A-1");
    }

    @Test
    void singleValuedNavigationsCompareWithNull() {
        assertThat(orders(ALICE, "$filter=Customer eq null")).containsExactly("A-4");
        assertThat(orders(ALICE, "$filter=Customer ne null&$orderby=Number")).containsExactly("A-1", "A-2", "A-3");
    }

    @Test
    void rootReadsAValueOfAnotherEntityOfTheCallersTenant() {
        long a2 = fixture.read(ALICE, em -> em.createQuery("select o.id from Order o where o.number = 'A-2'", Long.class).getSingleResult());
        assertThat(orders(ALICE, "$filter=Amount lt $root/Orders(" + a2 + ")/Amount and Customer/Name eq $root/Orders(" + a2
                + ")/Customer/Name")).containsExactly("A-1");
        // Bob cannot reach Alice's order through $root: the value is null, and nothing is less than null.
        assertThat(orders(BOB, "$filter=Amount lt $root/Orders(" + a2 + ")/Amount")).isEmpty();
        assertThat(orders(BOB, "$filter=$root/Orders(" + a2 + ")/Amount eq null")).containsExactly("B-1");
    }

    @Test
    void isofAndCastFollowTheTypes() {
        assertThat(orders(ALICE, "$filter=isof(DeutschlandStack.Test.Order) and Number eq 'A-1'")).containsExactly("A-1");
        assertThat(orders(ALICE, "$filter=isof(Amount,Edm.Decimal) and isof(Amount,Edm.String) eq false and Number eq 'A-1'"))
                .containsExactly("A-1");
        assertThat(orders(ALICE, "$filter=startswith(cast(Amount,Edm.String),'250')")).containsExactly("A-2");
        assertThat(orders(ALICE, "$filter=cast(Status,Edm.String) eq 'DONE'&$orderby=Number")).containsExactly("A-2", "A-4");
        assertThat(orders(ALICE, "$filter=cast(Amount,Edm.Int64) eq 75")).containsExactly("A-3");
        // A string literal cast to a type is read as that type's literal; one that is none is null.
        assertThat(orders(ALICE, "$filter=OrderDate eq cast('2025-12-31',Edm.Date)")).containsExactly("A-3");
        assertThat(orders(ALICE, "$filter=Amount eq cast('75.00',Edm.Decimal)")).containsExactly("A-3");
        assertThat(orders(ALICE, "$filter=OrderDate eq cast('morgen',Edm.Date)")).isEmpty();
        assertThatThrownBy(() -> orders(ALICE, "$filter=cast(Number,Edm.Int32) eq 1"))
                .isInstanceOf(QueryException.class).hasMessageContaining("cannot be cast");
    }

    @Test
    void expandingManyParentsCostsOneQuery() {
        EntitySetModel orders = service.entitySet("Orders").orElseThrow();
        Statistics statistics = emf.unwrap(SessionFactory.class).getStatistics();
        Map<Object, List<Object[]>> lines = fixture.read(ALICE, em -> {
            List<Object> keys = em.createQuery("select o.id from Order o", Object.class).getResultList();
            statistics.clear();
            return new EntityQueries(em, service).related(orders, orders.navigation("Lines").orElseThrow(), keys, null, null, 0, null);
        });
        assertThat(statistics.getPrepareStatementCount()).isEqualTo(1);
        assertThat(lines.values().stream().mapToInt(List::size).sum()).isEqualTo(3);
    }

    @Test
    void nestedTopAndSkipAreCutPerParentByTheDatabase() {
        EntitySetModel orders = service.entitySet("Orders").orElseThrow();
        int quantity = orders.navigation("Lines").map(n -> service.entitySetOf(n.targetType()).orElseThrow()).orElseThrow()
                .properties().indexOf(service.entitySet("OrderLines").orElseThrow().property("Quantity").orElseThrow());
        Map<Object, List<Object[]>> lines = fixture.read(ALICE, em -> {
            List<Object> keys = em.createQuery("select o.id from Order o", Object.class).getResultList();
            UriInfo lineOrder = parse("OrderLines", "$orderby=Quantity desc&$filter=Quantity gt 0");
            return new EntityQueries(em, service).related(orders, orders.navigation("Lines").orElseThrow(), keys,
                    lineOrder.getFilterOption().getExpression(), lineOrder.getOrderByOption(), 1, 1);
        });
        // A-1 has lines 5 and 1: skipping the largest leaves 1; A-2 has one line, which the skip removes.
        assertThat(lines.values()).hasSize(1);
        assertThat(lines.values().iterator().next()).singleElement().satisfies(row -> assertThat(row[quantity]).isEqualTo(1));
    }

    @Test
    void byKeyDoesNotFindAnotherTenantsRow() {
        EntitySetModel orders = service.entitySet("Orders").orElseThrow();
        Object bobsOrder = fixture.write(BOB, em ->
                em.createQuery("select o.id from Order o", Object.class).getSingleResult());
        java.util.Optional<Object> forAlice = fixture.read(ALICE, em ->
                new EntityQueries(em, service).byKey(orders, bobsOrder));
        java.util.Optional<Object> forBob = fixture.read(BOB, em ->
                new EntityQueries(em, service).byKey(orders, bobsOrder));
        assertThat(forAlice).isEmpty();
        assertThat(forBob).isPresent();
    }

    @Test
    void decimalLiteralsWithAFractionCompare() {
        assertThat(orders(ALICE, "$filter=Amount eq 250.50")).containsExactly("A-2");
        assertThat(orders(ALICE, "$filter=Amount gt 99.5&$orderby=Number")).containsExactly("A-1", "A-2", "A-4");
        assertThat(orders(ALICE, "$filter=Amount in (250.5, 75.00, 1.125)&$orderby=Number")).containsExactly("A-2", "A-3");
    }

    @Test
    void nullEqualsOnlyNullAndEveryOtherComparisonWithNullIsFalse() {
        // A-4 has no customer: its Customer/City is null.
        assertThat(orders(ALICE, "$filter=Customer/City ne 'München'&$orderby=Number")).containsExactly("A-3", "A-4");
        assertThat(orders(ALICE, "$filter=not (Customer/City eq 'Augsburg')&$orderby=Number")).containsExactly("A-1", "A-2", "A-4");
        assertThat(orders(ALICE, "$filter=Customer/City gt 'A'&$orderby=Number")).containsExactly("A-1", "A-2", "A-3");
        assertThat(orders(ALICE, "$filter=not (Customer/City gt 'A')")).containsExactly("A-4");
        assertThat(orders(ALICE, "$filter=not (Customer/City in ('München'))&$orderby=Number")).containsExactly("A-3", "A-4");
        assertThat(orders(ALICE, "$filter=Customer/City ne null and not (Customer/City ne 'Augsburg')")).containsExactly("A-3");
        assertThat(orders(ALICE, "$filter=Customer/City lt null")).isEmpty();
    }

    @Test
    void negationsOfAnyAndAllKeepTheirMeaning() {
        assertThat(orders(ALICE, "$filter=not Lines/any(l:l/Quantity gt 4)&$orderby=Number")).containsExactly("A-2", "A-3", "A-4");
        assertThat(orders(ALICE, "$filter=not Lines/all(l:l/Quantity gt 1)")).containsExactly("A-1");
        assertThat(orders(ALICE, "$filter=not (Lines/any() or Amount lt 80)")).containsExactly("A-4");
    }

    @Test
    void conditionsCompareWithBooleanLiteralsAsGeneratedClientsWriteThem() {
        assertThat(orders(ALICE, "$filter=startswith(Number,'A-1') eq true")).containsExactly("A-1");
        assertThat(orders(ALICE, "$filter=startswith(Number,'A-1') eq false&$orderby=Number")).containsExactly("A-2", "A-3", "A-4");
        assertThat(orders(ALICE, "$filter=true eq contains(Number,'3')")).containsExactly("A-3");
        assertThat(orders(ALICE, "$filter=(Amount gt 100) ne true and Lines/any()")).containsExactly("A-1");
    }

    @Test
    void aFunctionOfNullIsNullAndComparingItMakesItTwoValuedAgain() {
        // A-4 has no customer: contains(Customer/City,...) is null there.
        assertThat(orders(ALICE, "$filter=not contains(Customer/City,'ünch')")).containsExactly("A-3");
        assertThat(orders(ALICE, "$filter=contains(Customer/City,'ünch') ne true&$orderby=Number")).containsExactly("A-3", "A-4");
        assertThat(orders(ALICE, "$filter=not (contains(Customer/City,'ünch') eq true)&$orderby=Number")).containsExactly("A-3", "A-4");
        assertThat(orders(ALICE, "$filter=startswith(Customer/City,'M') ne false&$orderby=Number")).containsExactly("A-1", "A-2", "A-4");
        assertThat(orders(ALICE, "$filter=startswith(Customer/City,'M') eq false")).containsExactly("A-3");
        assertThat(orders(ALICE, "$filter=contains(Customer/City,'ünch') eq null")).containsExactly("A-4");
        assertThat(orders(ALICE, "$filter=contains(Customer/City,'ünch') ne null&$orderby=Number")).containsExactly("A-1", "A-2", "A-3");
        assertThat(orders(ALICE, "$filter=contains(Customer/City,'ünch') eq contains(Customer/City,'x')&$orderby=Number"))
                .containsExactly("A-3", "A-4");
        assertThat(orders(ALICE, "$filter=contains(Customer/City,'ünch') ne contains(Customer/City,'x')&$orderby=Number"))
                .containsExactly("A-1", "A-2");
    }

    @Test
    void twoLiteralsAreComparedBeforeTheDatabaseSeesThem() {
        assertThat(orders(ALICE, "$filter='a' eq 'a' and Number eq 'A-1'")).containsExactly("A-1");
        assertThat(orders(ALICE, "$filter=Number eq 'A-1' or 'a' eq '{x}'")).containsExactly("A-1");
        assertThat(orders(ALICE, "$filter=1 lt 2.5 and Number eq 'A-2'")).containsExactly("A-2");
    }

    @Test
    void stringFunctionsWorkOnEnumerationsByName() {
        assertThat(orders(ALICE, "$filter=contains(Status,'OP')&$orderby=Number")).containsExactly("A-1", "A-3");
        assertThat(orders(ALICE, "$filter=tolower(Status) eq 'done'&$orderby=Number")).containsExactly("A-2", "A-4");
    }

    @Test
    void unaryMinusNeverFormsAnSqlComment() {
        RecordedSql.clear();
        assertThat(orders(ALICE, "$filter=Amount eq -(-Amount)&$orderby=Number")).containsExactly("A-1", "A-2", "A-3", "A-4");
        assertThat(orders(ALICE, "$filter=Amount sub -Amount eq 200&$orderby=Number")).containsExactly("A-1", "A-4");
        assertThat(orders(ALICE, "$filter=-Amount lt -(-(-200))")).containsExactly("A-2");
        assertThat(RecordedSql.statements()).isNotEmpty().allSatisfy(sql -> assertThat(sql).doesNotContain("--"));
    }

    @Test
    void arithmeticChainsStayFlatAndModuloWorksOnEveryNumber() {
        RecordedSql.clear();
        assertThat(orders(ALICE, "$filter=Amount" + " add 0".repeat(300) + " eq 100&$orderby=Number")).containsExactly("A-1", "A-4");
        assertThat(orders(ALICE, "$filter=Amount mod 2 eq 0&$orderby=Number")).containsExactly("A-1", "A-4");
        assertThat(orders(ALICE, "$filter=ID mod 1 eq 0")).hasSize(4);
        assertThat(orders(ALICE, "$filter=ID mod 2 eq 0 or ID mod 2 eq 1")).hasSize(4);
        assertThat(orders(ALICE, "$filter=ID mod ID eq 0 and (ID add 1) mod 2 ge 0 and ID mod 2.5 ge 0")).hasSize(4);
        assertThat(orders(ALICE, "$filter=Lines/any(l:l/Quantity gt 4.5)")).containsExactly("A-1");
        assertThat(orders(ALICE, "$filter=Amount sub (Amount sub 100) eq 100 and Amount mul (2 add 1) eq 300&$orderby=Number")).containsExactly("A-1", "A-4");
        assertThat(orders(ALICE, "$filter=(Amount add 50) div 2 eq 150.25")).containsExactly("A-2");
        assertThat(orders(ALICE, "$filter=-(Amount sub 200) mod 7 eq 2 and -Amount mod 7 eq -2")).containsExactly("A-1", "A-4");
    }

    @Test
    void deeplyNestedNegationsAreRenderedWithoutNestingNot() {
        RecordedSql.clear();
        String fortyNots = "not (".repeat(40) + "Number eq 'A-1'" + ")".repeat(40);
        assertThat(orders(ALICE, "$filter=" + fortyNots)).containsExactly("A-1");
        String fortyOneNots = "not (".repeat(41) + "Number eq 'A-1'" + ")".repeat(41);
        assertThat(orders(ALICE, "$filter=" + fortyOneNots + "&$orderby=Number")).containsExactly("A-2", "A-3", "A-4");
        assertThat(RecordedSql.statements()).allSatisfy(sql -> assertThat(sql.toLowerCase()).doesNotContain("not("));
    }

    @Test
    void longChainsOfAndAndOrAreFlat() {
        StringBuilder many = new StringBuilder("Number eq 'A-0'");
        for (int i = 1; i <= 300; i++) {
            many.append(" or Number eq 'A-").append(i).append("'");
        }
        RecordedSql.clear();
        assertThat(orders(ALICE, "$filter=" + many + "&$orderby=Number")).containsExactly("A-1", "A-2", "A-3", "A-4");
        assertThat(RecordedSql.statements().get(0)).doesNotContain("((");
    }

    @Test
    void orderingByALiteralIsTheClientsError() {
        assertThatThrownBy(() -> orders(ALICE, "$orderby=null")).isInstanceOf(QueryException.class).hasMessageContaining("literal");
        assertThatThrownBy(() -> orders(ALICE, "$orderby='x'")).isInstanceOf(QueryException.class);
    }

    @Test
    void nullsComeFirstAscendingAndLastDescending() {
        assertThat(orders(ALICE, "$orderby=Customer/City,Number")).containsExactly("A-4", "A-3", "A-1", "A-2");
        assertThat(orders(ALICE, "$orderby=Customer/City desc,Number")).containsExactly("A-1", "A-2", "A-3", "A-4");
    }

    /** All order numbers, fetched a page of {@code size} at a time by keyset, as the nextLinks do. */
    private static List<String> pagedByKeyset(String orderBy, int size, Runnable betweenFirstPages) {
        UriInfo uri = parse("Orders", "$orderby=" + orderBy);
        EntitySetModel orders = service.entitySet("Orders").orElseThrow();
        int number = orders.properties().indexOf(orders.property("Number").orElseThrow());
        List<String> all = new java.util.ArrayList<>();
        List<Object> after = null;
        while (true) {
            List<Object> keyset = after;
            List<Object[]> page = fixture.read(ALICE, em -> new EntityQueries(em, service)
                    .rows(Source.of(orders), null, uri.getOrderByOption(), keyset, 0, size));
            page.forEach(row -> all.add((String) row[number]));
            if (page.size() < size) {
                return all;
            }
            Object lastKey = page.get(page.size() - 1)[orders.keyIndex()];
            after = fixture.read(ALICE, em -> new EntityQueries(em, service)
                    .sortValuesOf(Source.of(orders), uri.getOrderByOption(), lastKey).orElseThrow());
            if (all.size() == size) {
                betweenFirstPages.run();
            }
        }
    }

    @Test
    void keysetPagesFollowTheOrderIncludingNullsInBothDirections() {
        for (String orderBy : new String[]{"Customer/City", "Customer/City desc", "Amount desc,Customer/Name", "year(OrderDate),Number desc",
                "Status,Customer/City desc,Amount"}) {
            List<String> whole = orders(ALICE, "$orderby=" + orderBy);
            assertThat(pagedByKeyset(orderBy, 1, () -> { })).as(orderBy).isEqualTo(whole);
            assertThat(pagedByKeyset(orderBy, 3, () -> { })).as(orderBy).isEqualTo(whole);
        }
    }

    @Test
    void aRowWrittenBetweenPagesNeitherShiftsNorRepeatsTheRest() {
        List<String> pages = pagedByKeyset("Number", 2, () -> fixture.write(ALICE, em -> {
            // Sorts before the page already read: with an offset, the next page would repeat A-2.
            em.persist(new Order("A-0", new BigDecimal("1.00"), LocalDate.of(2026, 1, 1), Order.Status.OPEN, null));
            return null;
        }));
        try {
            assertThat(pages).containsExactly("A-1", "A-2", "A-3", "A-4");
        } finally {
            fixture.write(ALICE, em -> em.createQuery("delete from Order o where o.number = 'A-0'").executeUpdate());
        }
    }

    @Test
    void translationsThatRepeatAnOperandCannotGrowExponentially() {
        // Each level writes its operand several times: refused once the text would grow past the bound.
        assertThatThrownBy(() -> orders(ALICE, "$filter=Amount mod 7 mod 7 mod 7 mod 7 mod 7 mod 7 eq 1"))
                .isInstanceOf(QueryException.class).hasMessageContaining("simplify");
        assertThat(orders(ALICE, "$filter=Amount mod 7 mod 5 eq 2")).containsExactly("A-1", "A-4");
        String nested = "contains(Number,'A')";
        for (int i = 0; i < 6; i++) {
            nested = "(contains(Number,'A') eq " + nested + ")";
        }
        String deep = nested;
        assertThatThrownBy(() -> orders(ALICE, "$filter=" + deep)).isInstanceOf(QueryException.class).hasMessageContaining("simplify");
        assertThat(orders(ALICE, "$filter=contains(Number,'1') eq (contains(Number,'A') eq true)")).containsExactly("A-1");
    }

    @Test
    void divisionChainsStayFlatAndLiteralArithmeticIsDoneHere() {
        assertThat(orders(ALICE, "$filter=Amount" + " div 1".repeat(299) + " eq 75")).containsExactly("A-3");
        assertThat(orders(ALICE, "$filter=Amount div (2 div 4) eq 150")).containsExactly("A-3");
        assertThat(orders(ALICE, "$filter=Amount sub (10 mod 3) eq 99&$orderby=Number")).containsExactly("A-1", "A-4");
        assertThat(orders(ALICE, "$filter=ID mod 3000000000 ge 0")).hasSize(4);
        assertThatThrownBy(() -> orders(ALICE, "$filter=Amount eq 1 div (1 sub 1)")).isInstanceOf(QueryException.class)
                .hasMessageContaining("divides by zero");
        assertThat(orders(ALICE, "$filter=Amount gt 1 div 300000")).hasSize(4);
        for (String bad : new String[]{"null add 1", "INF add 1", "NaN mul 2", "1e300 mul 1e300"}) {
            assertThatThrownBy(() -> orders(ALICE, "$filter=Amount eq " + bad)).as(bad).isInstanceOf(QueryException.class);
        }
    }
}
