package de.deutschlandstack.platform.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Delta links: a read with {@code Prefer: odata.track-changes} ends with a delta link, and following it returns
 * exactly what changed since (created, changed, removed), for the caller's tenant only, whatever made the change.
 */
class DeltaLinksIT extends PlatformIT {

    private static final String FILTER = "$filter=Note eq null or Note ne 'hidden'&$select=OrderNumber,Note,Status";

    private static String unique(String prefix) {
        return prefix + ThreadLocalRandom.current().nextInt(100_000, 999_999);
    }

    /** Reads the whole tracked collection, page by page, and returns its delta link. */
    private String track(ODataClient client) {
        ODataClient.Response page = client.get("SalesOrders?" + FILTER, "Prefer", "odata.track-changes,odata.maxpagesize=500");
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        assertThat(page.header("Preference-Applied").orElse("")).contains("odata.track-changes");
        while (page.json().has("@odata.nextLink")) {
            assertThat(page.json().has("@odata.deltaLink")).isFalse();
            page = client.getAbsolute(page.json().path("@odata.nextLink").asText());
        }
        String delta = page.json().path("@odata.deltaLink").asText();
        assertThat(delta).contains("$deltatoken=").contains("$filter=").doesNotContain("skiptoken");
        return delta;
    }

    private long createOrder(ODataClient client, String number) {
        long customer = client.get("BusinessPartners?$top=1&$select=ID").rows().get(0).path("ID").asLong();
        ODataClient.Response created = client.post("SalesOrders", "{\"OrderNumber\":\"" + number + "\",\"OrderDate\":\"2026-11-26\","
                + "\"Customer@odata.bind\":\"BusinessPartners(" + customer + ")\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().path("ID").asLong();
    }

    @Test
    void followingTheDeltaLinkReturnsWhatChangedSince() {
        ODataClient anna = as(ANNA);
        long existing = createOrder(anna, unique("D-OLD-"));
        long hidden = createOrder(anna, unique("D-HID-"));
        String delta = track(anna);

        String added = unique("D-NEW-");
        long created = createOrder(anna, added);
        long passing = createOrder(anna, unique("D-GONE-"));
        assertThat(anna.delete("SalesOrders(" + passing + ")").status()).isEqualTo(204);
        assertThat(anna.patch("SalesOrders(" + existing + ")", "{\"Note\":\"geändert\"}").status()).isEqualTo(200);
        assertThat(anna.patch("SalesOrders(" + hidden + ")", "{\"Note\":\"hidden\"}").status()).isEqualTo(200);
        // Ben's changes are his own: they never show in Anna's delta.
        createOrder(as(BEN), unique("D-BEN-"));

        ODataClient.Response changes = anna.getAbsolute(delta);
        assertThat(changes.status()).as(changes.body()).isEqualTo(200);
        JsonNode value = changes.json().path("value");
        List<String> seen = new ArrayList<>();
        for (JsonNode entry : value) {
            if (entry.has("@removed")) {
                seen.add("removed " + entry.path("@removed").path("reason").asText() + " " + entry.path("@id").asText());
            } else {
                seen.add("current " + entry.path("OrderNumber").asText() + " " + entry.path("Note").asText());
            }
        }
        assertThat(seen).containsExactlyInAnyOrder(
                "current " + added + " null",
                "removed deleted SalesOrders(" + passing + ")",
                "current " + anna.get("SalesOrders(" + existing + ")").json().path("OrderNumber").asText() + " geändert",
                "removed changed SalesOrders(" + hidden + ")");
        assertThat(anna.get("SalesOrders(" + created + ")").status()).isEqualTo(200);

        // Nothing changed since: the next delta link (4.01 writes control information without "odata.") returns nothing.
        String next = changes.json().path("@deltaLink").asText();
        assertThat(next).contains("$deltatoken=").isNotEqualTo(delta);
        assertThat(anna.getAbsolute(next).json().path("value")).isEmpty();
    }

    @Test
    void aDeltaIsPagedAtTheClientsPageSizeAndEndsWithTheNextDeltaLink() {
        ODataClient anna = as(ANNA);
        long patched = createOrder(anna, unique("D-PAT-"));
        String delta = track(anna);
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            created.add(unique("D-PG" + i + "-"));
            createOrder(anna, created.get(i));
        }
        for (String note : new String[]{"erste", "zweite", "dritte"}) {
            assertThat(anna.patch("SalesOrders(" + patched + ")", "{\"Note\":\"" + note + "\"}").status()).isEqualTo(200);
        }
        String patchedNumber = anna.get("SalesOrders(" + patched + ")").json().path("OrderNumber").asText();

        // Eight changes of six orders, two log entries a page: every page holds at most two, and links to the next.
        List<String> seen = new ArrayList<>();
        int pages = 0;
        ODataClient.Response page = anna.getAbsolute(delta, "Prefer", "odata.maxpagesize=2");
        while (true) {
            assertThat(page.status()).as(page.body()).isEqualTo(200);
            pages++;
            JsonNode body = page.json();
            assertThat(body.path("value").size()).as(page.body()).isLessThanOrEqualTo(2);
            for (JsonNode entry : body.path("value")) {
                assertThat(entry.has("@removed")).as(entry.toString()).isFalse();
                seen.add(entry.path("OrderNumber").asText() + " " + entry.path("Note").asText());
            }
            String next = body.path("@nextLink").asText(body.path("@odata.nextLink").asText(""));
            if (next.isEmpty()) {
                break;
            }
            assertThat(body.has("@deltaLink") || body.has("@odata.deltaLink")).isFalse();
            assertThat(pages).as("pages of a delta of eight changes").isLessThan(10);
            page = anna.getAbsolute(next, "Prefer", "odata.maxpagesize=2");
        }
        assertThat(pages).isGreaterThanOrEqualTo(4);
        List<String> expected = new ArrayList<>();
        created.forEach(number -> expected.add(number + " null"));
        // The order patched three times is seen in its final state only: a page that reaches one of its earlier
        // changes shows it as it is now, and once per page at most.
        assertThat(seen).filteredOn(line -> line.startsWith(patchedNumber + " ")).isNotEmpty()
                .allMatch(line -> line.equals(patchedNumber + " dritte"));
        assertThat(seen.stream().distinct().toList()).containsExactlyInAnyOrderElementsOf(
                java.util.stream.Stream.concat(expected.stream(), java.util.stream.Stream.of(patchedNumber + " dritte")).toList());
        assertThat(seen.stream().filter(line -> !line.startsWith(patchedNumber + " ")).toList())
                .containsExactlyInAnyOrderElementsOf(expected);

        // The last page's delta link: nothing changed since.
        String next = page.json().path("@deltaLink").asText();
        assertThat(next).contains("$deltatoken=");
        assertThat(anna.getAbsolute(next).json().path("value")).isEmpty();
    }

