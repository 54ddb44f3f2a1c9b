package de.deutschlandstack.platform.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Query options against the demo data of stadt-muenchen. Each filter test checks the rows the server returns
 * against the same condition evaluated here, and that the server returned exactly the rows that satisfy it.
 */
class ODataQueryIT extends PlatformIT {

    private List<JsonNode> all(String entitySet, String select) {
        List<JsonNode> rows = new ArrayList<>();
        ODataClient anna = as(ANNA);
        ODataClient.Response page = anna.get(entitySet + "?$select=" + select, "Prefer", "odata.maxpagesize=50");
        while (true) {
            rows.addAll(page.rows());
            if (!page.json().has("@odata.nextLink")) {
                return rows;
            }
            page = anna.getAbsolute(page.json().path("@odata.nextLink").asText(), "Prefer", "odata.maxpagesize=50");
        }
    }

    private void assertFilter(String entitySet, String select, String filter, Predicate<JsonNode> expected) {
        List<JsonNode> everything = all(entitySet, select);
        long matching = everything.stream().filter(expected).count();
        List<JsonNode> filtered = new ArrayList<>();
        ODataClient anna = as(ANNA);
        ODataClient.Response page = anna.get(entitySet + "?$select=" + select + "&$count=true&$filter=" + filter,
                "Prefer", "odata.maxpagesize=50");
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        assertThat(page.json().path("@odata.count").asLong()).isEqualTo(matching);
        while (true) {
            filtered.addAll(page.rows());
            if (!page.json().has("@odata.nextLink")) {
                break;
            }
            page = anna.getAbsolute(page.json().path("@odata.nextLink").asText(), "Prefer", "odata.maxpagesize=50");
        }
        assertThat(filtered).as(filter).hasSize((int) matching).allMatch(expected);
    }

    private static BigDecimal decimal(JsonNode row, String property) {
        return new BigDecimal(row.path(property).asText());
    }

    @Test
    void serviceDocumentListsTheEntitySets() {
        JsonNode json = as(ANNA).get("").json();
        List<String> names = new ArrayList<>();
        json.path("value").forEach(set -> names.add(set.path("name").asText()));
        assertThat(names).contains("BusinessPartners", "Products", "SalesOrders", "SalesOrderItems");
    }

