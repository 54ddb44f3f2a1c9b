package de.deutschlandstack.platform.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Deep insert and deep update: an order with its items in one request, one transaction; the items' business rules
 * hold as if each were written alone, and a failing item leaves nothing behind.
 */
class DeepWritesIT extends PlatformIT {

    private static String unique(String prefix) {
        return prefix + ThreadLocalRandom.current().nextInt(100_000, 999_999);
    }

    private long first(ODataClient client, String set) {
        return client.get(set + "?$top=1&$select=ID").rows().get(0).path("ID").asLong();
    }

    private String orderWithItems(ODataClient client, String number, String items) {
        return "{\"OrderNumber\":\"" + number + "\",\"OrderDate\":\"2026-11-26\",\"Customer@odata.bind\":\"BusinessPartners("
                + first(client, "BusinessPartners") + ")\",\"Items\":[" + items + "]}";
    }

    private String item(ODataClient client, int number, String quantity) {
        return "{\"ItemNumber\":" + number + ",\"Quantity\":" + quantity + ",\"Product@odata.bind\":\"Products(" + first(client, "Products") + ")\"}";
    }

    @Test
    void anOrderIsCreatedWithItsItemsAndAnsweredWithThem() {
        ODataClient anna = as(ANNA);
        ODataClient.Response created = anna.post("SalesOrders", orderWithItems(anna, unique("DI-"),
                item(anna, 10, "2") + "," + item(anna, 20, "3")));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode order = created.json();
        assertThat(order.path("Items")).hasSize(2);
        assertThat(order.path("Items").get(0).path("TaxCode").asText()).isNotEmpty();
        JsonNode stored = anna.get("SalesOrders(" + order.path("ID").asLong() + ")?$expand=Items").json();
        assertThat(stored.path("Items")).hasSize(2);
        // The totals were computed from the nested items, in the same transaction.
        assertThat(stored.path("NetAmount").decimalValue()).isEqualByComparingTo(
                stored.path("Items").get(0).path("NetAmount").decimalValue().add(stored.path("Items").get(1).path("NetAmount").decimalValue()));
        assertThat(order.path("NetAmount").decimalValue()).isEqualByComparingTo(stored.path("NetAmount").decimalValue());
    }

    @Test
    void aFailingNestedItemLeavesNothingBehind() {
        ODataClient anna = as(ANNA);
        String number = unique("DI-");
        String before = anna.get("SalesOrderItems/$count").body();
        ODataClient.Response refused = anna.post("SalesOrders", orderWithItems(anna, number,
                item(anna, 10, "2") + "," + item(anna, 20, "-1")));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.errorMessage()).contains("Quantity");
        assertThat(anna.get("SalesOrders?$filter=OrderNumber eq '" + number + "'").rows()).isEmpty();
        assertThat(anna.get("SalesOrderItems/$count").body()).isEqualTo(before);
    }

    @Test
    void aDeepUpdateChangesKeepsAddsAndRemovesItems() {
        ODataClient anna = as(ANNA);
        JsonNode order = anna.post("SalesOrders", orderWithItems(anna, unique("DU-"),
                item(anna, 10, "1") + "," + item(anna, 20, "1"))).json();
        long id = order.path("ID").asLong();
        long changed = order.path("Items").get(0).path("ID").asLong();
        long removed = order.path("Items").get(1).path("ID").asLong();
        ODataClient.Response updated = anna.patch("SalesOrders(" + id + ")", "{\"Note\":\"tief\",\"Items\":[{\"ID\":" + changed
                + ",\"Quantity\":5}," + item(anna, 30, "2") + "]}");
        assertThat(updated.status()).as(updated.body()).isEqualTo(200);
        JsonNode stored = anna.get("SalesOrders(" + id + ")?$expand=Items($orderby=ItemNumber)").json();
        assertThat(stored.path("Note").asText()).isEqualTo("tief");
        assertThat(stored.path("Items").findValuesAsText("ItemNumber")).containsExactly("10", "30");
        assertThat(stored.path("Items").get(0).path("Quantity").decimalValue()).isEqualByComparingTo("5");
        assertThat(anna.get("SalesOrderItems(" + removed + ")").status()).isEqualTo(404);

        // Another order's item cannot be pulled in through a deep update.
        long foreign = anna.post("SalesOrders", orderWithItems(anna, unique("DU-"), item(anna, 10, "1"))).json()
                .path("Items").get(0).path("ID").asLong();
        ODataClient.Response stolen = anna.patch("SalesOrders(" + id + ")", "{\"Items\":[{\"ID\":" + foreign + ",\"Quantity\":9}]}");
        assertThat(stolen.status()).isEqualTo(400);
        assertThat(anna.get("SalesOrders(" + id + ")?$expand=Items").json().path("Items")).hasSize(2);
    }

    @Test
    void aReleasedOrdersItemsCannotChangeThroughADeepUpdate() {
        ODataClient anna = as(ANNA);
        JsonNode order = anna.post("SalesOrders", orderWithItems(anna, unique("DU-"), item(anna, 10, "1"))).json();
        long id = order.path("ID").asLong();
        assertThat(anna.post("SalesOrders(" + id + ")/DeutschlandStack.Erp.Release", "{}").status()).isEqualTo(200);
        ODataClient.Response refused = anna.patch("SalesOrders(" + id + ")", "{\"Items\":[]}");
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.errorMessage()).contains("RELEASED");
        assertThat(anna.get("SalesOrders(" + id + ")?$expand=Items").json().path("Items")).hasSize(1);
    }
}
