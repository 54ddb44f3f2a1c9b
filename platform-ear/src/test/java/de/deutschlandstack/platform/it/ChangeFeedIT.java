package de.deutschlandstack.platform.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The change feed the data lake reads ({@code /api/lake/changes}): every tenant's committed changes, page after page, in
 * sequence order without gaps or repeats, for the lake's technical account alone; and what the lake must erase (a data
 * subject's objects, an offboarded tenant), which comes with the page that reaches the log's position.
 */
class ChangeFeedIT extends PlatformIT {

    /** The password the test server's {@code PLATFORM_LAKE_PASSWORD} gives the lake's account. */
    static final String LAKE_PASSWORD = "lake-feed-secret-it-1";
    static final String LAKE = "lake@platform";

    private ODataClient lake() {
        return as(LAKE, LAKE_PASSWORD);
    }

    private JsonNode page(long after, int limit) {
        ODataClient.Response page = lake().api("GET", "/lake/changes?after=" + after + "&limit=" + limit, null);
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        return page.json();
    }

    private long position() {
        return page(0, 1).path("position").asLong();
    }

    /** Every page from {@code after} to the log's position at the start, with at most {@code limit} entries each. */
    private List<JsonNode> changesAfter(long after, int limit) {
        List<JsonNode> changes = new ArrayList<>();
        long end = position();
        long from = after;
        while (from < end) {
            JsonNode page = page(from, limit);
            assertThat(page.path("after").asLong()).isEqualTo(from);
            assertThat(page.path("changes").size()).isLessThanOrEqualTo(limit);
            page.path("changes").forEach(changes::add);
            assertThat(page.path("upTo").asLong()).as("a page moves on").isGreaterThan(from);
            from = page.path("upTo").asLong();
        }
        return changes;
    }

    /** A partner numbered {@code number} and a suffix of this run (the suites against H2 and PostgreSQL share nothing else). */
    private String partner(ODataClient client, String number, String email) {
        String unique = number + "-" + Long.toString(System.nanoTime(), 36);
        ODataClient.Response created = client.post("BusinessPartners", """
                {"PartnerNumber":"%s","Name":"Feed %s","Role":"CUSTOMER","City":"Regensburg","Country":"DE","Email":"%s"}"""
                .formatted(unique, number, email));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().path("ID").asText();
    }

    @Test
    void theLakeReadsEveryTenantsChangesInOrderWithoutGapsOrRepeats() {
        long before = position();
        String annas = partner(as(ANNA), "BP-FEED-1", "feed-1@example.org");
        String bens = partner(as(BEN), "BP-FEED-2", "feed-2@example.org");
        assertThat(as(ANNA).patch("BusinessPartners(" + annas + ")", "{\"City\":\"Straubing\"}").status()).isEqualTo(200);

        // Read one entry per page, and all at once: the same entries, ascending, each once.
        List<JsonNode> onePerPage = changesAfter(before, 1);
        List<JsonNode> atOnce = changesAfter(before, 1000);
        assertThat(onePerPage.stream().map(c -> c.path("seq").asLong()).toList())
                .isEqualTo(atOnce.stream().map(c -> c.path("seq").asLong()).toList())
                .isSorted().doesNotHaveDuplicates();
        assertThat(atOnce).anySatisfy(c -> {
            assertThat(c.path("tenant").asText()).isEqualTo("stadt-muenchen");
            assertThat(c.path("entitySet").asText()).isEqualTo("BusinessPartners");
            assertThat(c.path("key").asText()).isEqualTo(annas);
            assertThat(c.path("operation").asText()).isEqualTo("CREATED");
            assertThat(c.path("state").asText()).contains("\"city\":\"Regensburg\"").contains("feed-1@example.org");
            assertThat(c.path("changedAt").asText()).isNotEmpty();
        });
        assertThat(atOnce).anySatisfy(c -> {
            assertThat(c.path("tenant").asText()).isEqualTo("bayern-werke");
            assertThat(c.path("key").asText()).isEqualTo(bens);
        });
        assertThat(atOnce).anySatisfy(c -> {
            assertThat(c.path("key").asText()).isEqualTo(annas);
            assertThat(c.path("operation").asText()).isEqualTo("UPDATED");
            assertThat(c.path("state").asText()).contains("\"city\":\"Straubing\"");
        });
    }

