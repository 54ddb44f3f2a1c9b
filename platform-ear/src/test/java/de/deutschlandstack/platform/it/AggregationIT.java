package de.deutschlandstack.platform.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code $apply} as a client uses it: revenue per status and per city, executed by the database, per tenant. */
class AggregationIT extends PlatformIT {

    @Test
    void revenuePerStatusAddsUpToTheTotal() {
        ODataClient anna = as(ANNA);
        ODataClient.Response grouped = anna.get("SalesOrders?$apply=groupby((Status),aggregate(NetAmount with sum as Revenue,$count as Orders))"
                + "&$orderby=Status");
        assertThat(grouped.status()).as(grouped.body()).isEqualTo(200);
        assertThat(grouped.json().path("@odata.context").asText()).isEqualTo("$metadata#SalesOrders(Status,Revenue,Orders)");
        BigDecimal sum = BigDecimal.ZERO;
        long count = 0;
        for (JsonNode group : grouped.json().path("value")) {
            assertThat(group.path("Revenue@odata.type").asText()).isEqualTo("#Decimal");
            sum = sum.add(group.path("Revenue").decimalValue());
            count += group.path("Orders").asLong();
        }
        JsonNode total = anna.get("SalesOrders?$apply=aggregate(NetAmount with sum as Revenue,$count as Orders)").json().path("value").get(0);
        assertThat(total.path("Revenue").decimalValue()).isEqualByComparingTo(sum);
        assertThat(count).isEqualTo(total.path("Orders").asLong()).isEqualTo(Long.parseLong(anna.get("SalesOrders/$count").body()));
        // Ben's orders are not Anna's revenue.
        JsonNode bens = as(BEN).get("SalesOrders?$apply=aggregate(NetAmount with sum as Revenue)").json().path("value").get(0);
        assertThat(bens.path("Revenue").decimalValue()).isNotEqualByComparingTo(total.path("Revenue").decimalValue());
    }

    @Test
    void theBestCustomersByRevenueNestTheirPath() {
        ODataClient.Response top = as(ANNA).get("SalesOrders?$apply=filter(Status ne 'CANCELLED')"
                + "/groupby((Customer/Name),aggregate(GrossAmount with sum as Revenue))/topcount(3,Revenue)");
        assertThat(top.status()).as(top.body()).isEqualTo(200);
        JsonNode value = top.json().path("value");
        assertThat(value.size()).isBetween(1, 3);
        assertThat(value.get(0).path("Customer").path("Name").asText()).isNotEmpty();
        for (int i = 1; i < value.size(); i++) {
            assertThat(value.get(i - 1).path("Revenue").decimalValue()).isGreaterThanOrEqualTo(value.get(i).path("Revenue").decimalValue());
        }
    }

    @Test
    void malformedAndUnsupportedApplyAreTheClientsError() {
        ODataClient anna = as(ANNA);
        assertThat(anna.get("SalesOrders?$apply=groupby((Nope),aggregate($count as N))").status()).isEqualTo(400);
        assertThat(anna.get("SalesOrders?$apply=aggregate(OrderNumber with sum as S)").status()).isEqualTo(400);
        assertThat(anna.get("SalesOrders?$apply=groupby((Status)").status()).isEqualTo(400);
        ODataClient.Response rollup = anna.get("SalesOrders?$apply=groupby((rollup(Status,Currency)),aggregate($count as N))");
        assertThat(rollup.status()).isEqualTo(501);
        assertThat(rollup.errorMessage()).contains("rollup");
        // OData's JSON error carries a code: the status where no more specific one applies.
        assertThat(rollup.json().path("error").path("code").asText()).isEqualTo("501");
        ODataClient.Response filtered = anna.get("SalesOrders?$apply=aggregate(NetAmount with sum as S)&$filter=S gt 0");
        assertThat(filtered.status()).isEqualTo(501);
        assertThat(filtered.errorMessage()).contains("filter the entities before the aggregate");
    }

    @Test
    void aValueComputedPerOrderIsSummedPerStatus() {
        ODataClient anna = as(ANNA);
        ODataClient.Response doubled = anna.get("SalesOrders?$apply=filter(Status eq 'OPEN')/compute(NetAmount mul 2 as D)"
                + "/groupby((Status),aggregate(D with sum as S))");
        assertThat(doubled.status()).as(doubled.body()).isEqualTo(200);
        ODataClient.Response plain = anna.get("SalesOrders?$apply=filter(Status eq 'OPEN')/groupby((Status),aggregate(NetAmount with sum as S))");
        assertThat(doubled.rows()).singleElement().satisfies(group -> {
            assertThat(group.has("D")).isFalse();
            assertThat(group.path("S").decimalValue())
                    .isEqualByComparingTo(plain.rows().get(0).path("S").decimalValue().multiply(java.math.BigDecimal.valueOf(2)));
        });
    }

    @Test
    void searchInsideApplyCountsWhatSearchFinds() {
        ODataClient anna = as(ANNA);
        String number = anna.get("SalesOrders?$top=1&$select=OrderNumber").rows().get(0).path("OrderNumber").asText();
        // A phrase: a search word may not be made of digits alone.
        String term = "\"" + number.substring(number.length() - 4) + "\"";
        ODataClient.Response counted = anna.get("SalesOrders?$apply=search(" + term + ")/aggregate($count as N)");
        assertThat(counted.status()).as(counted.body()).isEqualTo(200);
        long found = Long.parseLong(anna.get("SalesOrders/$count?$search=" + term).body());
        assertThat(found).isPositive();
        assertThat(counted.rows()).singleElement().satisfies(row -> assertThat(row.path("N").asLong()).isEqualTo(found));
    }
}
