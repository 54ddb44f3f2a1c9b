package de.deutschlandstack.platform.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Ben (bayern-werke) must not see, change or delete Anna's (stadt-muenchen) data by any URL. */
class TenantIsolationIT extends PlatformIT {

    private long annasFirstOrder() {
        return as(ANNA).get("SalesOrders?$top=1&$orderby=ID&$select=ID").rows().get(0).path("ID").asLong();
    }

    @Test
    void anotherTenantCannotReadMyOrderByKey() {
        long id = annasFirstOrder();
        assertThat(as(ANNA).get("SalesOrders(" + id + ")").status()).isEqualTo(200);

        ODataClient.Response response = as(BEN).get("SalesOrders(" + id + ")");
        assertThat(response.status()).isEqualTo(404);
        assertThat(response.errorMessage()).contains("SalesOrders(" + id + ")");
    }

    @Test
    void queriesOnlyReturnMyTenantsRows() {
        // Numbered BW-... by the demo data, D-BEN-... by tests that ran before on the same database; Anna's are SM-...
        List<JsonNode> bens = as(BEN).get("SalesOrders?$select=OrderNumber&$top=50", "Prefer", "odata.maxpagesize=50").rows();
        assertThat(bens).isNotEmpty().allSatisfy(row -> assertThat(row.path("OrderNumber").asText()).doesNotStartWith("SM-"));
        assertThat(bens).anySatisfy(row -> assertThat(row.path("OrderNumber").asText()).startsWith("BW-"));

        assertThat(as(BEN).get("SalesOrders?$filter=startswith(OrderNumber,'SM-')&$count=true").json().path("@odata.count").asInt())
                .isZero();
        assertThat(as(BEN).get("SalesOrders/$count?$filter=startswith(OrderNumber,'SM-')").body()).isEqualTo("0");
        assertThat(as(BEN).get("BusinessPartners?$filter=contains(Email,'stadt-muenchen')").rows()).isEmpty();
    }

    @Test
    void navigationIntoAnotherTenantsOrderDoesNotExist() {
        long id = annasFirstOrder();
        assertThat(as(BEN).get("SalesOrders(" + id + ")/Items").status()).isEqualTo(404);
        assertThat(as(BEN).get("SalesOrders(" + id + ")/Customer").status()).isEqualTo(404);
    }

    @Test
    void expandNeverReachesAnotherTenantsRows() {
        Set<Long> bensItems = new HashSet<>();
        String next = "SalesOrderItems?$select=ID";
        ODataClient ben = as(BEN);
        ODataClient.Response page = ben.get(next);
        while (true) {
            page.rows().forEach(row -> bensItems.add(row.path("ID").asLong()));
            if (!page.json().has("@odata.nextLink")) {
                break;
            }
            page = ben.getAbsolute(page.json().path("@odata.nextLink").asText());
        }

        List<JsonNode> orders = ben.get("SalesOrders?$expand=Items($select=ID),Customer($select=PartnerNumber,Email)").rows();
        assertThat(orders).isNotEmpty();
        for (JsonNode order : orders) {
            assertThat(order.path("Customer").path("Email").asText()).endsWith("@bayern-werke.example");
            order.path("Items").forEach(item -> assertThat(bensItems).contains(item.path("ID").asLong()));
        }
    }

    @Test
    void lambdaFiltersSeeOnlyMyTenantsItems() {
        long annasOrders = as(ANNA).get("SalesOrders?$count=true&$top=0&$filter=Items/any()").json().path("@odata.count").asLong();
        long bensOrders = as(BEN).get("SalesOrders?$count=true&$top=0&$filter=Items/any()").json().path("@odata.count").asLong();
        assertThat(annasOrders).isPositive();
        assertThat(bensOrders).isPositive();
        assertThat(as(BEN).get("SalesOrders?$filter=Items/any(i:i/Quantity gt 0)&$select=OrderNumber&$top=50",
                "Prefer", "odata.maxpagesize=50").rows())
                .allSatisfy(row -> assertThat(row.path("OrderNumber").asText()).startsWith("BW-"));
    }

    @Test
    void anotherTenantCannotUpdateOrDeleteMyOrder() {
        long id = annasFirstOrder();
        String before = as(ANNA).get("SalesOrders(" + id + ")").json().path("Note").asText();

        assertThat(as(BEN).patch("SalesOrders(" + id + ")", "{\"Note\":\"changed by ben\"}").status()).isEqualTo(404);
        assertThat(as(BEN).put("SalesOrders(" + id + ")",
                "{\"OrderNumber\":\"X\",\"OrderDate\":\"2026-01-01\",\"Status\":\"OPEN\",\"Currency\":\"EUR\"}").status())
                .isEqualTo(404);
        assertThat(as(BEN).delete("SalesOrders(" + id + ")").status()).isEqualTo(404);

        ODataClient.Response after = as(ANNA).get("SalesOrders(" + id + ")");
        assertThat(after.status()).isEqualTo(200);
        assertThat(after.json().path("Note").asText()).isEqualTo(before);
    }

    @Test
    void anotherTenantCannotBindMyPartnerToTheirOrder() {
        long annasPartner = as(ANNA).get("BusinessPartners?$top=1&$select=ID").rows().get(0).path("ID").asLong();
        ODataClient.Response response = as(BEN).post("SalesOrders",
                "{\"OrderNumber\":\"BW-X-" + System.nanoTime() % 1_000_000 + "\",\"OrderDate\":\"2026-11-25\","
                        + "\"Customer@odata.bind\":\"BusinessPartners(" + annasPartner + ")\"}");
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.errorMessage()).contains("does not exist");
    }

    @Test
    void concurrentCallersOfBothTenantsNeverSeeEachOthersRows() throws Exception {
        // Server threads are reused across requests: the caller bound to a thread must never outlive its request.
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<List<String>>> results = new java.util.ArrayList<>();
            for (int i = 0; i < 80; i++) {
                String user = i % 2 == 0 ? ANNA : BEN;
                results.add(pool.submit(() -> as(user).get("SalesOrders?$select=OrderNumber&$top=20").rows().stream()
                        .map(row -> user.substring(0, 1) + ":" + row.path("OrderNumber").asText()).toList()));
            }
            for (java.util.concurrent.Future<List<String>> result : results) {
                List<String> rows = result.get(60, java.util.concurrent.TimeUnit.SECONDS);
                assertThat(rows).isNotEmpty().allSatisfy(row -> assertThat(row).matches("a:SM-.*|b:BW-.*"));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void clientCannotChooseItsTenant() {
        // The tenant is not part of the model, and a header naming another tenant changes nothing.
        ODataClient.Response withProperty = as(BEN).post("BusinessPartners",
                "{\"PartnerNumber\":\"BP-T1\",\"Name\":\"Spy\",\"Role\":\"CUSTOMER\",\"Tenant\":\"stadt-muenchen\"}");
        assertThat(withProperty.status()).isEqualTo(400);

        List<JsonNode> withHeader = as(BEN).get("SalesOrders?$select=OrderNumber", "X-Tenant", "stadt-muenchen").rows();
        assertThat(withHeader).allSatisfy(row -> assertThat(row.path("OrderNumber").asText()).startsWith("BW-"));
        assertThat(as(ANNA).get("$metadata", "Accept", "application/xml").body()).doesNotContainIgnoringCase("tenant");
    }
}