    @Test
    void whatABatchChangedIsInTheDelta() {
        ODataClient anna = as(ANNA);
        long existing = createOrder(anna, unique("D-BAO-"));
        long doomed = createOrder(anna, unique("D-BAD-"));
        String delta = track(anna);
        long customer = anna.get("BusinessPartners?$top=1&$select=ID").rows().get(0).path("ID").asLong();
        String added = unique("D-BAN-");
        String json = "{\"requests\":["
                + "{\"id\":\"n\",\"atomicityGroup\":\"g\",\"method\":\"POST\",\"url\":\"SalesOrders\",\"body\":{\"OrderNumber\":\""
                + added + "\",\"OrderDate\":\"2026-11-26\",\"Customer@odata.bind\":\"BusinessPartners(" + customer + ")\"}},"
                + "{\"id\":\"p\",\"atomicityGroup\":\"g\",\"method\":\"PATCH\",\"url\":\"SalesOrders(" + existing
                + ")\",\"headers\":{\"If-Match\":\"*\"},\"body\":{\"Note\":\"im Batch\"}},"
                + "{\"id\":\"d\",\"method\":\"DELETE\",\"url\":\"SalesOrders(" + doomed + ")\",\"headers\":{\"If-Match\":\"*\"}}]}";
        ODataClient.Response batch = anna.send("POST", "$batch", json, "application/json");
        assertThat(batch.status()).as(batch.body()).isEqualTo(200);
        for (JsonNode answer : batch.json().path("responses")) {
            assertThat(answer.path("status").asInt()).as(answer.toString()).isBetween(200, 204);
        }

        List<String> seen = new ArrayList<>();
        for (JsonNode entry : anna.getAbsolute(delta).json().path("value")) {
            seen.add(entry.has("@removed") ? "removed " + entry.path("@removed").path("reason").asText() + " " + entry.path("@id").asText()
                    : "current " + entry.path("OrderNumber").asText() + " " + entry.path("Note").asText());
        }
        assertThat(seen).containsExactlyInAnyOrder("current " + added + " null",
                "current " + anna.get("SalesOrders(" + existing + ")").json().path("OrderNumber").asText() + " im Batch",
                "removed deleted SalesOrders(" + doomed + ")");
    }

