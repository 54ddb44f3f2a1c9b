package de.deutschlandstack.platform.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * OData 4.01 Intermediate conformance (OData Protocol, section 12.2), one test per requirement, as a client notices
 * it. {@code 12.2 (n)} is item n of the OData 4.0 Intermediate list, {@code 12.2.2 (n)} item n of the OData 4.01
 * Intermediate list. Item 1 of both, conformance to the Minimal level, is {@link MinimalConformanceIT}. Every test
 * creates its own data: a customer of its own, whose orders it then filters, orders and counts.
 */
class IntermediateConformanceIT extends PlatformIT {

    private static String unique(String prefix) {
        return prefix + ThreadLocalRandom.current().nextInt(100_000_000, 999_999_999);
    }

    private static long id(ODataClient.Response response) {
        assertThat(response.status()).as(response.body()).isBetween(200, 201);
        return response.json().path("ID").asLong();
    }

    private static long partner(ODataClient client, String name) {
        return id(client.post("BusinessPartners", "{\"PartnerNumber\":\"" + unique("BP-") + "\",\"Name\":\"" + name
                + "\",\"Role\":\"CUSTOMER\",\"Country\":\"DE\",\"PaymentTermsDays\":14,\"ContactPersons\":["
                + "{\"FirstName\":\"Eva\",\"LastName\":\"Eins\"},{\"FirstName\":\"Zoe\",\"LastName\":\"Zwei\"}],\"Addresses\":["
                + "{\"Purpose\":\"DELIVERY\",\"Street\":\"Lagerweg 1\",\"PostalCode\":\"80331\",\"City\":\"München\",\"Country\":\"DE\"},"
                + "{\"Purpose\":\"BILLING\",\"Street\":\"Postfach 9\",\"PostalCode\":\"93047\",\"City\":\"Regensburg\",\"Country\":\"DE\"}]}"));
    }

    private static long partner(ODataClient client) {
        return partner(client, unique("Intermediate "));
    }

    private static long product(ODataClient client, String price) {
        return id(client.post("Products", "{\"ProductNumber\":\"" + unique("P-") + "\",\"Name\":\"Prüfware\",\"UnitPrice\":" + price
                + ",\"UnitOfMeasure\":\"C62\",\"SalesTaxCode\":\"U19\",\"PurchaseTaxCode\":\"V19\"}"));
    }

    private static long order(ODataClient client, long customer, String note) {
        return id(client.post("SalesOrders", "{\"OrderNumber\":\"" + unique("I-") + "\",\"OrderDate\":\"2026-11-26\","
                + (note == null ? "" : "\"Note\":\"" + note + "\",")
                + "\"Customer@odata.bind\":\"BusinessPartners(" + customer + ")\"}"));
    }

    private static long item(ODataClient client, long order, int number, int quantity, long product) {
        return id(client.post("SalesOrderItems", "{\"ItemNumber\":" + number + ",\"Quantity\":" + quantity
                + ",\"Order@odata.bind\":\"SalesOrders(" + order + ")\",\"Product@odata.bind\":\"Products(" + product + ")\"}"));
    }

    /** A customer with three orders: "a" with one item of 2, "b" with items of 5 and 1, "c" (no note) without items. */
    private record Fixture(long customer, long a, long b, long c) {
        String mine() {
            return "Customer/ID eq " + customer;
        }
    }

    private static Fixture fixture(ODataClient client) {
        long customer = partner(client);
        long product = product(client, "10.00");
        long a = order(client, customer, "a");
        long b = order(client, customer, "b");
        long c = order(client, customer, null);
        item(client, a, 10, 2, product);
        item(client, b, 10, 5, product);
        item(client, b, 20, 1, product);
        return new Fixture(customer, a, b, c);
    }

    private static List<Long> ids(ODataClient.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.rows().stream().map(row -> row.path("ID").asLong()).toList();
    }

    private static List<String> properties(JsonNode entity) {
        List<String> names = new ArrayList<>();
        entity.fieldNames().forEachRemaining(name -> {
            if (!name.startsWith("@")) {
                names.add(name);
            }
        });
        return names;
    }

    /** A refusal a client can read: the status, the OData JSON error with a message, no internals. */
    private static void refused(ODataClient.Response response, Integer... statuses) {
        assertThat(response.status()).as(response.body()).isIn((Object[]) statuses);
        assertThat(response.errorMessage()).isNotBlank();
        assertThat(response.body()).doesNotContain("Exception", "\tat ", "org.hibernate");
    }

