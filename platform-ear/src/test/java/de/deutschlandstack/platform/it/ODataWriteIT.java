package de.deutschlandstack.platform.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** Create, read, update (PATCH and PUT) and delete through OData, with ETags and validation. */
class ODataWriteIT extends PlatformIT {

    private static String unique(String prefix) {
        return prefix + ThreadLocalRandom.current().nextInt(100_000, 999_999);
    }

    private long createPartner(ODataClient client, String number) {
        ODataClient.Response created = client.post("BusinessPartners",
                "{\"PartnerNumber\":\"" + number + "\",\"Name\":\"Testpartner " + number + "\",\"Role\":\"CUSTOMER\","
                        + "\"City\":\"Bamberg\",\"Country\":\"DE\",\"Email\":\"info@test.example\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().path("ID").asLong();
    }

    @Test
    void partnerLifecycleThroughCreatePatchPutAndDelete() {
        ODataClient anna = as(ANNA);
        String number = unique("BP-");
        ODataClient.Response created = anna.post("BusinessPartners",
                "{\"PartnerNumber\":\"" + number + "\",\"Name\":\"Gärtnerei Blum\",\"Role\":\"SUPPLIER\",\"City\":\"Freising\",\"Country\":\"DE\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        long id = created.json().path("ID").asLong();
        assertThat(created.header("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/odata/v4/erp/BusinessPartners(" + id + ")"));
        assertThat(created.json().path("CreatedAt").asText()).isNotBlank();

        ODataClient.Response patched = anna.patch("BusinessPartners(" + id + ")", "{\"City\":\"Landshut\"}");
        assertThat(patched.status()).isEqualTo(200);
        JsonNode afterPatch = anna.get("BusinessPartners(" + id + ")").json();
        assertThat(afterPatch.path("City").asText()).isEqualTo("Landshut");
        assertThat(afterPatch.path("Name").asText()).isEqualTo("Gärtnerei Blum");

        ODataClient.Response replaced = anna.put("BusinessPartners(" + id + ")",
                "{\"PartnerNumber\":\"" + number + "\",\"Name\":\"Gärtnerei Blum & Söhne\",\"Role\":\"SUPPLIER\"}");
        assertThat(replaced.status()).as(replaced.body()).isEqualTo(200);
        JsonNode afterPut = anna.get("BusinessPartners(" + id + ")").json();
        assertThat(afterPut.path("Name").asText()).isEqualTo("Gärtnerei Blum & Söhne");
        assertThat(afterPut.path("City").isNull()).as("PUT resets what it leaves out").isTrue();

        assertThat(anna.delete("BusinessPartners(" + id + ")").status()).isEqualTo(204);
        assertThat(anna.get("BusinessPartners(" + id + ")").status()).isEqualTo(404);
    }

    @Test
    void orderWithItemsBoundToCustomerAndProduct() {
        ODataClient anna = as(ANNA);
        long customer = createPartner(anna, unique("BP-"));
        long product = anna.get("Products?$top=1&$select=ID").rows().get(0).path("ID").asLong();

        ODataClient.Response order = anna.post("SalesOrders", "{\"OrderNumber\":\"" + unique("SM-T") + "\",\"OrderDate\":\"2026-11-25\","
                + "\"Customer@odata.bind\":\"BusinessPartners(" + customer + ")\"}");
        assertThat(order.status()).as(order.body()).isEqualTo(201);
        long orderId = order.json().path("ID").asLong();
        assertThat(order.json().path("Status").asText()).isEqualTo("OPEN");

        ODataClient.Response item = anna.post("SalesOrderItems", "{\"ItemNumber\":10,\"Quantity\":3,\"UnitPrice\":12.50,"
                + "\"Order@odata.bind\":\"SalesOrders(" + orderId + ")\",\"Product@odata.bind\":\"Products(" + product + ")\"}");
        assertThat(item.status()).as(item.body()).isEqualTo(201);
        assertThat(item.json().path("NetAmount").decimalValue()).isEqualByComparingTo("37.50");

        JsonNode read = anna.get("SalesOrders(" + orderId + ")?$expand=Customer,Items($expand=Product)").json();
        assertThat(read.path("Customer").path("ID").asLong()).isEqualTo(customer);
        assertThat(read.path("Items")).hasSize(1);
        assertThat(read.path("Items").get(0).path("Product").path("ID").asLong()).isEqualTo(product);
        assertThat(read.path("NetAmount").decimalValue()).as("the order totals its items").isEqualByComparingTo("37.50");

        long itemId = item.json().path("ID").asLong();
        assertThat(anna.patch("SalesOrderItems(" + itemId + ")", "{\"Quantity\":4}").status()).isEqualTo(200);
        assertThat(anna.get("SalesOrders(" + orderId + ")").json().path("NetAmount").decimalValue()).isEqualByComparingTo("50.00");
        assertThat(anna.delete("SalesOrderItems(" + itemId + ")").status()).isEqualTo(204);
        assertThat(anna.get("SalesOrders(" + orderId + ")").json().path("NetAmount").decimalValue()).isEqualByComparingTo("0");
    }

    @Test
    void computedPropertiesIgnoreClientValues() {
        ODataClient anna = as(ANNA);
        // Items change only while their order is OPEN.
        long orderId = anna.get("SalesOrders?$filter=Status eq 'OPEN'&$top=1&$select=ID").rows().get(0).path("ID").asLong();
        long product = anna.get("Products?$top=1&$select=ID").rows().get(0).path("ID").asLong();
        ODataClient.Response item = anna.post("SalesOrderItems", "{\"ItemNumber\":990,\"Quantity\":2,\"UnitPrice\":10,\"NetAmount\":999999,"
                + "\"Order@odata.bind\":\"SalesOrders(" + orderId + ")\",\"Product@odata.bind\":\"Products(" + product + ")\"}");
        assertThat(item.status()).as(item.body()).isEqualTo(201);
        assertThat(item.json().path("NetAmount").decimalValue()).isEqualByComparingTo("20.00");
        assertThat(anna.delete("SalesOrderItems(" + item.json().path("ID").asLong() + ")").status()).isEqualTo(204);
    }

    @Test
    void staleETagIsRejectedAndCurrentETagAccepted() {
        ODataClient anna = as(ANNA);
        long id = createPartner(anna, unique("BP-"));
        ODataClient.Response read = anna.get("BusinessPartners(" + id + ")");
        String etag = read.header("ETag").orElseThrow();
        assertThat(read.json().path("@odata.etag").asText()).isEqualTo(etag);

        ODataClient.Response first = anna.patch("BusinessPartners(" + id + ")", "{\"City\":\"Coburg\"}", "If-Match", etag);
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.header("ETag")).isPresent().isNotEqualTo(java.util.Optional.of(etag));

        ODataClient.Response stale = anna.patch("BusinessPartners(" + id + ")", "{\"City\":\"Hof\"}", "If-Match", etag);
        assertThat(stale.status()).isEqualTo(412);
        assertThat(anna.get("BusinessPartners(" + id + ")").json().path("City").asText()).isEqualTo("Coburg");

        assertThat(anna.delete("BusinessPartners(" + id + ")", "If-Match", etag).status()).isEqualTo(412);
        assertThat(anna.delete("BusinessPartners(" + id + ")", "If-Match", first.header("ETag").orElseThrow()).status()).isEqualTo(204);
    }

    @Test
    void invalidWriteIsRejectedAndChangesNothing() {
        ODataClient anna = as(ANNA);
        String count = anna.get("BusinessPartners/$count").body();

        ODataClient.Response blank = anna.post("BusinessPartners", "{\"PartnerNumber\":\"\",\"Name\":\"Ohne Nummer\",\"Role\":\"CUSTOMER\"}");
        assertThat(blank.status()).isEqualTo(400);
        assertThat(blank.errorMessage()).contains("PartnerNumber");

        ODataClient.Response badEmail = anna.post("BusinessPartners",
                "{\"PartnerNumber\":\"" + unique("BP-") + "\",\"Name\":\"X\",\"Role\":\"CUSTOMER\",\"Email\":\"not-an-address\"}");
        assertThat(badEmail.status()).isEqualTo(400);
        assertThat(badEmail.errorMessage()).contains("Email");

        ODataClient.Response badEnum = anna.post("BusinessPartners",
                "{\"PartnerNumber\":\"" + unique("BP-") + "\",\"Name\":\"X\",\"Role\":\"FRIEND\"}");
        assertThat(badEnum.status()).isEqualTo(400);
        assertThat(badEnum.errorMessage()).contains("Role", "CUSTOMER");

        ODataClient.Response missingCustomer = anna.post("SalesOrders",
                "{\"OrderNumber\":\"" + unique("SM-T") + "\",\"OrderDate\":\"2026-11-25\"}");
        assertThat(missingCustomer.status()).isEqualTo(400);

        assertThat(anna.get("BusinessPartners/$count").body()).isEqualTo(count);
    }

    @Test
    void duplicateBusinessKeyAndDeletingAReferencedPartnerAreConflicts() {
        ODataClient anna = as(ANNA);
        String number = unique("BP-");
        createPartner(anna, number);
        ODataClient.Response duplicate = anna.post("BusinessPartners",
                "{\"PartnerNumber\":\"" + number + "\",\"Name\":\"Doppelt\",\"Role\":\"CUSTOMER\"}");
        assertThat(duplicate.status()).isEqualTo(409);

        long referenced = anna.get("SalesOrders?$top=1&$expand=Customer($select=ID)").rows().get(0).path("Customer").path("ID").asLong();
        assertThat(anna.delete("BusinessPartners(" + referenced + ")").status()).isEqualTo(409);
        assertThat(anna.get("BusinessPartners(" + referenced + ")").status()).isEqualTo(200);
    }

    @Test
    void returnMinimalAnswersWithoutBody() {
        ODataClient anna = as(ANNA);
        ODataClient.Response created = anna.post("BusinessPartners",
                "{\"PartnerNumber\":\"" + unique("BP-") + "\",\"Name\":\"Minimal\",\"Role\":\"CUSTOMER\"}", "Prefer", "return=minimal");
        assertThat(created.status()).isEqualTo(204);
        assertThat(created.header("OData-EntityId")).isPresent();
        assertThat(created.body()).isEmpty();
    }

    /** An order of Anna's with one item; answers {orderId, itemId}. */
    private static long[] orderWithOneItem(ODataClient anna, String quantity) {
        long customer = anna.get("BusinessPartners?$top=1&$select=ID").rows().get(0).path("ID").asLong();
        long product = anna.get("Products?$top=1&$select=ID").rows().get(0).path("ID").asLong();
        ODataClient.Response order = anna.post("SalesOrders", "{\"OrderNumber\":\"" + unique("SM-M") + "\",\"OrderDate\":\"2026-11-25\","
                + "\"Customer@odata.bind\":\"BusinessPartners(" + customer + ")\"}");
        assertThat(order.status()).as(order.body()).isEqualTo(201);
        long orderId = order.json().path("ID").asLong();
        ODataClient.Response item = anna.post("SalesOrderItems", "{\"ItemNumber\":10,\"Quantity\":" + quantity + ",\"UnitPrice\":10,"
                + "\"Order@odata.bind\":\"SalesOrders(" + orderId + ")\",\"Product@odata.bind\":\"Products(" + product + ")\"}");
        assertThat(item.status()).as(item.body()).isEqualTo(201);
        return new long[]{orderId, item.json().path("ID").asLong()};
    }

    @Test
    void movingAnItemToAnotherOrderCorrectsBothTotals() {
        ODataClient anna = as(ANNA);
        long[] first = orderWithOneItem(anna, "2");
        long[] second = orderWithOneItem(anna, "3");
        ODataClient.Response moved = anna.patch("SalesOrderItems(" + first[1] + ")",
                "{\"Order@odata.bind\":\"SalesOrders(" + second[0] + ")\"}");
        assertThat(moved.status()).as(moved.body()).isEqualTo(200);
        assertThat(anna.get("SalesOrders(" + first[0] + ")").json().path("NetAmount").decimalValue()).isEqualByComparingTo("0");
        assertThat(anna.get("SalesOrders(" + second[0] + ")").json().path("NetAmount").decimalValue()).isEqualByComparingTo("50.00");
    }

    @Test
    void anItemDoesNotMoveToAnOrderInAnotherCurrency() {
        ODataClient anna = as(ANNA);
        long[] euro = orderWithOneItem(anna, "2");
        long customer = anna.get("BusinessPartners?$top=1&$select=ID").rows().get(0).path("ID").asLong();
        ODataClient.Response dollar = anna.post("SalesOrders", "{\"OrderNumber\":\"" + unique("SM-U") + "\",\"OrderDate\":\"2026-11-25\","
                + "\"Currency\":\"USD\",\"Customer@odata.bind\":\"BusinessPartners(" + customer + ")\"}");
        assertThat(dollar.status()).as(dollar.body()).isEqualTo(201);
        ODataClient.Response moved = anna.patch("SalesOrderItems(" + euro[1] + ")",
                "{\"Order@odata.bind\":\"SalesOrders(" + dollar.json().path("ID").asLong() + ")\"}");
        assertThat(moved.status()).isEqualTo(400);
        assertThat(moved.errorMessage()).contains("priced in EUR");
        assertThat(anna.get("SalesOrders(" + euro[0] + ")").json().path("NetAmount").decimalValue()).isEqualByComparingTo("20.00");
    }

    @Test
    void deletingAnOrderDeletesItsItems() {
        ODataClient anna = as(ANNA);
        long[] order = orderWithOneItem(anna, "1");
        assertThat(anna.delete("SalesOrders(" + order[0] + ")").status()).isEqualTo(204);
        assertThat(anna.get("SalesOrderItems(" + order[1] + ")").status()).isEqualTo(404);
    }

    @Test
    void anUnreadableIfMatchIsRefusedNotIgnored() {
        ODataClient anna = as(ANNA);
        long id = createPartner(anna, unique("BP-"));
        for (String ifMatch : new String[]{"garbage", "W/", "\"unterminated", "W/\"1\" x"}) {
            ODataClient.Response response = anna.patch("BusinessPartners(" + id + ")", "{\"City\":\"Passau\"}", "If-Match", ifMatch);
            assertThat(response.status()).as(ifMatch).isEqualTo(400);
            assertThat(response.errorMessage()).contains("If-Match");
            assertThat(anna.delete("BusinessPartners(" + id + ")", "If-Match", ifMatch).status()).as(ifMatch).isEqualTo(400);
        }
        assertThat(anna.get("BusinessPartners(" + id + ")").json().path("City").asText()).isNotEqualTo("Passau");
        assertThat(anna.patch("BusinessPartners(" + id + ")", "{\"City\":\"Passau\"}", "If-Match", "*").status()).isEqualTo(200);
    }

    @Test
    void bindingNullIsTheClientsErrorNotAServerGap() {
        ODataClient anna = as(ANNA);
        long[] order = orderWithOneItem(anna, "1");
        ODataClient.Response cleared = anna.patch("SalesOrders(" + order[0] + ")", "{\"Customer@odata.bind\":null}");
        assertThat(cleared.status()).as(cleared.body()).isEqualTo(400);
        assertThat(cleared.errorMessage()).contains("Customer@odata.bind");
        assertThat(anna.get("SalesOrders(" + order[0] + ")?$expand=Customer").json().path("Customer").isObject()).isTrue();
    }

    @Test
    void putResetsWhatTheBodyLeavesOutAndValidationSaysWhy() {
        ODataClient anna = as(ANNA);
        long[] order = orderWithOneItem(anna, "1");
        ODataClient.Response put = anna.put("SalesOrderItems(" + order[1] + ")", "{\"Quantity\":2,\"UnitPrice\":3}");
        assertThat(put.status()).as(put.body()).isEqualTo(400);
        assertThat(put.errorMessage()).contains("ItemNumber");
    }

    @Test
    void aJsonBodyMustBeExactlyOneObject() {
        ODataClient anna = as(ANNA);
        String count = anna.get("BusinessPartners/$count").body();
        String partner = "{\"PartnerNumber\":\"" + unique("BP-") + "\",\"Name\":\"Zwei\",\"Role\":\"CUSTOMER\"}";
        assertThat(anna.post("BusinessPartners", partner + "{\"x\":1}").status()).isEqualTo(400);
        assertThat(anna.post("BusinessPartners", partner + " trailing").status()).isEqualTo(400);
        assertThat(anna.get("BusinessPartners/$count").body()).isEqualTo(count);
    }

    @Test
    void aChangeWithoutAnyPreconditionIsRefusedWith428() {
        ODataClient anna = as(ANNA);
        long id = createPartner(anna, unique("BP-"));
        ODataClient.Response patch = anna.send("PATCH", "BusinessPartners(" + id + ")", "{\"City\":\"Passau\"}", "application/json");
        assertThat(patch.status()).isEqualTo(428);
        assertThat(patch.errorMessage()).contains("If-Match");
        assertThat(anna.send("DELETE", "BusinessPartners(" + id + ")", null, "application/json").status()).isEqualTo(428);
        assertThat(anna.get("BusinessPartners(" + id + ")").json().path("City").asText()).isNotEqualTo("Passau");
    }

    @Test
    void twoIfMatchLinesAreOneListAndAStarInAListIsInvalid() {
        ODataClient anna = as(ANNA);
        long id = createPartner(anna, unique("BP-"));
        ODataClient.Response patch = anna.patch("BusinessPartners(" + id + ")", "{\"City\":\"Passau\"}",
                "If-Match", "W/\"999\"", "If-Match", "*");
        assertThat(patch.status()).isEqualTo(400);
    }

    @Test
    void typeAnnotationsThatContradictTheModelAreRefused() {
        ODataClient anna = as(ANNA);
        ODataClient.Response wrongProperty = anna.post("BusinessPartners", "{\"PartnerNumber\":\"" + unique("BP-")
                + "\",\"Name@odata.type\":\"#Edm.Int32\",\"Name\":\"Typ\",\"Role\":\"CUSTOMER\"}");
        assertThat(wrongProperty.status()).isEqualTo(400);
        assertThat(wrongProperty.errorMessage()).isEqualTo("Name is of type Edm.String, not Edm.Int32");
        ODataClient.Response wrongEntity = anna.post("BusinessPartners", "{\"@odata.type\":\"#DeutschlandStack.Erp.SalesOrder\","
                + "\"PartnerNumber\":\"" + unique("BP-") + "\",\"Name\":\"Typ\",\"Role\":\"CUSTOMER\"}");
        assertThat(wrongEntity.status()).isEqualTo(400);
        assertThat(wrongEntity.errorMessage()).contains("DeutschlandStack.Erp.BusinessPartner");
        ODataClient.Response right = anna.post("BusinessPartners", "{\"Name@odata.type\":\"String\",\"PartnerNumber\":\""
                + unique("BP-") + "\",\"Name\":\"Typ\",\"Role\":\"CUSTOMER\"}");
        assertThat(right.status()).as(right.body()).isEqualTo(201);
    }
}
