package de.deutschlandstack.platform.it;

import org.junit.jupiter.api.Test;

import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** One property of one entity: read raw with /$value, changed with PUT, cleared with DELETE, under the entity's rules. */
class PropertyAccessIT extends PlatformIT {

    private long newOrder(ODataClient client) {
        long customer = client.get("BusinessPartners?$top=1&$select=ID").rows().get(0).path("ID").asLong();
        return client.post("SalesOrders", "{\"OrderNumber\":\"P-" + ThreadLocalRandom.current().nextInt(100_000, 999_999)
                + "\",\"OrderDate\":\"2026-11-26\",\"Note\":\"erst\",\"Customer@odata.bind\":\"BusinessPartners(" + customer + ")\"}")
                .json().path("ID").asLong();
    }

    @Test
    void onePropertyIsReadChangedAndCleared() {
        ODataClient anna = as(ANNA);
        long order = newOrder(anna);
        ODataClient.Response raw = anna.get("SalesOrders(" + order + ")/Note/$value", "Accept", "text/plain");
        assertThat(raw.status()).isEqualTo(200);
        assertThat(raw.body()).isEqualTo("erst");
        assertThat(raw.header("Content-Type").orElse("")).startsWith("text/plain");

        ODataClient.Response changed = anna.put("SalesOrders(" + order + ")/Note", "{\"value\":\"dann\"}");
        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        assertThat(changed.json().path("value").asText()).isEqualTo("dann");
        assertThat(anna.delete("SalesOrders(" + order + ")/Note").status()).isEqualTo(204);
        assertThat(anna.get("SalesOrders(" + order + ")/Note/$value", "Accept", "text/plain").status()).isEqualTo(204);
    }

    @Test
    void aPropertyKeepsItsEntitysRules() {
        ODataClient anna = as(ANNA);
        long order = newOrder(anna);
        assertThat(anna.put("SalesOrders(" + order + ")/NetAmount", "{\"value\":1}").status()).isEqualTo(400);
        assertThat(anna.send("PUT", "SalesOrders(" + order + ")/Note", "{\"value\":\"x\"}", "application/json").status()).isEqualTo(428);
        assertThat(anna.delete("SalesOrders(" + order + ")/OrderDate").status()).isEqualTo(400);
        assertThat(as(BEN).put("SalesOrders(" + order + ")/Note", "{\"value\":\"fremd\"}").status()).isEqualTo(404);
        assertThat(anna.get("SalesOrders(" + order + ")/Note/$value", "Accept", "text/plain").body()).isEqualTo("erst");
    }
}