    @Test
    void aClientOfOData40GetsThe40DeltaFormat() {
        ODataClient anna = as(ANNA);
        long passing = createOrder(anna, unique("D-40-"));
        String delta = track(anna);
        assertThat(anna.delete("SalesOrders(" + passing + ")").status()).isEqualTo(204);
        ODataClient.Response changes = anna.getAbsolute(delta, "OData-MaxVersion", "4.0");
        assertThat(changes.header("OData-Version")).contains("4.0");
        JsonNode removed = changes.json().path("value").get(0);
        assertThat(removed.path("@odata.context").asText()).endsWith("$deletedEntity");
        assertThat(removed.path("reason").asText()).isEqualTo("deleted");
        assertThat(changes.json().path("@odata.deltaLink").asText()).contains("$deltatoken=");
    }

    @Test
    void actionsAndOtherTenantsAreSeenAsTheyShouldBe() {
        ODataClient anna = as(ANNA);
        long order = createOrder(anna, unique("D-ACT-"));
        long product = anna.get("Products?$top=1&$select=ID").rows().get(0).path("ID").asLong();
        assertThat(anna.post("SalesOrderItems", "{\"ItemNumber\":10,\"Quantity\":1,\"Order@odata.bind\":\"SalesOrders(" + order
                + ")\",\"Product@odata.bind\":\"Products(" + product + ")\"}").status()).isEqualTo(201);
        String delta = track(anna);
        assertThat(anna.post("SalesOrders(" + order + ")/DeutschlandStack.Erp.Release", "{}").status()).isEqualTo(200);

        JsonNode value = anna.getAbsolute(delta).json().path("value");
        assertThat(value).hasSize(1);
        assertThat(value.get(0).path("Status").asText()).isEqualTo("RELEASED");
        // Ben following Anna's link sees Ben's tenant only: the token is a position, the tenant is the caller's.
        ODataClient.Response ben = as(BEN).getAbsolute(delta);
        assertThat(ben.status()).isEqualTo(200);
        for (JsonNode entry : ben.json().path("value")) {
            assertThat(entry.path("OrderNumber").asText()).doesNotStartWith("D-ACT-");
        }
    }

    @Test
    void aForgedDeltaTokenIsTheClientsError() {
        ODataClient anna = as(ANNA);
        for (String token : new String[]{"abc", "-1", "1.5", ""}) {
            ODataClient.Response response = anna.get("SalesOrders?$deltatoken=" + token);
            assertThat(response.status()).as(token + ": " + response.body()).isEqualTo(400);
            assertThat(response.errorMessage()).contains("$deltatoken");
        }
        assertThat(anna.get("SalesOrders?$deltatoken=0&$top=5").status()).isEqualTo(400);
        // A token beyond the set's last change (a link of an earlier release, or a guess): nothing changed since.
        ODataClient.Response ahead = anna.get("SalesOrders?$deltatoken=99999999999999");
        assertThat(ahead.status()).as(ahead.body()).isEqualTo(200);
        assertThat(ahead.json().path("value")).isEmpty();
    }

    @Test
    void aDeltaTokenDoesNotMoveWhenAnotherTenantWrites() {
        // A token counting every tenant's changes would tell Anna how much Ben's company writes.
        ODataClient anna = as(ANNA);
        String before = track(anna);
        createOrder(as(BEN), unique("D-BEN-"));
        assertThat(track(anna)).isEqualTo(before);
        createOrder(anna, unique("D-ANN-"));
        assertThat(track(anna)).isNotEqualTo(before);
    }
}
