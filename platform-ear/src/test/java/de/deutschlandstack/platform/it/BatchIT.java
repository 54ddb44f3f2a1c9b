package de.deutschlandstack.platform.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code $batch}, multipart and JSON: a change set is stored whole or not at all, Content-ID references reach the
 * entities created before them, and every request of a batch meets the same limits, tenancy and preconditions as a
 * request sent on its own.
 */
class BatchIT extends PlatformIT {

    private static final String CRLF = "\r\n";

    private static String unique(String prefix) {
        return prefix + ThreadLocalRandom.current().nextInt(100_000, 999_999);
    }

    private static String part(String contentId, String method, String url, String json) {
        return "Content-Type: application/http" + CRLF + "Content-Transfer-Encoding: binary" + CRLF
                + (contentId == null ? "" : "Content-ID: " + contentId + CRLF) + CRLF
                + method + " " + url + " HTTP/1.1" + CRLF
                + (json == null ? "Accept: application/json" + CRLF + CRLF : "Content-Type: application/json" + CRLF + CRLF + json)
                + CRLF;
    }

    private static String changeSet(String boundary, String... parts) {
        StringBuilder body = new StringBuilder("Content-Type: multipart/mixed; boundary=" + boundary + CRLF + CRLF);
        for (String part : parts) {
            body.append("--").append(boundary).append(CRLF).append(part);
        }
        return body.append("--").append(boundary).append("--").append(CRLF).toString();
    }

    private static String batch(String... parts) {
        StringBuilder body = new StringBuilder();
        for (String part : parts) {
            body.append("--batch_t").append(CRLF).append(part);
        }
        return body.append("--batch_t--").append(CRLF).toString();
    }

    private ODataClient.Response multipart(ODataClient client, String body) {
        return client.send("POST", "$batch", body, "multipart/mixed; boundary=batch_t");
    }

    private long customer(ODataClient client) {
        return client.get("BusinessPartners?$top=1&$select=ID").rows().get(0).path("ID").asLong();
    }

    private long product(ODataClient client) {
        return client.get("Products?$top=1&$select=ID").rows().get(0).path("ID").asLong();
    }