    @Test
    void onlyTheLakesAccountReadsTheFeed() {
        for (String user : List.of(ANNA, LEA, OTTO, OPERATOR)) {
            ODataClient.Response refused = as(user).api("GET", "/lake/changes?after=0", null);
            assertThat(refused.status()).as(user).isEqualTo(403);
            assertThat(refused.header("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("application/problem+json"));
            assertThat(as(user).api("POST", "/lake/erasures/applied", "{\"ids\": [1]}").status()).as(user).isEqualTo(403);
        }
        assertThat(anonymous().api("GET", "/lake/changes?after=0", null).status()).isEqualTo(401);
        assertThat(as(LAKE, "not-the-lake-password").api("GET", "/lake/changes?after=0", null).status()).isEqualTo(401);
        // The account reads the feed and nothing else: no business object, no audit record.
        assertThat(lake().get("BusinessPartners").status()).isEqualTo(403);
        assertThat(lake().api("GET", "/audit/verify", null).status()).isEqualTo(403);
        // No admin can take the account over: its name is the platform's, and the operator changes no user.
        ODataClient.Response taken = as(ANNA).api("POST", "/admin/tenants/stadt-muenchen/users", """
                {"user": "lake@platform", "password": "a-long-password-1", "roles": ["business-user"]}""");
        assertThat(taken.status()).as(taken.body()).isEqualTo(409);
        assertThat(as(OPERATOR).api("PATCH", "/admin/tenants/platform/users/lake@platform", "{\"password\": \"an-operators-guess-1\"}")
                .status()).isEqualTo(403);
        assertThat(lake().api("GET", "/lake/changes?after=0&limit=1", null).status()).isEqualTo(200);
    }

    @Test
    void theLakesColumnsAreTheEntitiesDeclarations() {
        ODataClient.Response schema = lake().api("GET", "/lake/schema", null);
        assertThat(schema.status()).as(schema.body()).isEqualTo(200);
        JsonNode json = schema.json();
        assertThat(json.path("version").asText()).isEqualTo(page(0, 1).path("schemaVersion").asText()).isNotEmpty();
        java.util.Map<String, JsonNode> sets = new java.util.HashMap<>();
        json.path("entitySets").forEach(set -> sets.put(set.path("entitySet").asText(), set));
        assertThat(sets).containsKeys("BusinessPartners", "SalesOrders", "Invoices", "Payments", "JournalEntryLines");
        java.util.Map<String, JsonNode> orderColumns = new java.util.HashMap<>();
        sets.get("SalesOrders").path("columns").forEach(column -> orderColumns.put(column.path("name").asText(), column));
        assertThat(orderColumns.get("NetAmount").path("type").asText()).isEqualTo("Decimal");
        assertThat(orderColumns.get("NetAmount").path("scale").asInt()).isEqualTo(2);
        assertThat(orderColumns.get("OrderDate").path("type").asText()).isEqualTo("Date");
        assertThat(orderColumns.get("CustomerID").path("attribute").asText()).isEqualTo("customer");
        assertThat(orderColumns.get("ID").path("key").asBoolean()).isTrue();
        // The partner's name is where the states hold it.
        assertThat(sets.get("BusinessPartners").path("columns")).anySatisfy(column -> {
            assertThat(column.path("name").asText()).isEqualTo("Name");
            assertThat(column.path("attribute").asText()).isEqualTo("name");
        });
        assertThat(as(OPERATOR).api("GET", "/lake/schema", null).status()).isEqualTo(403);
    }

    @Test
    void badPagesAreRefusedAsProblems() {
        for (String query : List.of("after=-1", "after=eins", "limit=0", "limit=10001", "limit=99999999999", "after=")) {
            ODataClient.Response refused = lake().api("GET", "/lake/changes?" + query, null);
            assertThat(refused.status()).as(query).isEqualTo(400);
            assertThat(refused.json().path("detail").asText()).as(query).isNotEmpty();
        }
        // A lake ahead of the log (the database was restored from an older backup) is told to rebuild, not fed nothing.
        ODataClient.Response ahead = lake().api("GET", "/lake/changes?after=" + (position() + 1_000_000), null);
        assertThat(ahead.status()).isEqualTo(409);
        assertThat(ahead.json().path("detail").asText()).contains("rebuild");
        assertThat(lake().api("POST", "/lake/erasures/applied", "kein JSON").status()).isEqualTo(400);
    }

    @Test
    void aSubjectsErasureReachesTheLakeWithTheFirstPageThatHoldsAllItsChanges() {
        long before = position();
        String id = partner(as(ANNA), "BP-FEED-3", "feed-3@example.org");
        assertThat(as(ANNA).post("ContactPersons", """
                {"FirstName":"Vroni","LastName":"Feed-3","Email":"vroni@feed-3.example","Partner@odata.bind":"BusinessPartners(%s)"}"""
                .formatted(id)).status()).isEqualTo(201);
        ODataClient.Response erased = as(ANNA).api("DELETE", "/privacy/subjects/BusinessPartners/" + id, null);
        assertThat(erased.status()).as(erased.body()).isEqualTo(200);

        // A page that stops short of the erasure's changes does not carry it: the lake has not got them yet.
        JsonNode partial = page(before, 1);
        assertThat(partial.path("upTo").asLong()).isLessThan(partial.path("position").asLong());
        assertThat(erasuresOf(partial, id)).isEmpty();

        List<JsonNode> changes = changesAfter(before, 1000);
        assertThat(changes).as("the states before the erasure are cleared").noneSatisfy(c ->
                assertThat(c.path("state").asText()).contains("feed-3"));
        assertThat(changes).anySatisfy(c -> {
            assertThat(c.path("key").asText()).isEqualTo(id);
            assertThat(c.path("operation").asText()).isEqualTo("DELETED");
        });
        JsonNode reaching = page(position(), 10);
        List<JsonNode> erasures = erasuresOf(reaching, id);
        assertThat(erasures).anySatisfy(e -> {
            assertThat(e.path("tenant").asText()).isEqualTo("stadt-muenchen");
            assertThat(e.path("entitySet").asText()).isEqualTo("BusinessPartners");
            assertThat(e.path("upToSeq").asLong()).isLessThanOrEqualTo(reaching.path("upTo").asLong()).isGreaterThan(before);
        });
        long upToSeq = erasures.get(0).path("upToSeq").asLong();
        assertThat(reaching.path("erasures")).as("the partner's contact person is erased with them").anySatisfy(e -> {
            assertThat(e.path("entitySet").asText()).isEqualTo("ContactPersons");
            assertThat(e.path("upToSeq").asLong()).isEqualTo(upToSeq);
        });

        // Reported applied (exactly these), they are not handed out again; a report names ids, nothing else.
        List<Long> ids = new ArrayList<>();
        erasures.forEach(e -> ids.add(e.path("id").asLong()));
        ODataClient.Response applied = lake().api("POST", "/lake/erasures/applied", "{\"ids\": " + ids + "}");
        assertThat(applied.status()).as(applied.body()).isEqualTo(200);
        assertThat(applied.json().path("applied").asInt()).isEqualTo(ids.size());
        assertThat(erasuresOf(page(position(), 10), id)).isEmpty();
        assertThat(lake().api("POST", "/lake/erasures/applied", "{\"ids\": [null]}").status()).isEqualTo(400);
        assertThat(lake().api("POST", "/lake/erasures/applied", "{\"upTo\": 5}").status()).isEqualTo(400);
    }

    /** The erasures of a page that name the partner {@code id}. */
    private static List<JsonNode> erasuresOf(JsonNode page, String id) {
        List<JsonNode> erasures = new ArrayList<>();
        page.path("erasures").forEach(e -> {
            if (e.path("entitySet").asText().equals("BusinessPartners") && e.path("key").asText().equals(id)) {
                erasures.add(e);
            }
        });
        return erasures;
    }

    @Test
    void anOffboardedTenantLeavesTheFeedAndIsErasedFromTheLake() throws InterruptedException {
        String tenant = onboardTenant("feed", "Chefin-Passwort-1");
        ODataClient chefin = as("chef@" + tenant, "Chefin-Passwort-1");
        long before = position();
        partner(chefin, "BP-FEED-4", "feed-4@example.org");
        assertThat(changesAfter(before, 1000)).anySatisfy(c -> assertThat(c.path("tenant").asText()).isEqualTo(tenant));

        assertThat(as(OPERATOR).api("POST", "/admin/tenants/" + tenant + "/offboard", null).status()).isIn(200, 202);
        JsonNode view = null;
        for (int i = 0; i < 240; i++) {
            view = as(OPERATOR).api("GET", "/admin/tenants/" + tenant, null).json();
            if (view.path("status").asText().equals("OFFBOARDED")) {
                break;
            }
            Thread.sleep(250);
        }
        assertThat(view.path("status").asText()).isEqualTo("OFFBOARDED");
        assertThat(view.path("erased")).extracting(JsonNode::asText).contains("database", "lake");

        assertThat(changesAfter(before, 1000)).noneSatisfy(c -> assertThat(c.path("tenant").asText()).isEqualTo(tenant));
        List<JsonNode> erasures = new ArrayList<>();
        page(position(), 10).path("erasures").forEach(erasures::add);
        assertThat(erasures).anySatisfy(e -> {
            assertThat(e.path("tenant").asText()).isEqualTo(tenant);
            assertThat(e.path("entitySet").isNull()).isTrue();
            assertThat(e.path("key").isNull()).isTrue();
        });
    }
}
