package de.deutschlandstack.platform.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * OData 4.01 Advanced conformance (OData Protocol, section 12.3), one test per requirement that the other
 * conformance classes and feature tests do not already show. Each names its requirement; the data is the demo
 * tenants' and what a test creates for itself.
 */
class AdvancedConformanceIT extends PlatformIT {

    private static String unique(String prefix) {
        return prefix + ThreadLocalRandom.current().nextInt(100_000_000, 999_999_999);
    }

    private static long id(ODataClient.Response response) {
        assertThat(response.status()).as(response.body()).isBetween(200, 201);
        return response.json().path("ID").asLong();
    }

    /** A customer with two contact persons, created in one deep insert. */
    private static long partnerWithContacts(ODataClient client) {
        return id(client.post("BusinessPartners", "{\"PartnerNumber\":\"" + unique("BP-") + "\",\"Name\":\"" + unique("Konformität ")
                + "\",\"Role\":\"CUSTOMER\",\"Country\":\"DE\",\"PaymentTermsDays\":14,\"ContactPersons\":["
                + "{\"FirstName\":\"Eva\",\"LastName\":\"Eins\"},{\"FirstName\":\"Zoe\",\"LastName\":\"Zwei\"}]}"));
    }

    private static long product(ODataClient client, Long category) {
        return id(client.post("Products", "{\"ProductNumber\":\"" + unique("P-") + "\",\"Name\":\"Prüfware\",\"UnitPrice\":10.00"
                + ",\"UnitOfMeasure\":\"C62\",\"SalesTaxCode\":\"U19\",\"PurchaseTaxCode\":\"V19\""
                + (category == null ? "" : ",\"Category@odata.bind\":\"ProductCategories(" + category + ")\"") + "}"));
    }

    private static long category(ODataClient client, String name, Long parent) {
        return id(client.post("ProductCategories", "{\"Name\":\"" + name + "\""
                + (parent == null ? "" : ",\"Parent@odata.bind\":\"ProductCategories(" + parent + ")\"") + "}"));
    }

    private static long newOrder(ODataClient client, long customer) {
        return id(client.post("SalesOrders", "{\"OrderNumber\":\"" + unique("C-") + "\",\"OrderDate\":\"2026-11-26\","
                + "\"Customer@odata.bind\":\"BusinessPartners(" + customer + ")\"}"));
    }

    private static void item(ODataClient client, long order, int number, long product) {
        id(client.post("SalesOrderItems", "{\"ItemNumber\":" + number + ",\"Quantity\":1"
                + ",\"Order@odata.bind\":\"SalesOrders(" + order + ")\",\"Product@odata.bind\":\"Products(" + product + ")\"}"));
    }

    private static List<Long> ids(ODataClient.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.rows().stream().map(row -> row.path("ID").asLong()).toList();
    }

    // ---- 12.3 (12): the resource path conventions of OData-URL ----------------------------------------------

    @Test
    void resourcePathsNavigateAnyNumberOfSteps() {
        ODataClient anna = as(ANNA);
        long customer = partnerWithContacts(anna);
        long order = newOrder(anna, customer);
        List<JsonNode> contacts = anna.get("SalesOrders(" + order + ")/Customer/ContactPersons").rows();
        assertThat(contacts).hasSize(2);
        long contact = contacts.get(0).path("ID").asLong();
        ODataClient.Response one = anna.get("SalesOrders(" + order + ")/Customer/ContactPersons(" + contact + ")/Partner");
        assertThat(one.status()).as(one.body()).isEqualTo(200);
        assertThat(one.json().path("ID").asLong()).isEqualTo(customer);
        assertThat(anna.get("SalesOrders(" + order + ")/Customer/ContactPersons/$count").body()).isEqualTo(String.valueOf(contacts.size()));
        // Another tenant's order does not exist, however long the path behind it.
        assertThat(as(BEN).get("SalesOrders(" + order + ")/Customer/ContactPersons").status()).isEqualTo(404);
        // A key in the middle that the parent does not hold is 404 too.
        long otherContact = anna.get("BusinessPartners(" + partnerWithContacts(anna) + ")/ContactPersons").rows().get(0).path("ID").asLong();
        assertThat(anna.get("SalesOrders(" + order + ")/Customer/ContactPersons(" + otherContact + ")/Partner").status()).isEqualTo(404);
    }