    @Test
    void aMultipartChangeSetCreatesAnOrderWithItsItemsThroughContentIds() {
        ODataClient anna = as(ANNA);
        String number = unique("B-");
        ODataClient.Response response = multipart(anna, batch(
                changeSet("cs_1",
                        part("1", "POST", "SalesOrders", "{\"OrderNumber\":\"" + number + "\",\"OrderDate\":\"2026-11-26\","
                                + "\"Customer@odata.bind\":\"BusinessPartners(" + customer(anna) + ")\"}"),
                        part("2", "POST", "$1/Items", "{\"ItemNumber\":10,\"Quantity\":2,\"Product@odata.bind\":\"Products("
                                + product(anna) + ")\"}")),
                part(null, "GET", "SalesOrders?$filter=OrderNumber%20eq%20'" + number + "'&$expand=Items", null)));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).contains("HTTP/1.1 201", "HTTP/1.1 200");
        // The read after the change set answers with the collection it found.
        assertThat(response.body()).contains("\"OrderNumber\":\"" + number + "\"");
        JsonNode order = anna.get("SalesOrders?$filter=OrderNumber eq '" + number + "'&$expand=Items").rows().get(0);
        assertThat(order.path("Items")).hasSize(1);
        assertThat(order.path("NetAmount").decimalValue().signum()).isPositive();
    }

    @Test
    void aChangeSetWithOneFailingRequestStoresNothing() {
        ODataClient anna = as(ANNA);
        String before = anna.get("SalesOrders/$count").body();
        String number = unique("B-");
        ODataClient.Response response = multipart(anna, batch(changeSet("cs_2",
                part("1", "POST", "SalesOrders", "{\"OrderNumber\":\"" + number + "\",\"OrderDate\":\"2026-11-26\","
                        + "\"Customer@odata.bind\":\"BusinessPartners(" + customer(anna) + ")\"}"),
                part("2", "POST", "SalesOrders", "{\"OrderNumber\":\"" + number + "-2\"}"))));
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).contains("HTTP/1.1 400").doesNotContain("HTTP/1.1 201");
        assertThat(anna.get("SalesOrders/$count").body()).isEqualTo(before);
        assertThat(anna.get("SalesOrders?$filter=OrderNumber eq '" + number + "'").rows()).isEmpty();
    }

    @Test
    void aJsonBatchRunsAnAtomicityGroupWithReferences() {
        ODataClient anna = as(ANNA);
        String number = unique("J-");
        String json = "{\"requests\":["
                + "{\"id\":\"order\",\"atomicityGroup\":\"g1\",\"method\":\"post\",\"url\":\"SalesOrders\",\"body\":{\"OrderNumber\":\""
                + number + "\",\"OrderDate\":\"2026-11-26\",\"Customer@odata.bind\":\"BusinessPartners(" + customer(anna) + ")\"}},"
                + "{\"id\":\"item\",\"atomicityGroup\":\"g1\",\"method\":\"post\",\"url\":\"SalesOrderItems\",\"body\":{\"ItemNumber\":10,"
                + "\"Quantity\":3,\"Order@odata.bind\":\"$order\",\"Product@odata.bind\":\"Products(" + product(anna) + ")\"}},"
                + "{\"id\":\"read\",\"dependsOn\":[\"g1\"],\"method\":\"get\",\"url\":\"$order?$expand=Items\"}]}";
        ODataClient.Response response = anna.send("POST", "$batch", json, "application/json");
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode responses = response.json().path("responses");
        assertThat(responses).hasSize(3);
        assertThat(responses.get(0).path("status").asInt()).isEqualTo(201);
        assertThat(responses.get(0).path("atomicityGroup").asText()).isEqualTo("g1");
        assertThat(responses.get(1).path("status").asInt()).as(responses.get(1).toString()).isEqualTo(201);
        assertThat(responses.get(2).path("body").path("Items")).hasSize(1);
        assertThat(responses.get(2).path("body").path("OrderNumber").asText()).isEqualTo(number);
    }

    @Test
    void aFailingAtomicityGroupIsRolledBackAndItsDependentsAreNotRun() {
        ODataClient anna = as(ANNA);
        String before = anna.get("SalesOrders/$count").body();
        String number = unique("J-");
        String json = "{\"requests\":["
                + "{\"id\":\"a\",\"atomicityGroup\":\"g\",\"method\":\"POST\",\"url\":\"SalesOrders\",\"body\":{\"OrderNumber\":\""
                + number + "\",\"OrderDate\":\"2026-11-26\",\"Customer@odata.bind\":\"BusinessPartners(" + customer(anna) + ")\"}},"
                + "{\"id\":\"b\",\"atomicityGroup\":\"g\",\"method\":\"POST\",\"url\":\"SalesOrders\",\"body\":{\"OrderDate\":\"not a date\"}},"
                + "{\"id\":\"c\",\"dependsOn\":[\"g\"],\"method\":\"GET\",\"url\":\"SalesOrders/$count\"}]}";
        // Processing stops at the failed group by default.
        JsonNode responses = anna.send("POST", "$batch", json, "application/json").json().path("responses");
        assertThat(responses).hasSize(2);
        assertThat(responses.get(0).path("status").asInt()).isEqualTo(424);
        assertThat(responses.get(1).path("status").asInt()).isEqualTo(400);
        assertThat(anna.get("SalesOrders/$count").body()).isEqualTo(before);
        // With continue-on-error the request that depends on the group is answered too, and not run.
        JsonNode all = anna.post("$batch", json, "Prefer", "odata.continue-on-error").json().path("responses");
        assertThat(all).hasSize(3);
        assertThat(all.get(2).path("status").asInt()).isEqualTo(424);
        assertThat(anna.get("SalesOrders/$count").body()).isEqualTo(before);
    }

    @Test
    void everyRequestOfABatchMeetsTheLimitsTenancyAndPreconditions() {
        ODataClient anna = as(ANNA);
        long annasOrder = anna.get("SalesOrders?$top=1&$select=ID").rows().get(0).path("ID").asLong();
        String json = "{\"requests\":["
                + "{\"id\":\"deep\",\"method\":\"GET\",\"url\":\"SalesOrders?$filter=" + "(".repeat(200) + "ID eq 1" + ")".repeat(200) + "\"},"
                + "{\"id\":\"other\",\"method\":\"GET\",\"url\":\"SalesOrders(" + annasOrder + ")\"},"
                + "{\"id\":\"guess\",\"method\":\"PATCH\",\"url\":\"SalesOrders(" + annasOrder + ")\",\"body\":{\"Note\":\"x\"}}]}";
        ODataClient.Response response = as(BEN).send("POST", "$batch", json, "application/json");
        // Ben's batch: stop at the first failure is the default; with continue-on-error every request is answered.
        assertThat(response.json().path("responses")).hasSize(1);
        assertThat(response.json().path("responses").get(0).path("status").asInt()).isEqualTo(400);
        assertThat(response.json().path("responses").get(0).path("body").path("error").path("message").asText())
                .contains("PLATFORM_ODATA_MAX_EXPRESSION_DEPTH");

        JsonNode all = as(BEN).post("$batch", json, "Prefer", "odata.continue-on-error").json().path("responses");
        assertThat(all).hasSize(3);
        assertThat(List.of(all.get(0).path("status").asInt(), all.get(1).path("status").asInt(), all.get(2).path("status").asInt()))
                .containsExactly(400, 404, 404);
        // Anna's own PATCH in a batch still needs the ETag she read.
        JsonNode mine = anna.send("POST", "$batch", "{\"requests\":[{\"id\":\"p\",\"method\":\"PATCH\",\"url\":\"SalesOrders("
                + annasOrder + ")\",\"body\":{\"Note\":\"x\"}}]}", "application/json").json().path("responses");
        assertThat(mine.get(0).path("status").asInt()).isEqualTo(428);
    }

    @Test
    void aBatchHoldsAtMostTheLimitsRequests() {
        StringBuilder json = new StringBuilder("{\"requests\":[");
        for (int i = 0; i < 1001; i++) {
            json.append(i == 0 ? "" : ",").append("{\"id\":\"r").append(i).append("\",\"method\":\"GET\",\"url\":\"Currencies\"}");
        }
        ODataClient.Response response = as(ANNA).send("POST", "$batch", json.append("]}").toString(), "application/json");
        assertThat(response.status()).isEqualTo(413);
        assertThat(response.errorMessage()).contains("PLATFORM_ODATA_MAX_BATCH_REQUESTS");
        ODataClient.Response malformed = as(ANNA).send("POST", "$batch", "{\"requests\":[{\"id\":\"x\"}]}", "application/json");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.errorMessage()).contains("\"method\"");
        assertThat(malformed.json().path("error").path("code").asText()).isEqualTo("400");
        // $metadata keeps its meaning: no request may be called metadata.
        ODataClient.Response reserved = as(ANNA).send("POST", "$batch",
                "{\"requests\":[{\"id\":\"metadata\",\"method\":\"GET\",\"url\":\"Currencies\"}]}", "application/json");
        assertThat(reserved.status()).isEqualTo(400);
        assertThat(reserved.errorMessage()).contains("is reserved");
        StringBuilder headers = new StringBuilder();
        for (int i = 0; i < 101; i++) {
            headers.append(i == 0 ? "" : ",").append("\"X-H").append(i).append("\":\"v\"");
        }
        ODataClient.Response crowded = as(ANNA).send("POST", "$batch", "{\"requests\":[{\"id\":\"r\",\"method\":\"GET\","
                + "\"url\":\"Currencies\",\"headers\":{" + headers + "}}]}", "application/json");
        assertThat(crowded.status()).isEqualTo(400);
        assertThat(crowded.errorMessage()).contains("more than 100 headers");
        // A multipart batch holds no batch: each would be another thousand requests.
        ODataClient.Response nested = multipart(as(ANNA), batch(part(null, "GET", "$batch", null)));
        assertThat(nested.status()).isEqualTo(400);
        assertThat(nested.errorMessage()).contains("cannot hold another batch");
    }

    @Test
    void aDeepInsertAndAnActionOnItInOneGroup() {
        ODataClient anna = as(ANNA);
        String json = "{\"requests\":[{\"id\":\"o\",\"atomicityGroup\":\"g\",\"method\":\"POST\",\"url\":\"SalesOrders\",\"body\":{"
                + "\"OrderNumber\":\"" + unique("J-") + "\",\"OrderDate\":\"2026-11-26\",\"Customer@odata.bind\":\"BusinessPartners("
                + customer(anna) + ")\",\"Items\":[{\"ItemNumber\":10,\"Quantity\":1,\"Product@odata.bind\":\"Products(" + product(anna) + ")\"}]}},"
                + "{\"id\":\"r\",\"atomicityGroup\":\"g\",\"method\":\"POST\",\"url\":\"$o/DeutschlandStack.Erp.Release\",\"body\":{}}]}";
        JsonNode responses = anna.send("POST", "$batch", json, "application/json").json().path("responses");
        assertThat(responses.get(1).path("status").asInt()).as(responses.toString()).isEqualTo(200);
        assertThat(responses.get(1).path("body").path("Status").asText()).isEqualTo("RELEASED");
    }

    /** Reads Anna's orders with change tracking, page by page, and returns the delta link of the last page. */
    private static String deltaLink(ODataClient client) {
        ODataClient.Response page = client.get("SalesOrders?$select=ID", "Prefer", "odata.track-changes,odata.maxpagesize=1000");
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        while (page.json().has("@odata.nextLink")) {
            page = client.getAbsolute(page.json().path("@odata.nextLink").asText());
        }
        String delta = page.json().path("@odata.deltaLink").asText();
        assertThat(delta).contains("$deltatoken=");
        return delta;
    }

    @Test
    void anActionRefusedInsideAnAtomicityGroupTakesTheWholeGroupBack() {
        // An order created without items, then released through its Content-ID: the release is refused, and the
        // order created just before it in the same group is not stored either, nor recorded in the change log.
        ODataClient anna = as(ANNA);
        String before = anna.get("SalesOrders/$count").body();
        String delta = deltaLink(anna);
        String number = unique("J-");
        String json = "{\"requests\":[{\"id\":\"o\",\"atomicityGroup\":\"g\",\"method\":\"POST\",\"url\":\"SalesOrders\",\"body\":{"
                + "\"OrderNumber\":\"" + number + "\",\"OrderDate\":\"2026-11-26\",\"Customer@odata.bind\":\"BusinessPartners("
                + customer(anna) + ")\"}},"
                + "{\"id\":\"r\",\"atomicityGroup\":\"g\",\"method\":\"POST\",\"url\":\"$o/DeutschlandStack.Erp.Release\",\"body\":{}}]}";
        ODataClient.Response response = anna.send("POST", "$batch", json, "application/json");
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode responses = response.json().path("responses");
        assertThat(responses).hasSize(2);
        assertThat(responses.get(0).path("status").asInt()).as(responses.toString()).isEqualTo(424);
        assertThat(responses.get(1).path("status").asInt()).as(responses.toString()).isEqualTo(400);
        assertThat(responses.get(1).path("body").path("error").path("message").asText())
                .contains(number, "an order without items cannot be released");

        assertThat(anna.get("SalesOrders?$filter=OrderNumber eq '" + number + "'").rows()).isEmpty();
        assertThat(anna.get("SalesOrders/$count").body()).isEqualTo(before);
        ODataClient.Response changes = anna.getAbsolute(delta);
        assertThat(changes.status()).as(changes.body()).isEqualTo(200);
        assertThat(changes.json().path("value")).as(changes.body()).isEmpty();

        // The same in a multipart change set: the refusal names the request that failed, and nothing is stored.
        String other = unique("B-");
        ODataClient.Response multipart = multipart(anna, batch(changeSet("cs_r",
                part("1", "POST", "SalesOrders", "{\"OrderNumber\":\"" + other + "\",\"OrderDate\":\"2026-11-26\","
                        + "\"Customer@odata.bind\":\"BusinessPartners(" + customer(anna) + ")\"}"),
                part("2", "POST", "$1/DeutschlandStack.Erp.Release", "{}"))));
        assertThat(multipart.status()).isEqualTo(200);
        assertThat(multipart.body()).contains("HTTP/1.1 400", "Request Content-ID 2:", "an order without items cannot be released")
                .doesNotContain("HTTP/1.1 201");
        assertThat(anna.get("SalesOrders?$filter=OrderNumber eq '" + other + "'").rows()).isEmpty();
        assertThat(anna.getAbsolute(delta).json().path("value")).isEmpty();
    }

    @Test
    void referencesToEarlierRequestsResolveInsideNestedEntitiesToo() {
        ODataClient anna = as(ANNA);
        String json = "{\"requests\":["
                + "{\"id\":\"p\",\"atomicityGroup\":\"g\",\"method\":\"POST\",\"url\":\"Products\",\"body\":{\"ProductNumber\":\""
                + unique("P-") + "\",\"Name\":\"Neuware\",\"UnitPrice\":7.50,\"UnitOfMeasure\":\"C62\",\"SalesTaxCode\":\"U19\","
                + "\"PurchaseTaxCode\":\"V19\"}},"
                + "{\"id\":\"o\",\"atomicityGroup\":\"g\",\"method\":\"POST\",\"url\":\"SalesOrders\",\"body\":{"
                + "\"OrderNumber\":\"" + unique("J-") + "\",\"OrderDate\":\"2026-11-26\",\"Customer@odata.bind\":\"BusinessPartners("
                + customer(anna) + ")\",\"Items\":[{\"ItemNumber\":10,\"Quantity\":2,\"Product@odata.bind\":\"$p\"}]}}]}";
        JsonNode responses = anna.send("POST", "$batch", json, "application/json").json().path("responses");
        assertThat(responses.get(1).path("status").asInt()).as(responses.toString()).isEqualTo(201);
        // Two of the product created just before, at its price of 7.50.
        assertThat(responses.get(1).path("body").path("Items").get(0).path("UnitPrice").decimalValue()).isEqualByComparingTo("7.50");
        assertThat(responses.get(1).path("body").path("NetAmount").decimalValue()).isEqualByComparingTo("15.00");
    }

    @Test
    void anUnknownContentIdIsTheClientsError() {
        ODataClient anna = as(ANNA);
        ODataClient.Response response = multipart(anna, batch(changeSet("cs_9",
                part("1", "POST", "$9/Items", "{\"ItemNumber\":10,\"Quantity\":1}"))));
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).contains("HTTP/1.1 400").doesNotContain("HTTP/1.1 500");
    }

    @Test
    void aBatchOfManyLargeReadsStopsAtItsResponseBudget() {
        // The test server allows 100,000 bytes of answers per batch; each read here answers a page of orders with items.
        StringBuilder json = new StringBuilder("{\"requests\":[");
        for (int i = 0; i < 60; i++) {
            json.append(i == 0 ? "" : ",").append("{\"id\":\"r").append(i).append("\",\"method\":\"GET\",\"url\":\"SalesOrders?$expand=Items&$skip=")
                    .append(i).append("\"}");
        }
        JsonNode responses = as(ANNA).post("$batch", json.append("]}").toString(), "Prefer", "odata.continue-on-error").json().path("responses");
        assertThat(responses).hasSize(60);
        assertThat(responses.get(0).path("status").asInt()).isEqualTo(200);
        assertThat(responses.get(0).path("body").path("value").size()).isPositive();
        JsonNode last = responses.get(59);
        assertThat(last.path("status").asInt()).isEqualTo(413);
        assertThat(last.path("body").path("error").path("message").asText()).contains("PLATFORM_ODATA_MAX_BATCH_RESPONSE_BYTES");
    }

    /** A JSON batch of one atomicity group: request i (from 1) has the id ri and the given method, URL and body. */
    private static String atomicityGroup(int requests, java.util.function.IntFunction<String> request) {
        StringBuilder json = new StringBuilder("{\"requests\":[");
        for (int i = 1; i <= requests; i++) {
            json.append(i == 1 ? "" : ",").append("{\"id\":\"r").append(i).append("\",\"atomicityGroup\":\"g\",")
                    .append(request.apply(i)).append("}");
        }
        return json.append("]}").toString();
    }

    private static String costCenter(String number) {
        return "{\"CostCenterNumber\":\"" + number + "\",\"Name\":\"Batch " + number + "\"}";
    }

    @Test
    void aDuplicateInAMultipartChangeSetIsTheErrorOfTheRequestThatSentIt() {
        // Creates of a change set are sent to the database together; the one that breaks a unique key still answers.
        ODataClient anna = as(ANNA);
        String number = unique("D");
        ODataClient.Response response = multipart(anna, batch(changeSet("cs_d",
                part("1", "POST", "CostCenters", costCenter(number)),
                part("2", "POST", "CostCenters", costCenter(number + "b")),
                part("3", "POST", "CostCenters", costCenter(number)))));
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).contains("HTTP/1.1 409", "Request Content-ID 3: The change conflicts with existing data")
                .doesNotContain("HTTP/1.1 201");
        assertThat(anna.get("CostCenters?$filter=startswith(CostCenterNumber,'" + number + "')").rows()).isEmpty();
    }

    @Test
    void aDuplicateLateInALargeAtomicityGroupIsAnsweredAsItsOwnRequestsError() {
        // 150 creates: the first 100 are flushed together, the rest at the end, where the 150th breaks the unique key
        // of the 10th. The group is rolled back and run once more request by request, so that the 150th answers 409.
        ODataClient anna = as(ANNA);
        String prefix = unique("L");
        JsonNode responses = anna.send("POST", "$batch", atomicityGroup(150, i ->
                "\"method\":\"POST\",\"url\":\"CostCenters\",\"body\":" + costCenter(prefix + (i == 150 ? 10 : i))), "application/json")
                .json().path("responses");
        assertThat(responses).hasSize(150);
        assertThat(responses.get(149).path("status").asInt()).as(responses.get(149).toString()).isEqualTo(409);
        for (int i = 0; i < 149; i++) {
            assertThat(responses.get(i).path("status").asInt()).as("request %d", i + 1).isEqualTo(424);
        }
        assertThat(anna.get("CostCenters?$filter=startswith(CostCenterNumber,'" + prefix + "')").rows()).isEmpty();
    }

    @Test
    void aLargeAtomicityGroupChangesWhatItCreatedBeforeItsFlushes() {
        // The 120th request changes the entity the 5th created, after the group flushed its first 100 requests.
        ODataClient anna = as(ANNA);
        String prefix = unique("F");
        JsonNode responses = anna.send("POST", "$batch", atomicityGroup(130, i -> i == 120
                ? "\"method\":\"PATCH\",\"url\":\"$r5\",\"headers\":{\"If-Match\":\"*\"},\"body\":{\"Name\":\"Renamed in the batch\"}"
                : "\"method\":\"POST\",\"url\":\"CostCenters\",\"body\":" + costCenter(prefix + i)), "application/json")
                .json().path("responses");
        assertThat(responses).hasSize(130);
        for (JsonNode answer : responses) {
            assertThat(answer.path("status").asInt()).as(answer.toString()).isIn(200, 201);
        }
        // Every create answers with its key and ETag, as a create of its own does.
        assertThat(responses.get(0).path("body").path("ID").asLong()).isPositive();
        assertThat(responses.get(0).path("body").path("@odata.etag").asText()).isNotEmpty();
        assertThat(anna.get("CostCenters/$count?$filter=startswith(CostCenterNumber,'" + prefix + "')").body()).isEqualTo("129");
        List<JsonNode> fifth = anna.get("CostCenters?$filter=CostCenterNumber eq '" + prefix + 5 + "'").rows();
        assertThat(fifth).singleElement().satisfies(row -> assertThat(row.path("Name").asText()).isEqualTo("Renamed in the batch"));
    }
}
