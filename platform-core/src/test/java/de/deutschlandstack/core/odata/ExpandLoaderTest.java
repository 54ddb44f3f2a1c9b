package de.deutschlandstack.core.odata;

import de.deutschlandstack.core.odata.model.EntitySetModel;
import de.deutschlandstack.core.odata.query.EntityQueries;
import de.deutschlandstack.core.odata.query.EntityQueries.Source;
import de.deutschlandstack.core.odata.testmodel.Order;
import de.deutschlandstack.core.tenancy.Caller;
import org.apache.olingo.commons.api.data.Entity;
import org.apache.olingo.commons.api.data.Link;
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

/** $expand costs what its distinct rows cost, and stays within its limits whatever the URL asks. */
class ExpandLoaderTest {

    private static final Caller ALICE = new Caller("alice", "t1", Set.of(de.deutschlandstack.core.security.PlatformRoles.BUSINESS_USER));
    private static final String CYCLE = "$expand=Lines($expand=Order($expand=Lines($expand=Order($expand=Lines))))";
    private static QueryFixture fixture;
    private static EntitySetModel orders;

    @BeforeAll
    static void oneOrderWithFiveLines() {
        fixture = new QueryFixture();
        orders = fixture.service.entitySet("Orders").orElseThrow();
        fixture.write(ALICE, em -> {
            em.persist(new Order("A-1", new BigDecimal("10.00"), LocalDate.of(2026, 1, 1), Order.Status.OPEN, null)
                    .line(1).line(2).line(3).line(4).line(5));
            return null;
        });
    }

    @AfterAll
    static void close() {
        fixture.close();
    }

    /** The page of orders the query asks for, expanded with the given limits. */
    private static List<Entity> expanded(String query, ExpandLoader.Limits limits) {
        UriInfo uri = fixture.parse("Orders", query);
        return fixture.read(ALICE, em -> {
            EntityQueries queries = new EntityQueries(em, fixture.service);
            EntityMapping mapping = new EntityMapping(QueryFixture.ODATA, fixture.service.namespace());
            List<Object[]> rows = queries.rows(Source.of(orders), null, null, 0, 10);
            List<Entity> entities = rows.stream().map(row -> mapping.toOData(orders, row)).toList();
            try {
                new ExpandLoader(fixture.service, queries, mapping, limits, "http://host/odata/v4/test")
                        .expand(orders, rows, entities, uri.getExpandOption());
            } catch (ODataApplicationException e) {
                throw new IllegalStateException(e.getStatusCode() + " " + e.getMessage(), e);
            }
            return entities;
        });
    }

    private static Link link(Entity entity, String name) {
        return entity.getNavigationLinks().stream().filter(l -> l.getTitle().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void aCyclicExpandCostsOneQueryPerLevelAndBuildsEachRowOncePerLevel() {
        RecordedSql.clear();
        List<Entity> result = expanded(CYCLE, new ExpandLoader.Limits(5, 20, 100, 10_000));
        assertThat(RecordedSql.statements()).hasSize(6);

        List<Entity> lines = link(result.get(0), "Lines").getInlineEntitySet().getEntities();
        assertThat(lines).hasSize(5);
        Entity order = link(lines.get(0), "Order").getInlineEntity();
        // Every line leads back to the same order, built once and shared.
        assertThat(lines).allSatisfy(line -> assertThat(link(line, "Order").getInlineEntity()).isSameAs(order));
        assertThat(link(order, "Lines").getInlineEntitySet().getEntities()).hasSize(5);
    }

    @Test
    void expandDeeperThanTheLimitIsRefusedBeforeAnyQuery() {
        RecordedSql.clear();
        assertThatThrownBy(() -> expanded(CYCLE, new ExpandLoader.Limits(4, 20, 100, 10_000)))
                .hasMessageContaining("400")
                .hasMessageContaining("$expand nests 5 levels deep; the limit is 4 (PLATFORM_ODATA_MAX_EXPAND_DEPTH)");
        assertThat(RecordedSql.statements()).hasSize(1);
    }

    @Test
    void levelsCountTowardsTheDepthAndCannotOverflowIt() {
        assertThatThrownBy(() -> expanded("$expand=Lines($levels=2147483647;$expand=Order)", new ExpandLoader.Limits(4, 20, 100, 10_000)))
                .hasMessageContaining("the limit is 4");
        assertThatThrownBy(() -> expanded("$expand=Lines($levels=5)", new ExpandLoader.Limits(4, 20, 100, 10_000)))
                .hasMessageContaining("the limit is 4");
        assertThat(expanded("$expand=Lines($levels=max)", new ExpandLoader.Limits(4, 20, 100, 10_000))).isNotEmpty();
    }

    @Test
    void anInlineCollectionHoldsAPageAndLinksToTheRest() {
        List<Entity> result = expanded("$expand=Lines($filter=Quantity gt 1 and not (Quantity eq 3);$orderby=Quantity desc;$select=Quantity)",
                new ExpandLoader.Limits(5, 20, 2, 10_000));
        var inline = link(result.get(0), "Lines").getInlineEntitySet();
        assertThat(inline.getEntities()).hasSize(2);
        assertThat(inline.getNext().toString()).matches("http://host/odata/v4/test/Orders\\(\\d+\\)/Lines"
                + "\\?\\$filter=\\(\\(Quantity%20gt%201\\)%20and%20not%20\\(Quantity%20eq%203\\)\\)"
                + "&\\$orderby=Quantity%20desc&\\$select=Quantity&\\$skip=2");
        // The link is a query the parser reads back.
        assertThat(fixture.parse("Orders(1)/Lines", inline.getNext().getRawQuery()).getFilterOption()).isNotNull();
    }

    @Test
    void aResponseBeyondTheEntityLimitIsRefused() {
        // 1 order, 5 lines, their order 5 times, its 5 lines 5 times: 36 entities in the response.
        assertThatThrownBy(() -> expanded("$expand=Lines($expand=Order($expand=Lines))", new ExpandLoader.Limits(5, 20, 100, 30)))
                .hasMessageContaining("more than 30 entities (PLATFORM_ODATA_MAX_RESPONSE_ENTITIES)");
        assertThat(expanded("$expand=Lines($expand=Order($expand=Lines))", new ExpandLoader.Limits(5, 20, 100, 36))).hasSize(1);
    }
}