    @Test
    void metadataDescribesTypesKeysAndNavigation() {
        ODataClient.Response response = as(ANNA).get("$metadata", "Accept", "application/xml");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("xml"));
        assertThat(response.body())
                .contains("<EntityType Name=\"SalesOrder\">", "<PropertyRef Name=\"ID\"/>",
                        "<NavigationProperty Name=\"Customer\" Type=\"DeutschlandStack.Erp.BusinessPartner\"",
                        "<NavigationProperty Name=\"Items\" Type=\"Collection(DeutschlandStack.Erp.SalesOrderItem)\" Partner=\"Order\"",
                        "<NavigationProperty Name=\"Product\" Type=\"DeutschlandStack.Erp.Product\"",
                        "<Property Name=\"NetAmount\" Type=\"Edm.Decimal\" Nullable=\"false\" Precision=\"15\" Scale=\"2\"",
                        "<EntitySet Name=\"SalesOrders\" EntityType=\"DeutschlandStack.Erp.SalesOrder\">")
                .doesNotContain("Version\"");
    }

    @Test
    void filterWithComparisonAndLogicalOperators() {
        assertFilter("SalesOrders", "ID,Status,NetAmount",
                "NetAmount gt 10000 and (Status eq 'OPEN' or Status eq 'SHIPPED') and not (NetAmount ge 60000)",
                row -> decimal(row, "NetAmount").compareTo(BigDecimal.valueOf(10000)) > 0
                        && Set.of("OPEN", "SHIPPED").contains(row.path("Status").asText())
                        && decimal(row, "NetAmount").compareTo(BigDecimal.valueOf(60000)) < 0);
        assertFilter("SalesOrders", "ID,Status", "Status ne 'CANCELLED'", row -> !row.path("Status").asText().equals("CANCELLED"));
        assertFilter("BusinessPartners", "ID,VatId", "VatId eq null", row -> row.path("VatId").isNull());
    }

    @Test
    void filterWithArithmetic() {
        assertFilter("Products", "ID,UnitPrice", "UnitPrice mul 2 add 10 gt 3000",
                row -> decimal(row, "UnitPrice").multiply(BigDecimal.valueOf(2)).add(BigDecimal.TEN).compareTo(BigDecimal.valueOf(3000)) > 0);
        assertFilter("SalesOrderItems", "ID,ItemNumber", "ItemNumber mod 20 eq 0", row -> row.path("ItemNumber").asInt() % 20 == 0);
        assertFilter("SalesOrderItems", "ID,Quantity", "Quantity sub 5 lt 0", row -> decimal(row, "Quantity").compareTo(BigDecimal.valueOf(5)) < 0);
        assertFilter("Products", "ID,UnitPrice", "UnitPrice div 4 ge 500",
                row -> decimal(row, "UnitPrice").compareTo(BigDecimal.valueOf(2000)) >= 0);
    }

    @Test
    void filterWithIn() {
        assertFilter("SalesOrders", "ID,Status", "Status in ('OPEN','RELEASED')",
                row -> Set.of("OPEN", "RELEASED").contains(row.path("Status").asText()));
    }

    @Test
    void filterWithStringFunctions() {
        assertFilter("BusinessPartners", "ID,Name", "contains(Name,'München')", row -> row.path("Name").asText().contains("München"));
        assertFilter("BusinessPartners", "ID,Name", "startswith(Name,'Stadt')", row -> row.path("Name").asText().startsWith("Stadt"));
        assertFilter("BusinessPartners", "ID,Name", "endswith(Name,'GmbH')", row -> row.path("Name").asText().endsWith("GmbH"));
        assertFilter("BusinessPartners", "ID,City", "tolower(City) eq 'passau'", row -> row.path("City").asText().equals("Passau"));
        assertFilter("BusinessPartners", "ID,City", "toupper(City) eq 'MÜNCHEN'", row -> row.path("City").asText().equals("München"));
        assertFilter("Products", "ID,Name", "length(Name) lt 12", row -> row.path("Name").asText().length() < 12);
        assertFilter("Products", "ID,Name", "indexof(Name,'ausweis') eq 4", row -> row.path("Name").asText().indexOf("ausweis") == 4);
        assertFilter("Products", "ID,Name", "substring(Name,0,4) eq 'Park'", row -> row.path("Name").asText().startsWith("Park"));
        assertFilter("Products", "ID,Name", "substring(Name,1) eq 'eisepass'", row -> row.path("Name").asText().substring(1).equals("eisepass"));
        // A LIKE wildcard in the search text is taken literally.
        assertFilter("BusinessPartners", "ID,Name", "contains(Name,'%')", row -> row.path("Name").asText().contains("%"));
    }

    @Test
    void filterWithDateFunctions() {
        assertFilter("SalesOrders", "ID,OrderDate", "year(OrderDate) eq 2026 and month(OrderDate) le 3",
                row -> LocalDate.parse(row.path("OrderDate").asText()).getMonthValue() <= 3);
        assertFilter("SalesOrders", "ID,OrderDate", "day(OrderDate) eq 15", row -> LocalDate.parse(row.path("OrderDate").asText()).getDayOfMonth() == 15);
        assertFilter("SalesOrders", "ID,OrderDate", "OrderDate ge 2026-06-01 and OrderDate lt 2026-07-01",
                row -> row.path("OrderDate").asText().startsWith("2026-06"));
        assertFilter("BusinessPartners", "ID,CreatedAt", "CreatedAt lt now() and year(CreatedAt) ge 2026", row -> true);
    }

    @Test
    void filterThroughASingleValuedNavigation() {
        List<JsonNode> rows = as(ANNA).get("SalesOrders?$filter=Customer/City eq 'Passau'&$expand=Customer($select=City)&$top=50",
                "Prefer", "odata.maxpagesize=50").rows();
        assertThat(rows).isNotEmpty().allSatisfy(row -> assertThat(row.path("Customer").path("City").asText()).isEqualTo("Passau"));
    }

    @Test
    void anyAndAllFilterByTheItemsOfEachOrder() {
        List<JsonNode> any = as(ANNA).get("SalesOrders?$filter=Items/any(i:i/Quantity ge 18)&$expand=Items($select=Quantity)&$top=50",
                "Prefer", "odata.maxpagesize=50").rows();
        assertThat(any).isNotEmpty().allSatisfy(order -> assertThat(order.path("Items").findValues("Quantity"))
                .anySatisfy(q -> assertThat(q.decimalValue()).isGreaterThanOrEqualTo(BigDecimal.valueOf(18))));
        List<JsonNode> all = as(ANNA).get("SalesOrders?$filter=Items/all(i:i/Quantity lt 10)&$expand=Items($select=Quantity)&$top=50",
                "Prefer", "odata.maxpagesize=50").rows();
        assertThat(all).isNotEmpty().allSatisfy(order -> assertThat(order.path("Items").findValues("Quantity"))
                .allSatisfy(q -> assertThat(q.decimalValue()).isLessThan(BigDecimal.TEN)));
        long withBigItems = as(ANNA).get("SalesOrders?$count=true&$top=0&$filter=Items/any(i:i/Quantity ge 10)").json().path("@odata.count").asLong();
        long withoutBigItems = as(ANNA).get("SalesOrders?$count=true&$top=0&$filter=Items/all(i:i/Quantity lt 10)").json().path("@odata.count").asLong();
        long total = Long.parseLong(as(ANNA).get("SalesOrders/$count").body());
        assertThat(withBigItems + withoutBigItems).isEqualTo(total);
    }

    @Test
    void selectReturnsOnlyTheChosenProperties() {
        JsonNode row = as(ANNA).get("SalesOrders?$select=OrderNumber,NetAmount&$top=1").rows().get(0);
        List<String> properties = new ArrayList<>();
        row.fieldNames().forEachRemaining(name -> {
            if (!name.startsWith("@")) {
                properties.add(name);
            }
        });
        assertThat(properties).containsExactlyInAnyOrder("ID", "OrderNumber", "NetAmount");
    }

    @Test
    void orderByTwoKeys() {
        List<JsonNode> rows = as(ANNA).get("SalesOrders?$select=Status,NetAmount&$orderby=Status asc,NetAmount desc&$top=50",
                "Prefer", "odata.maxpagesize=50").rows();
        assertThat(rows).hasSizeGreaterThan(10);
        for (int i = 1; i < rows.size(); i++) {
            String previous = rows.get(i - 1).path("Status").asText();
            String current = rows.get(i).path("Status").asText();
            assertThat(previous.compareTo(current)).isLessThanOrEqualTo(0);
            if (previous.equals(current)) {
                assertThat(decimal(rows.get(i - 1), "NetAmount")).isGreaterThanOrEqualTo(decimal(rows.get(i), "NetAmount"));
            }
        }
    }

    @Test
    void topAndSkipSelectAWindowOfTheOrderedRows() {
        List<JsonNode> all = as(ANNA).get("SalesOrders?$select=ID&$orderby=OrderNumber&$top=20").rows();
        List<JsonNode> window = as(ANNA).get("SalesOrders?$select=ID&$orderby=OrderNumber&$skip=5&$top=3").rows();
        assertThat(window).extracting(r -> r.path("ID").asLong())
                .containsExactly(all.get(5).path("ID").asLong(), all.get(6).path("ID").asLong(), all.get(7).path("ID").asLong());
        assertThat(as(ANNA).get("SalesOrders?$top=3").json().has("@odata.nextLink")).isFalse();
    }

    @Test
    void countOptionAndCountSegmentAgree() {
        String filter = "NetAmount gt 5000";
        long inline = as(ANNA).get("SalesOrders?$count=true&$top=0&$filter=" + filter).json().path("@odata.count").asLong();
        String segment = as(ANNA).get("SalesOrders/$count?$filter=" + filter).body();
        assertThat(inline).isPositive();
        assertThat(segment).isEqualTo(Long.toString(inline));
    }

    @Test
    void expandWithNestedOptions() {
        List<JsonNode> orders = as(ANNA).get("SalesOrders?$select=OrderNumber&$top=10"
                + "&$expand=Customer($select=Name),Items($filter=Quantity gt 2;$orderby=Quantity desc;$top=2;$count=true;"
                + "$select=Quantity;$expand=Product($select=Name))").rows();
        assertThat(orders).hasSize(10);
        for (JsonNode order : orders) {
            assertThat(order.path("Customer").path("Name").asText()).isNotBlank();
            JsonNode items = order.path("Items");
            assertThat(items.size()).isLessThanOrEqualTo(2).isLessThanOrEqualTo(order.path("Items@odata.count").asInt());
            BigDecimal previous = null;
            for (JsonNode item : items) {
                BigDecimal quantity = decimal(item, "Quantity");
                assertThat(quantity).isGreaterThan(BigDecimal.valueOf(2));
                if (previous != null) {
                    assertThat(previous).isGreaterThanOrEqualTo(quantity);
                }
                previous = quantity;
                assertThat(item.path("Product").path("Name").asText()).isNotBlank();
            }
        }
    }

    @Test
    void navigationFromOneOrderToItsItems() {
        JsonNode order = as(ANNA).get("SalesOrders?$top=1&$expand=Items($select=ID)").rows().get(0);
        List<JsonNode> items = as(ANNA).get("SalesOrders(" + order.path("ID").asLong() + ")/Items").rows();
        assertThat(items).extracting(i -> i.path("ID").asLong())
                .containsExactlyInAnyOrderElementsOf(order.path("Items").findValues("ID").stream().map(JsonNode::asLong).toList());
        assertThat(as(ANNA).get("SalesOrders(" + order.path("ID").asLong() + ")/Customer").json().path("Name").asText()).isNotBlank();
    }

    @Test
    void onePropertyOfOneEntity() {
        JsonNode order = as(ANNA).get("SalesOrders?$top=1&$select=ID,OrderNumber").rows().get(0);
        ODataClient.Response property = as(ANNA).get("SalesOrders(" + order.path("ID").asLong() + ")/OrderNumber");
        assertThat(property.status()).isEqualTo(200);
        assertThat(property.json().path("value").asText()).isEqualTo(order.path("OrderNumber").asText());
        assertThat(as(BEN).get("SalesOrders(" + order.path("ID").asLong() + ")/OrderNumber").status()).isEqualTo(404);
    }

    @Test
    void serverDrivenPagingDeliversEveryRowExactlyOnce() {
        long total = Long.parseLong(as(ANNA).get("SalesOrderItems/$count").body());
        Set<Long> seen = new HashSet<>();
        int pages = 0;
        ODataClient anna = as(ANNA);
        ODataClient.Response page = anna.get("SalesOrderItems?$select=ID&$orderby=Quantity desc", "Prefer", "odata.maxpagesize=7");
        while (true) {
            pages++;
            assertThat(page.rows()).hasSizeLessThanOrEqualTo(7);
            page.rows().forEach(row -> assertThat(seen.add(row.path("ID").asLong())).as("row delivered twice").isTrue());
            if (!page.json().has("@odata.nextLink")) {
                break;
            }
            page = anna.getAbsolute(page.json().path("@odata.nextLink").asText(), "Prefer", "odata.maxpagesize=7");
        }
        assertThat(seen).hasSize((int) total);
        assertThat(pages).isEqualTo((int) ((total + 6) / 7));
    }

    @Test
    void pageSizeHasADefaultAndAMaximum() {
        // The test server runs with a default page size of 25 and a maximum of 50.
        ODataClient.Response byDefault = as(ANNA).get("SalesOrderItems");
        assertThat(byDefault.rows()).hasSize(25);
        assertThat(byDefault.json().path("@odata.nextLink").asText()).contains("$skiptoken=25");

        ODataClient.Response tooLarge = as(ANNA).get("SalesOrderItems", "Prefer", "odata.maxpagesize=10000");
        assertThat(tooLarge.rows()).hasSize(50);
        assertThat(tooLarge.header("Preference-Applied")).hasValue("odata.maxpagesize=50");

        ODataClient.Response top = as(ANNA).get("SalesOrderItems?$top=60");
        assertThat(top.rows()).hasSize(25);
        ODataClient.Response rest = as(ANNA).getAbsolute(top.json().path("@odata.nextLink").asText());
        ODataClient.Response last = as(ANNA).getAbsolute(rest.json().path("@odata.nextLink").asText());
        assertThat(last.rows()).hasSize(10);
        assertThat(last.json().has("@odata.nextLink")).isFalse();
    }

    @Test
    void caseInsensitiveSearchThroughTolower() {
        assertFilter("BusinessPartners", "ID,Name", "contains(tolower(Name),'gmbh')",
                row -> row.path("Name").asText().toLowerCase(Locale.ROOT).contains("gmbh"));
    }

    @Test
    void headAnswersWhatGetWouldWithoutTheBody() {
        ODataClient.Response head = as(ANNA).send("HEAD", "SalesOrders?$top=1", null, "application/json");
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(head.header("OData-Version")).contains("4.0");
    }

    @Test
    void aDateTimeOffsetReadBackFindsItsEntity() {
        JsonNode order = as(ANNA).get("SalesOrders?$top=1&$select=ID,CreatedAt").rows().get(0);
        String createdAt = order.path("CreatedAt").asText();
        List<JsonNode> found = as(ANNA).get("SalesOrders?$select=ID&$filter=CreatedAt eq " + createdAt).rows();
        assertThat(found).extracting(row -> row.path("ID").asLong()).contains(order.path("ID").asLong());
    }

    @Test
    void nextLinksCarryCharactersThatNeedEncoding() {
        ODataClient anna = as(ANNA);
        ODataClient.Response page = anna.getAbsolute(serverRoot() + ODataClient.SERVICE
                + "SalesOrders?$select=ID&$filter=NetAmount%20ge%200%20or%20Note%20eq%20'%7Bx%7D'", "Prefer", "odata.maxpagesize=5");
        String next = page.json().path("@odata.nextLink").asText();
        assertThat(next).contains("%7Bx%7D");
        // The token names the last row by its key, never by its data.
        assertThat(next).containsPattern("\\$skiptoken=5\\.n[A-Za-z0-9_-]+$");
        ODataClient.Response second = anna.getAbsolute(next, "Prefer", "odata.maxpagesize=5");
        assertThat(second.status()).isEqualTo(200);
        assertThat(second.rows()).hasSize(5);
    }

    @Test
    void aPlusInTheQueryIsASpace() {
        ODataClient.Response plus = as(ANNA).get("SalesOrders?$select=ID&$top=2&$filter=NetAmount+gt+0+and+year(OrderDate)+ge+2000");
        assertThat(plus.status()).as(plus.body()).isEqualTo(200);
        assertThat(plus.rows()).hasSize(2);
    }

    @Test
    void cyclicExpandIsBoundedAndDeclared() {
        ODataClient anna = as(ANNA);
        String four = "Items($expand=Order($expand=Items($expand=Order)))";
        ODataClient.Response bounded = anna.get("SalesOrders?$top=3&$expand=" + four);
        assertThat(bounded.status()).isEqualTo(200);
        ODataClient.Response deep = anna.get("SalesOrders?$top=1&$expand=Items($expand=Order($expand=" + four + "))");
        assertThat(deep.status()).isEqualTo(400);
        assertThat(deep.errorMessage()).contains("PLATFORM_ODATA_MAX_EXPAND_DEPTH");
        assertThat(anna.get("$metadata", "Accept", "application/xml").body())
                .contains("<Annotation Term=\"Capabilities.ExpandRestrictions\">", "<Int>5</Int>");
    }

    @Test
    void moduloAndFractionalLiteralsWorkOnEveryNumericProperty() {
        ODataClient anna = as(ANNA);
        long all = Long.parseLong(anna.get("SalesOrders/$count").body());
        long even = Long.parseLong(anna.get("SalesOrders/$count?$filter=ID mod 2 eq 0").body());
        long odd = Long.parseLong(anna.get("SalesOrders/$count?$filter=ID mod 2 eq 1").body());
        assertThat(even + odd).isEqualTo(all);
        assertThat(anna.get("SalesOrders/$count?$filter=NetAmount mod 2 ge 0").status()).isEqualTo(200);
        assertThat(anna.get("SalesOrderItems/$count?$filter=ItemNumber gt 9.5 and Quantity mod 1 ge 0").status()).isEqualTo(200);
    }

    @Test
    void parameterAliasesAndChildCountsWorkInFilterAndOrderby() {
        ODataClient anna = as(ANNA);
        assertThat(anna.get("SalesOrders/$count?$filter=NetAmount gt @min&@min=1000").body())
                .isEqualTo(anna.get("SalesOrders/$count?$filter=NetAmount gt 1000").body());
        assertThat(anna.get("SalesOrders?$filter=NetAmount gt @undefined").status()).isEqualTo(400);
        // Orders by how many items they have, most first; only orders with more than one.
        List<JsonNode> rows = anna.get("SalesOrders?$filter=Items/$count gt 1&$orderby=Items/$count desc&$expand=Items($select=ID)&$top=5").rows();
        assertThat(rows).isNotEmpty();
        for (int i = 0; i < rows.size(); i++) {
            assertThat(rows.get(i).path("Items").size()).isGreaterThan(1);
            if (i > 0) {
                assertThat(rows.get(i - 1).path("Items").size()).isGreaterThanOrEqualTo(rows.get(i).path("Items").size());
            }
        }
    }
}