    // ---- 12.2 (2): the ABNF is parsed; what is not offered is 501 --------------------------------------------------

    @Test
    void validButUnsupportedRequestsAreAnswered501() {
        ODataClient anna = as(ANNA);
        refused(anna.get("SalesOrders?$filter=totaloffsetminutes(CreatedAt) eq 0"), 501);
        refused(anna.get("SalesOrders?$filter=CreatedAt lt maxdatetime()"), 501);
        refused(anna.get("SalesOrders?$expand=Items($search=blau)"), 501);
        refused(anna.get("SalesOrders?$apply=concat(aggregate(NetAmount with sum as A),aggregate(NetAmount with max as M))"), 501);
        refused(anna.get("SalesOrders?$filter=NetAmount gt"), 400);
    }

    // ---- 12.2 (3): $select ----------------------------------------------------------------------------------------

    @Test
    void selectReturnsTheChosenPropertiesAndTheKey() {
        ODataClient anna = as(ANNA);
        Fixture data = fixture(anna);
        ODataClient.Response selected = anna.get("SalesOrders(" + data.a() + ")?$select=OrderNumber,Note");
        assertThat(selected.status()).as(selected.body()).isEqualTo(200);
        assertThat(selected.json().path("@odata.context").asText()).startsWith("$metadata#SalesOrders(").contains("OrderNumber,Note")
                .endsWith(")/$entity");
        assertThat(properties(selected.json())).containsExactlyInAnyOrder("ID", "OrderNumber", "Note");
        assertThat(selected.json().path("Note").asText()).isEqualTo("a");
        assertThat(properties(anna.get("SalesOrders?$filter=" + data.mine() + "&$select=*").rows().get(0))).contains("NetAmount", "Status");
    }

    // ---- 12.2 (4): casting to a derived type; the model has none, so a cast names the type itself or fails ----------------

    @Test
    void aTypeCastToTheSetsOwnTypeWorksAndAnyOtherIsRefused() {
        ODataClient anna = as(ANNA);
        Fixture data = fixture(anna);
        assertThat(as(ANNA).get("$metadata", "Accept", "application/xml").body()).doesNotContain("BaseType=");
        assertThat(ids(anna.get("SalesOrders/DeutschlandStack.Erp.SalesOrder?$filter=" + data.mine() + "&$orderby=ID")))
                .containsExactly(data.a(), data.b(), data.c());
        assertThat(anna.get("SalesOrders(" + data.a() + ")/DeutschlandStack.Erp.SalesOrder").json().path("ID").asLong()).isEqualTo(data.a());
        refused(anna.get("SalesOrders/DeutschlandStack.Erp.Product"), 400, 404);
    }

    // ---- 12.2 (5): $top -------------------------------------------------------------------------------------------

    @Test
    void topLimitsTheResult() {
        ODataClient anna = as(ANNA);
        Fixture data = fixture(anna);
        assertThat(ids(anna.get("SalesOrders?$filter=" + data.mine() + "&$orderby=ID&$top=2"))).containsExactly(data.a(), data.b());
        ODataClient.Response none = anna.get("SalesOrders?$filter=" + data.mine() + "&$top=0&$count=true");
        assertThat(none.rows()).isEmpty();
        assertThat(none.json().path("@odata.count").asInt()).isEqualTo(3);
        assertThat(none.json().has("@odata.nextLink")).isFalse();
    }

    // ---- 12.2 (6): /$value on individual properties (there are no media entities) ----------------------------------------