    // ---- 12.3 (5): any and all over navigation paths --------------------------------------------------------

    @Test
    void lambdasRangeOverCollectionsAtTheEndOfPathsAndNest() {
        ODataClient anna = as(ANNA);
        long customer = partnerWithContacts(anna);
        long category = category(anna, unique("Lambda-"), null);
        long order = newOrder(anna, customer);
        item(anna, order, 10, product(anna, category));
        long sibling = product(anna, category);
        String mine = "Customer/ID eq " + customer + " and ";
        assertThat(ids(anna.get("SalesOrders?$filter=" + mine + "Customer/ContactPersons/any(c:c/LastName eq 'Zwei')&$select=ID")))
                .containsExactly(order);
        assertThat(ids(anna.get("SalesOrders?$filter=" + mine + "Customer/ContactPersons/all(c:c/LastName eq 'Zwei')&$select=ID")))
                .isEmpty();
        // Nested, navigating inside both lambdas, the inner one comparing with the outer variable.
        String nested = "Items/any(i:i/Product/Category/Products/any(p:p/ID ne i/Product/ID and p/ID eq " + sibling + "))";
        assertThat(ids(anna.get("SalesOrders?$filter=" + mine + nested + "&$select=ID"))).containsExactly(order);
        assertThat(ids(as(BEN).get("SalesOrders?$filter=" + nested + "&$select=ID"))).isEmpty();
    }

    // ---- 12.3 (9a): references for expanded navigations; $ref as a resource ----------------------------------

    @Test
    void referencesAreReadForNavigationsAndInsideExpand() {
        ODataClient anna = as(ANNA);
        long customer = partnerWithContacts(anna);
        long order = newOrder(anna, customer);
        ODataClient.Response single = anna.get("SalesOrders(" + order + ")/Customer/$ref");
        assertThat(single.status()).as(single.body()).isEqualTo(200);
        assertThat(single.json().path("@odata.id").asText()).endsWith("BusinessPartners(" + customer + ")");
        assertThat(single.json().path("@odata.context").asText()).endsWith("$metadata#$ref");

        ODataClient.Response many = anna.get("BusinessPartners(" + customer + ")/ContactPersons/$ref?$count=true");
        assertThat(many.status()).as(many.body()).isEqualTo(200);
        assertThat(many.rows()).hasSize(2).allSatisfy(ref -> assertThat(ref.path("@odata.id").asText()).contains("ContactPersons("));
        assertThat(many.json().path("@odata.count").asInt()).isEqualTo(many.rows().size());

        ODataClient.Response expanded = anna.get("SalesOrders(" + order + ")?$expand=Customer/$ref");
        assertThat(expanded.status()).as(expanded.body()).isEqualTo(200);
        assertThat(expanded.json().path("Customer").path("@odata.id").asText()).endsWith("BusinessPartners(" + customer + ")");
        assertThat(expanded.json().path("Customer").has("Name")).isFalse();
    }