    @Test
    void valueReturnsTheRawValueOfAProperty() {
        ODataClient anna = as(ANNA);
        Fixture data = fixture(anna);
        ODataClient.Response raw = anna.get("SalesOrders(" + data.a() + ")/Note/$value", "Accept", "text/plain");
        assertThat(raw.status()).isEqualTo(200);
        assertThat(raw.header("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
        assertThat(raw.body()).isEqualTo("a");
        assertThat(anna.get("SalesOrders(" + data.a() + ")/ID/$value", "Accept", "text/plain").body()).isEqualTo(String.valueOf(data.a()));
        assertThat(anna.get("SalesOrders(" + data.c() + ")/Note/$value", "Accept", "text/plain").status()).as("null").isEqualTo(204);
        assertThat(as(ANNA).get("$metadata", "Accept", "application/xml").body()).doesNotContain("HasStream=\"true\"");
        refused(anna.get("SalesOrders(" + data.a() + ")/$value"), 400);
    }

    // ---- 12.2 (7.1): eq and ne on properties of the requested set ---------------------------------------------------

    @Test
    void filterWithEqAndNe() {
        ODataClient anna = as(ANNA);
        Fixture data = fixture(anna);
        assertThat(ids(anna.get("SalesOrders?$filter=" + data.mine() + " and Note eq 'a'"))).containsExactly(data.a());
        assertThat(ids(anna.get("SalesOrders?$filter=" + data.mine() + " and Note ne 'a'&$orderby=ID"))).containsExactly(data.b(), data.c());
    }

    // ---- 12.2 (7.2): aliases in $filter ---------------------------------------------------------------------------

    @Test
    void parameterAliasesInFilter() {
        ODataClient anna = as(ANNA);
        Fixture data = fixture(anna);
        assertThat(ids(anna.get("SalesOrders?$filter=" + data.mine() + " and NetAmount gt @min&@min=25"))).containsExactly(data.b());
        assertThat(ids(anna.get("SalesOrders?$filter=" + data.mine() + " and Note eq @n&@n='b'"))).containsExactly(data.b());
        refused(anna.get("SalesOrders?$filter=NetAmount gt @undefined"), 400);
    }

    // ---- 12.2 (7.3): further filter operations, 501 for any not offered ---------------------------------------------

    @Test
    void filterWithFurtherOperators() {
        ODataClient anna = as(ANNA);
        Fixture data = fixture(anna);
        assertThat(ids(anna.get("SalesOrders?$filter=" + data.mine() + " and NetAmount ge 20 and NetAmount le 60 and not (Note eq 'a')")))
                .containsExactly(data.b());
        assertThat(ids(anna.get("SalesOrders?$filter=" + data.mine() + " and (NetAmount le 0 or NetAmount mul 2 add 1 eq 41)&$orderby=ID")))
                .containsExactly(data.a(), data.c());
        assertThat(ids(anna.get("SalesOrders?$filter=" + data.mine() + " and (NetAmount sub 10) div 2 gt 10 and ID mod 1 eq 0")))
                .containsExactly(data.b());
        refused(anna.get("SalesOrders?$filter=Note has 'a'"), 400, 501);
    }

    // ---- 12.2 (7.4): canonical functions, 501 for any not offered ----------------------------------------------------

    @Test
    void filterWithCanonicalFunctions() {
        ODataClient anna = as(ANNA);
        Fixture data = fixture(anna);
        String mine = "SalesOrders?$filter=" + data.mine() + " and ";
        assertThat(ids(anna.get(mine + "contains(Note,'b') and startswith(OrderNumber,'I-') and endswith(toupper(Note),'B')")))
                .containsExactly(data.b());
        assertThat(ids(anna.get(mine + "length(concat(Note,'xy')) eq 3 and indexof(Note,'a') eq 0 and substring(trim(Note),0,1) eq 'a'")))
                .containsExactly(data.a());
        assertThat(ids(anna.get(mine + "year(OrderDate) eq 2026 and month(OrderDate) eq 11 and day(OrderDate) eq 26"
                + " and CreatedAt le now() and round(NetAmount) eq 20 and floor(NetAmount) eq 20 and ceiling(NetAmount) eq 20")))
                .containsExactly(data.a());
        refused(anna.get("SalesOrders?$filter=fractionalseconds(CreatedAt) gt 0"), 501);
    }

    // ---- 12.2 (7.5): $filter on expanded entities -------------------------------------------------------------------

    @Test
    void filterInsideExpand() {
        ODataClient anna = as(ANNA);
        Fixture data = fixture(anna);
        JsonNode order = anna.get("SalesOrders(" + data.b() + ")?$expand=Items($filter=Quantity gt 2)").json();
        assertThat(order.path("Items")).hasSize(1);
        assertThat(order.path("Items").get(0).path("Quantity").decimalValue()).isEqualByComparingTo("5");
    }

    // ---- 12.2 (8): metadata in CSDL XML ---------------------------------------------------------------------------

    @Test
    void metadataIsPublishedInCsdlXml() {
        ODataClient.Response metadata = as(ANNA).get("$metadata", "Accept", "application/xml");
        assertThat(metadata.status()).isEqualTo(200);
        assertThat(metadata.body()).startsWith("<?xml").contains("xmlns:edmx=\"http://docs.oasis-open.org/odata/ns/edmx\"",
                "<NavigationProperty Name=\"Items\" Type=\"Collection(DeutschlandStack.Erp.SalesOrderItem)\"");
        assertThat(as(ANNA).get("$metadata?$format=xml").body()).startsWith("<?xml");
    }

    // ---- 12.2 (9): the OData JSON format ----------------------------------------------------------------------------

    @Test
    void jsonIsTheDefaultFormat() {
        ODataClient.Response response = as(ANNA).get("SalesOrders?$top=1", "Accept", "*/*");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        assertThat(response.json().path("value").isArray()).isTrue();
    }

    // ---- 12.2 (10): HTTP Basic authentication -------------------------------------------------------------------------

    @Test
    void basicAuthenticationIsOffered() {
        ODataClient.Response anonymous = anonymous().get("SalesOrders?$top=1");
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.header("WWW-Authenticate")).hasValueSatisfying(challenge -> assertThat(challenge).startsWith("Basic"));
        assertThat(anonymous.errorMessage()).isNotBlank();
        assertThat(as(ANNA).get("SalesOrders?$top=1").status()).isEqualTo(200);
    }

    // ---- 12.2 (11): $search ---------------------------------------------------------------------------------------

    @Test
    void searchFindsWhatTheSearchablePropertiesContain() {
        ODataClient anna = as(ANNA);
        String word = unique("Suchwort");
        long found = partner(anna, "Firma " + word + " GmbH");
        partner(anna);
        assertThat(ids(anna.get("BusinessPartners?$search=" + word.toLowerCase() + "&$select=ID"))).containsExactly(found);
        assertThat(ids(anna.get("BusinessPartners?$search=" + word + " AND NOT GmbH&$select=ID"))).isEmpty();
        assertThat(ids(as(BEN).get("BusinessPartners?$search=" + word + "&$select=ID"))).isEmpty();
    }

    // ---- 12.2 (12): $skip -----------------------------------------------------------------------------------------

    @Test
    void skipLeavesOutTheFirstResults() {
        ODataClient anna = as(ANNA);
        Fixture data = fixture(anna);
        assertThat(ids(anna.get("SalesOrders?$filter=" + data.mine() + "&$orderby=ID&$skip=1"))).containsExactly(data.b(), data.c());
        assertThat(ids(anna.get("SalesOrders?$filter=" + data.mine() + "&$orderby=ID&$skip=1&$top=1"))).containsExactly(data.b());
        assertThat(ids(anna.get("SalesOrders?$filter=" + data.mine() + "&$skip=3"))).isEmpty();
    }

    // ---- 12.2 (13): $count ----------------------------------------------------------------------------------------

    @Test
    void countReturnsTheTotalBesideAPage() {
        ODataClient anna = as(ANNA);
        Fixture data = fixture(anna);
        ODataClient.Response counted = anna.get("SalesOrders?$filter=" + data.mine() + "&$count=true&$top=1");
        assertThat(counted.json().path("@odata.count").asInt()).isEqualTo(3);
        assertThat(counted.rows()).hasSize(1);
        assertThat(anna.get("SalesOrders?$filter=" + data.mine() + "&$count=false").json().has("@odata.count")).isFalse();
        refused(anna.get("SalesOrders?$count=maybe"), 400);
    }

    // ---- 12.2 (14): $expand ---------------------------------------------------------------------------------------

    @Test
    void expandWithNestedOptions() {
        ODataClient anna = as(ANNA);
        Fixture data = fixture(anna);
        JsonNode order = anna.get("SalesOrders(" + data.b() + ")?$select=ID&$expand=Customer($select=Name;$expand=ContactPersons"
                + "($orderby=LastName desc;$top=1)),Items($orderby=ItemNumber desc;$select=ItemNumber;$count=true)").json();
        assertThat(order.path("Customer").path("ID").asLong()).isEqualTo(data.customer());
        assertThat(order.path("Customer").path("ContactPersons")).hasSize(1);
        assertThat(order.path("Customer").path("ContactPersons").get(0).path("LastName").asText()).isEqualTo("Zwei");
        assertThat(order.path("Items@odata.count").asInt()).isEqualTo(2);
        assertThat(order.path("Items").get(0).path("ItemNumber").asInt()).isEqualTo(20);
        assertThat(properties(order.path("Items").get(0))).containsExactlyInAnyOrder("ID", "ItemNumber");
    }

    // ---- 12.2 (15): any and all on navigation and collection-valued properties ----------------------------------------

    @Test
    void lambdaOperatorsOnNavigationAndCollectionProperties() {
        ODataClient anna = as(ANNA);
        Fixture data = fixture(anna);
        String mine = "SalesOrders?$orderby=ID&$filter=" + data.mine() + " and ";
        assertThat(ids(anna.get(mine + "Items/any(i:i/Quantity ge 5)"))).containsExactly(data.b());
        assertThat(ids(anna.get(mine + "Items/any()"))).containsExactly(data.a(), data.b());
        assertThat(ids(anna.get(mine + "Items/all(i:i/Quantity lt 5)"))).as("all is true for no items").containsExactly(data.a(), data.c());
        assertThat(ids(anna.get("BusinessPartners?$filter=ID eq " + data.customer()
                + " and Addresses/any(a:a/City eq 'Regensburg') and Addresses/all(a:a/Country eq 'DE')"))).containsExactly(data.customer());
    }

    // ---- 12.2 (16): /$count on navigation and collection properties --------------------------------------------------

    @Test
    void countSegmentOnNavigationProperties() {
        ODataClient anna = as(ANNA);
        Fixture data = fixture(anna);
        ODataClient.Response count = anna.get("SalesOrders(" + data.b() + ")/Items/$count");
        assertThat(count.status()).isEqualTo(200);
        assertThat(count.header("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
        assertThat(count.body()).isEqualTo("2");
        assertThat(anna.get("SalesOrders(" + data.b() + ")/Items/$count?$filter=Quantity gt 2").body()).isEqualTo("1");
        assertThat(anna.get("BusinessPartners(" + data.customer() + ")/ContactPersons/$count").body()).isEqualTo("2");
        assertThat(ids(anna.get("BusinessPartners?$filter=ID eq " + data.customer() + " and Addresses/$count eq 2"))).containsExactly(data.customer());
    }

    // ---- 12.2 (17): $orderby asc and desc -------------------------------------------------------------------------

    @Test
    void orderByAscendingAndDescending() {
        ODataClient anna = as(ANNA);
        Fixture data = fixture(anna);
        assertThat(ids(anna.get("SalesOrders?$filter=" + data.mine() + "&$orderby=NetAmount desc,ID asc")))
                .containsExactly(data.b(), data.a(), data.c());
        assertThat(ids(anna.get("SalesOrders?$filter=" + data.mine() + "&$orderby=NetAmount asc"))).containsExactly(data.c(), data.a(), data.b());
        assertThat(ids(anna.get("SalesOrders?$filter=" + data.mine() + "&$orderby=Note"))).as("null sorts first").containsExactly(data.c(), data.a(), data.b());
    }

    // ---- 12.2.2 (3): eq/ne null on single-valued navigation properties -----------------------------------------------

    @Test
    void singleValuedNavigationsCompareWithNull() {
        ODataClient anna = as(ANNA);
        long root = id(anna.post("ProductCategories", "{\"Name\":\"" + unique("Wurzel-") + "\"}"));
        long child = id(anna.post("ProductCategories", "{\"Name\":\"" + unique("Ast-") + "\",\"Parent@odata.bind\":\"ProductCategories(" + root + ")\"}"));
        String both = "ProductCategories?$orderby=ID&$filter=(ID eq " + root + " or ID eq " + child + ") and ";
        assertThat(ids(anna.get(both + "Parent eq null"))).containsExactly(root);
        assertThat(ids(anna.get(both + "Parent ne null"))).containsExactly(child);
    }

    // ---- 12.2.2 (4): the in operator ------------------------------------------------------------------------------

    @Test
    void inOperator() {
        ODataClient anna = as(ANNA);
        Fixture data = fixture(anna);
        assertThat(ids(anna.get("SalesOrders?$orderby=ID&$filter=" + data.mine() + " and Note in ('a','c','b')"))).containsExactly(data.a(), data.b());
        assertThat(ids(anna.get("SalesOrders?$filter=ID in (" + data.c() + ")"))).containsExactly(data.c());
    }

    // ---- 12.2.2 (5): $select nested within $select ------------------------------------------------------------------

    @Test
    void selectNestedWithinSelectIsRefusedClearlyUntilTheParserReadsIt() {
        // Not met yet: Olingo 5's URI parser refuses $select options on a complex property (docs/api.md, "Not yet").
        // The request gets a clear 400, never a wrong or partial answer; $select=Addresses answers them whole.
        ODataClient anna = as(ANNA);
        long customer = partner(anna);
        refused(anna.get("BusinessPartners(" + customer + ")?$select=Name,Addresses($select=City)"), 400, 501);
        ODataClient.Response whole = anna.get("BusinessPartners(" + customer + ")?$select=Name,Addresses");
        assertThat(whole.status()).as(whole.body()).isEqualTo(200);
        assertThat(whole.json().path("Addresses")).hasSize(2);
    }

    // ---- 12.2.2 (6): the count of a filtered collection in a common expression (should), or a clear refusal --------------

    @Test
    void countOfAFilteredCollectionIsRefusedClearly() {
        ODataClient anna = as(ANNA);
        Fixture data = fixture(anna);
        ODataClient.Response filtered = anna.get("SalesOrders?$filter=" + data.mine() + " and Items/$filter(Quantity gt 2)/$count eq 1");
        if (filtered.status() == 200) {
            assertThat(ids(filtered)).containsExactly(data.b());
        } else {
            refused(filtered, 400, 501);
        }
    }

    // ---- 12.2.2 (7): equal and non-equal structural comparison (should), or a clear refusal -----------------------------

    @Test
    void structuralComparisonIsRefusedClearly() {
        ODataClient anna = as(ANNA);
        Fixture data = fixture(anna);
        ODataClient.Response compared = anna.get("SalesOrders?$filter=" + data.mine() + " and Customer eq $root/BusinessPartners(" + data.customer() + ")");
        if (compared.status() == 200) {
            assertThat(ids(compared)).containsExactlyInAnyOrder(data.a(), data.b(), data.c());
        } else {
            refused(compared, 400, 501);
        }
    }

    // ---- 12.2.2 (8): $compute -------------------------------------------------------------------------------------

    @Test
    void computeAddsValuesUsableInFilterAndOrderby() {
        ODataClient anna = as(ANNA);
        Fixture data = fixture(anna);
        ODataClient.Response computed = anna.get("SalesOrders?$filter=" + data.mine() + " and Lines gt 0&$compute=Items/$count as Lines"
                + ",NetAmount mul 2 as Twice&$orderby=Lines desc&$select=ID");
        assertThat(ids(computed)).containsExactly(data.b(), data.a());
        assertThat(computed.rows().get(0).path("Lines").asInt()).isEqualTo(2);
        assertThat(computed.rows().get(0).path("Twice").decimalValue()).isEqualByComparingTo(BigDecimal.valueOf(120));
    }

    // ---- 12.2.2 (9): nested query options in $select (should), or a clear refusal --------------------------------------

    @Test
    void queryOptionsNestedInSelectAreRefusedClearly() {
        ODataClient anna = as(ANNA);
        long customer = partner(anna);
        ODataClient.Response nested = anna.get("BusinessPartners(" + customer + ")?$select=Addresses($filter=City eq 'Regensburg')");
        if (nested.status() == 200) {
            assertThat(nested.json().path("Addresses")).hasSize(1);
        } else {
            refused(nested, 400, 501);
        }
    }

    // ---- 12.2.2 (10): parameter aliases nested in $expand ----------------------------------------------------------

    @Test
    void parameterAliasesInsideExpand() {
        ODataClient anna = as(ANNA);
        Fixture data = fixture(anna);
        JsonNode order = anna.get("SalesOrders(" + data.b() + ")?$expand=Items($filter=Quantity gt @q)&@q=2").json();
        assertThat(order.path("Items")).hasSize(1);
        assertThat(order.path("Items").get(0).path("ItemNumber").asInt()).isEqualTo(10);
    }

    // ---- 12.2.2 (11): the /$filter path segment (optional), or a clear refusal ------------------------------------------

    @Test
    void filterSegmentIsRefusedClearly() {
        ODataClient anna = as(ANNA);
        Fixture data = fixture(anna);
        ODataClient.Response segment = anna.get("SalesOrders/$filter(" + data.mine() + ")?$orderby=ID");
        if (segment.status() == 200) {
            assertThat(ids(segment)).containsExactly(data.a(), data.b(), data.c());
        } else {
            refused(segment, 400, 501);
        }
    }
}