    @Test
    void referencesAreSetAddedAndRemovedUnderTheEntitysRules() {
        ODataClient anna = as(ANNA);
        long first = partnerWithContacts(anna);
        long second = partnerWithContacts(anna);
        long order = newOrder(anna, first);

        // A single-valued navigation is set with PUT and, where it is required, not removed.
        assertThat(anna.put("SalesOrders(" + order + ")/Customer/$ref", "{\"@odata.id\":\"BusinessPartners(" + second + ")\"}").status())
                .isEqualTo(204);
        assertThat(anna.get("SalesOrders(" + order + ")/Customer").json().path("ID").asLong()).isEqualTo(second);
        ODataClient.Response required = anna.delete("SalesOrders(" + order + ")/Customer/$ref");
        assertThat(required.status()).isEqualTo(400);
        assertThat(required.errorMessage()).contains("Customer is required");

        // A collection gains and loses a member; the member's own reference changes.
        long category = category(anna, unique("Ref-"), null);
        long product = product(anna, null);
        assertThat(anna.post("ProductCategories(" + category + ")/Products/$ref", "{\"@odata.id\":\"Products(" + product + ")\"}").status())
                .isEqualTo(204);
        assertThat(anna.get("Products(" + product + ")/Category").json().path("ID").asLong()).isEqualTo(category);
        assertThat(anna.delete("ProductCategories(" + category + ")/Products/$ref?$id=Products(" + product + ")").status()).isEqualTo(204);
        assertThat(anna.get("Products(" + product + ")/Category").status()).isEqualTo(204);
        // Removing a member the collection does not hold is 404.
        assertThat(anna.delete("ProductCategories(" + category + ")/Products(" + product + ")/$ref").status()).isEqualTo(404);

        // A contact person is part of its partner: it may move to another, but never be left without one.
        long contact = anna.get("BusinessPartners(" + first + ")/ContactPersons").rows().get(0).path("ID").asLong();
        ODataClient.Response orphan = anna.delete("BusinessPartners(" + first + ")/ContactPersons(" + contact + ")/$ref");
        assertThat(orphan.status()).isEqualTo(400);
        assertThat(orphan.errorMessage()).contains("delete it instead");
        assertThat(anna.post("BusinessPartners(" + second + ")/ContactPersons/$ref", "{\"@odata.id\":\"ContactPersons(" + contact + ")\"}")
                .status()).isEqualTo(204);
        assertThat(anna.get("ContactPersons(" + contact + ")/Partner").json().path("ID").asLong()).isEqualTo(second);

        // Another tenant's entity can be neither the target nor the reference.
        long bensPartner = partnerWithContacts(as(BEN));
        ODataClient.Response foreign = anna.put("SalesOrders(" + order + ")/Customer/$ref",
                "{\"@odata.id\":\"BusinessPartners(" + bensPartner + ")\"}");
        assertThat(foreign.status()).isEqualTo(400);
        assertThat(as(BEN).put("SalesOrders(" + order + ")/Customer/$ref", "{\"@odata.id\":\"BusinessPartners(" + bensPartner + ")\"}")
                .status()).isEqualTo(404);
        assertThat(anna.get("SalesOrders(" + order + ")/Customer").json().path("ID").asLong()).isEqualTo(second);
    }

    // ---- 12.3 (9h): $levels ---------------------------------------------------------------------------------

    @Test
    void levelsExpandAHierarchyRecursively() {
        ODataClient anna = as(ANNA);
        String name = unique("Baum-");
        long root = category(anna, name, null);
        long child = category(anna, name + "/a", root);
        category(anna, name + "/b", root);
        category(anna, name + "/a/x", child);
        ODataClient.Response tree = anna.get("ProductCategories(" + root + ")?$expand=Subcategories($levels=max;$select=Name;$orderby=Name)"
                + "&$select=Name");
        assertThat(tree.status()).as(tree.body()).isEqualTo(200);
        List<String> names = new ArrayList<>();
        collect(tree.json(), names);
        assertThat(names).containsExactly(name, name + "/a", name + "/a/x", name + "/b");
        // Only what was expanded appears: no empty Products or null Parent on the inner levels.
        assertThat(tree.body()).doesNotContain("\"Products\"", "\"Parent\"");

        ODataClient.Response one = anna.get("ProductCategories(" + root + ")?$expand=Subcategories($levels=1)");
        assertThat(one.json().path("Subcategories")).hasSize(2)
                .allSatisfy(category -> assertThat(category.has("Subcategories")).isFalse());
    }

    private static void collect(JsonNode category, List<String> names) {
        names.add(category.path("Name").asText());
        category.path("Subcategories").forEach(child -> collect(child, names));
    }

    @Test
    void aCategoryCannotLieUnderItself() {
        ODataClient anna = as(ANNA);
        long top = anna.post("ProductCategories", "{\"Name\":\"Zyklus-" + ThreadLocalRandom.current().nextInt(1_000_000) + "\"}")
                .json().path("ID").asLong();
        long below = anna.post("ProductCategories", "{\"Name\":\"Zyklus-" + ThreadLocalRandom.current().nextInt(1_000_000)
                + "\",\"Parent@odata.bind\":\"ProductCategories(" + top + ")\"}").json().path("ID").asLong();
        ODataClient.Response cycle = anna.put("ProductCategories(" + top + ")/Parent/$ref", "{\"@odata.id\":\"ProductCategories(" + below + ")\"}");
        assertThat(cycle.status()).isEqualTo(400);
        assertThat(cycle.errorMessage()).contains("under itself");
        assertThat(anna.get("ProductCategories(" + top + ")/Parent").status()).isEqualTo(204);
    }

    @Test
    void twoConcurrentMovesCannotCloseACycle() throws Exception {
        ODataClient anna = as(ANNA);
        java.util.concurrent.ExecutorService twoClients = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            for (int attempt = 0; attempt < 5; attempt++) {
                long a = category(anna, unique("Paar-A-"), null);
                long b = category(anna, unique("Paar-B-"), null);
                // A under B and B under A, sent at the same moment: at most one may succeed.
                var first = twoClients.submit(() -> anna.put("ProductCategories(" + a + ")/Parent/$ref",
                        "{\"@odata.id\":\"ProductCategories(" + b + ")\"}").status());
                var second = twoClients.submit(() -> anna.put("ProductCategories(" + b + ")/Parent/$ref",
                        "{\"@odata.id\":\"ProductCategories(" + a + ")\"}").status());
                List<Integer> statuses = List.of(first.get(), second.get());
                assertThat(statuses).as("attempt " + attempt).filteredOn(status -> status == 204).hasSizeLessThanOrEqualTo(1);
                assertThat(statuses).allSatisfy(status -> assertThat(status).isIn(204, 400, 409, 412));
                boolean aUnderB = anna.get("ProductCategories(" + a + ")/Parent").status() == 200;
                boolean bUnderA = anna.get("ProductCategories(" + b + ")/Parent").status() == 200;
                assertThat(aUnderB && bUnderA).as("a cycle A-B-A after attempt " + attempt).isFalse();
            }
        } finally {
            twoClients.shutdownNow();
        }
    }

    // ---- OData-URL 5.1.1.10 ($root) and 5.1.1.11 (isof, cast) -------------------------------------------------

    @Test
    void rootIsofAndCastWorkInFilters() {
        ODataClient anna = as(ANNA);
        long customer = partnerWithContacts(anna);
        long order = newOrder(anna, customer);
        ODataClient.Response same = anna.get("SalesOrders?$filter=Customer/ID eq $root/SalesOrders(" + order + ")/Customer/ID"
                + " and isof(DeutschlandStack.Erp.SalesOrder) and startswith(cast(ID,Edm.String),'" + order + "')&$select=ID");
        assertThat(same.status()).as(same.body()).isEqualTo(200);
        assertThat(same.rows()).extracting(row -> row.path("ID").asLong()).containsExactly(order);
        // Ben's $root to Anna's order reads null: his orders' customers never equal it.
        assertThat(as(BEN).get("SalesOrders?$filter=Customer/ID eq $root/SalesOrders(" + order + ")/Customer/ID").rows()).isEmpty();
        ODataClient.Response badCast = anna.get("SalesOrders?$filter=cast(OrderNumber,Edm.Int32) eq 1");
        assertThat(badCast.status()).isEqualTo(400);
        assertThat(badCast.errorMessage()).contains("cannot be cast");
    }

    // ---- 12.3 (16): $compute --------------------------------------------------------------------------------

    @Test
    void computedValuesAreReturnedFilteredAndOrderedBy() {
        ODataClient anna = as(ANNA);
        long customer = partnerWithContacts(anna);
        long cheap = newOrder(anna, customer);
        long dear = newOrder(anna, customer);
        item(anna, cheap, 10, product(anna, null));
        long product = product(anna, null);
        item(anna, dear, 10, product);
        item(anna, dear, 20, product);
        ODataClient.Response computed = anna.get("SalesOrders?$filter=Customer/ID eq " + customer + " and Double gt 0"
                + "&$compute=GrossAmount mul 2 as Double,Items/$count as Lines,concat(OrderNumber,'!') as Shout"
                + "&$orderby=Double desc&$select=ID,GrossAmount,Double,Lines");
        assertThat(computed.status()).as(computed.body()).isEqualTo(200);
        List<JsonNode> rows = computed.rows();
        assertThat(rows).as(computed.body()).extracting(row -> row.path("ID").asLong()).containsExactly(dear, cheap);
        assertThat(rows.get(0).path("Double").decimalValue()).isEqualByComparingTo(rows.get(0).path("GrossAmount").decimalValue()
                .multiply(java.math.BigDecimal.valueOf(2)));
        assertThat(rows.get(0).path("Lines").asLong()).isEqualTo(2);
        assertThat(rows.get(1).path("Shout").asText()).endsWith("!");
        assertThat(rows.get(0).has("@odata.type")).isFalse();
        // Selecting computed values only answers them with the key.
        JsonNode only = anna.get("SalesOrders?$filter=ID eq " + dear + "&$compute=GrossAmount mul 2 as Double&$select=Double").rows().get(0);
        List<String> names = new ArrayList<>();
        only.fieldNames().forEachRemaining(names::add);
        assertThat(names).filteredOn(name -> !name.startsWith("@")).containsExactlyInAnyOrder("ID", "Double");
        assertThat(anna.get("SalesOrders?$compute=1 as A&$compute=2 as B").status()).isEqualTo(400);

        // Bad input: a computed name that is a property already, an expression Olingo cannot parse, $compute with $apply.
        assertThat(anna.get("SalesOrders?$compute=1 as NetAmount").status()).isEqualTo(400);
        assertThat(anna.get("SalesOrders?$compute=NetAmount mul as X").status()).isEqualTo(400);
        assertThat(anna.get("SalesOrders?$compute=NetAmount as X&$apply=aggregate(NetAmount with sum as T)").status()).isEqualTo(501);
    }

    // ---- 12.3 (5): any and all on collection-valued properties; complex values ---------------------------------

    @Test
    void addressesAreACollectionOfComplexValuesReadWrittenAndFiltered() {
        ODataClient anna = as(ANNA);
        String city = unique("Stadt-");
        long partner = id(anna.post("BusinessPartners", "{\"PartnerNumber\":\"" + unique("BP-") + "\",\"Name\":\"Adressen\","
                + "\"Role\":\"CUSTOMER\",\"Country\":\"DE\",\"PaymentTermsDays\":14,\"Addresses\":["
                + "{\"Purpose\":\"DELIVERY\",\"Street\":\"Lagerweg 1\",\"PostalCode\":\"80331\",\"City\":\"" + city + "\",\"Country\":\"DE\"},"
                + "{\"Purpose\":\"BILLING\",\"Street\":\"Postfach 9\",\"PostalCode\":\"80333\",\"City\":\"München\",\"Country\":\"DE\"}]}"));
        JsonNode read = anna.get("BusinessPartners(" + partner + ")?$select=Name,Addresses").json();
        assertThat(read.path("Addresses")).hasSize(2);
        assertThat(read.path("Addresses").get(0).path("City").asText()).isEqualTo(city);
        assertThat(read.path("Addresses").get(1).path("Purpose").asText()).isEqualTo("BILLING");
        assertThat(anna.get("BusinessPartners(" + partner + ")?$select=Name").json().has("Addresses")).isFalse();

        // Filtered with any/all and counted, in the caller's tenant only.
        assertThat(ids(anna.get("BusinessPartners?$filter=Addresses/any(a:a/City eq '" + city + "')&$select=ID"))).containsExactly(partner);
        assertThat(ids(anna.get("BusinessPartners?$filter=Addresses/any(a:a/City eq '" + city + "') and Addresses/all(a:a/Country eq 'DE')"
                + " and Addresses/$count eq 2&$select=ID"))).containsExactly(partner);
        assertThat(ids(as(BEN).get("BusinessPartners?$filter=Addresses/any(a:a/City eq '" + city + "')&$select=ID"))).isEmpty();

        // A PATCH replaces the collection; values are validated like the entity's own properties.
        assertThat(anna.patch("BusinessPartners(" + partner + ")", "{\"Addresses\":[{\"Purpose\":\"BILLING\",\"Street\":\"Neu 2\","
                + "\"PostalCode\":\"80335\",\"City\":\"München\",\"Country\":\"DE\"}]}").status()).isEqualTo(200);
        assertThat(anna.get("BusinessPartners(" + partner + ")").json().path("Addresses")).hasSize(1);
        ODataClient.Response invalid = anna.patch("BusinessPartners(" + partner + ")", "{\"Addresses\":[{\"Purpose\":\"BILLING\","
                + "\"Street\":\"\",\"PostalCode\":\"80335\",\"City\":\"München\",\"Country\":\"Deutschland\"}]}");
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(anna.get("BusinessPartners(" + partner + ")").json().path("Addresses").get(0).path("Street").asText()).isEqualTo("Neu 2");
        // Expanded partners carry their addresses too.
        long order = newOrder(anna, partner);
        assertThat(anna.get("SalesOrders(" + order + ")?$expand=Customer").json().path("Customer").path("Addresses")).hasSize(1);
    }

    // ---- 12.3 (11): batch requests; here a multipart change set with a Content-ID reference -----------------------

    @Test
    void aMultipartChangeSetIsStoredWholeAndItsReferencesResolve() {
        ODataClient anna = as(ANNA);
        String number = unique("K");
        String crlf = "\r\n";
        String changeSet = "Content-Type: multipart/mixed; boundary=cs" + crlf + crlf
                + "--cs" + crlf + "Content-Type: application/http" + crlf + "Content-Transfer-Encoding: binary" + crlf + "Content-ID: 1" + crlf + crlf
                + "POST CostCenters HTTP/1.1" + crlf + "Content-Type: application/json" + crlf + crlf
                + "{\"CostCenterNumber\":\"" + number + "\",\"Name\":\"Konformitaet\"}" + crlf
                + "--cs" + crlf + "Content-Type: application/http" + crlf + "Content-Transfer-Encoding: binary" + crlf + "Content-ID: 2" + crlf + crlf
                + "PATCH $1 HTTP/1.1" + crlf + "Content-Type: application/json" + crlf + "If-Match: *" + crlf + crlf
                + "{\"Name\":\"Konformitaet geprueft\"}" + crlf
                + "--cs--" + crlf;
        String body = "--b" + crlf + changeSet
                + "--b" + crlf + "Content-Type: application/http" + crlf + "Content-Transfer-Encoding: binary" + crlf + crlf
                + "GET CostCenters?$filter=CostCenterNumber%20eq%20'" + number + "' HTTP/1.1" + crlf + "Accept: application/json" + crlf + crlf + crlf
                + "--b--" + crlf;
        ODataClient.Response response = anna.send("POST", "$batch", body, "multipart/mixed; boundary=b");
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.header("Content-Type").orElse("")).startsWith("multipart/mixed");
        assertThat(response.body()).contains("HTTP/1.1 201", "\"Name\":\"Konformitaet geprueft\"").doesNotContain("HTTP/1.1 4", "HTTP/1.1 5");
        // The read after the change set sees both of its changes, and so does a read of its own.
        assertThat(anna.get("CostCenters?$filter=CostCenterNumber eq '" + number + "'").rows())
                .singleElement().satisfies(row -> assertThat(row.path("Name").asText()).isEqualTo("Konformitaet geprueft"));
    }

    // ---- 12.3 (13): asynchronous requests are not offered; a client asking for one is answered at once --------------

    @Test
    void respondAsyncIsNotAppliedAndTheRequestIsAnsweredSynchronously() {
        ODataClient anna = as(ANNA);
        ODataClient.Response response = anna.get("SalesOrders?$top=1&$select=ID", "Prefer", "respond-async");
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.rows()).hasSize(1);
        assertThat(response.header("Preference-Applied").orElse("")).doesNotContain("respond-async");
        assertThat(response.header("Location")).isEmpty();
        // And the service says so in its metadata.
        assertThat(anna.get("$metadata", "Accept", "application/xml").body())
                .contains("<Annotation Term=\"Capabilities.AsynchronousRequestsSupported\"><Bool>false</Bool></Annotation>");
    }

    // ---- 12.3 (14): delta change tracking (Prefer: odata.track-changes) ------------------------------------------

    @Test
    void trackingChangesReturnsADeltaLinkThatListsWhatChangedSince() {
        ODataClient anna = as(ANNA);
        long customer = partnerWithContacts(anna);
        String prefix = unique("C-T");
        ODataClient.Response read = anna.get("SalesOrders?$filter=startswith(OrderNumber,'" + prefix + "')&$select=OrderNumber",
                "Prefer", "odata.track-changes");
        assertThat(read.status()).as(read.body()).isEqualTo(200);
        assertThat(read.header("Preference-Applied").orElse("")).contains("odata.track-changes");
        assertThat(read.rows()).isEmpty();
        String delta = read.json().path("@odata.deltaLink").asText();
        assertThat(delta).contains("$deltatoken=");

        long order = id(anna.post("SalesOrders", "{\"OrderNumber\":\"" + prefix + "1\",\"OrderDate\":\"2026-11-26\","
                + "\"Customer@odata.bind\":\"BusinessPartners(" + customer + ")\"}"));
        ODataClient.Response added = anna.getAbsolute(delta);
        assertThat(added.status()).as(added.body()).isEqualTo(200);
        assertThat(added.rows()).extracting(row -> row.path("OrderNumber").asText()).containsExactly(prefix + "1");

        assertThat(anna.delete("SalesOrders(" + order + ")").status()).isEqualTo(204);
        JsonNode removed = anna.getAbsolute(added.json().path("@deltaLink").asText()).json().path("value");
        assertThat(removed).hasSize(1);
        assertThat(removed.get(0).path("@removed").path("reason").asText()).isEqualTo("deleted");
        assertThat(removed.get(0).path("@id").asText()).isEqualTo("SalesOrders(" + order + ")");
    }

    // ---- 12.3 (15): cross-join queries are not offered; asking for one is a clear OData error ----------------------

    @Test
    void aCrossJoinIsRefusedWithAnODataError() {
        ODataClient anna = as(ANNA);
        for (String path : new String[]{"$crossjoin(SalesOrders,Products)",
                "$CrossJoin(SalesOrders,BusinessPartners)?$top=1"}) {
            ODataClient.Response response = anna.get(path);
            assertThat(response.status()).as(path + ": " + response.body()).isEqualTo(501);
            assertThat(response.errorMessage()).as(response.body()).contains("Cross joins ($crossjoin) are not supported");
            assertThat(response.body()).doesNotContain("Exception", "\tat ");
        }
        assertThat(anna.get("$metadata", "Accept", "application/xml").body())
                .contains("<Annotation Term=\"Capabilities.CrossJoinSupported\"><Bool>false</Bool></Annotation>");
    }

    // ---- OData-URL 4.01: names regardless of case ------------------------------------------------------------

    @Test
    void namesOperatorsAndFunctionsAreReadRegardlessOfCase() {
        ODataClient anna = as(ANNA);
        long customer = partnerWithContacts(anna);
        long order = newOrder(anna, customer);
        ODataClient.Response read = anna.get("salesorders?FILTER=customer/id EQ " + customer + " AND STARTSWITH(ordernumber,'C-')"
                + "&$ORDERBY=orderdate DESC&$select=id,ORDERNUMBER");
        assertThat(read.status()).as(read.body()).isEqualTo(200);
        assertThat(read.rows()).hasSize(1);
        assertThat(read.rows().get(0).path("ID").asLong()).isEqualTo(order);
        assertThat(read.rows().get(0).has("OrderNumber")).isTrue();
        ODataClient.Response path = anna.get("SALESORDERS(" + order + ")/CUSTOMER/contactpersons/$COUNT");
        assertThat(path.body()).isEqualTo("2");
        // A string literal keeps its case: no order number is written in lower case.
        assertThat(anna.get("SalesOrders?$filter=OrderNumber eq 'c-1'").rows()).isEmpty();
    }
}
