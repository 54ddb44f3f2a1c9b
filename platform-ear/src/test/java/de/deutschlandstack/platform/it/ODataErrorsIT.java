package de.deutschlandstack.platform.it;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Bad input gets an OData JSON error with the right status, never a 500 or a stack trace. */
class ODataErrorsIT extends PlatformIT {

    private void assertError(ODataClient.Response response, int status, String... mentions) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        String message = response.json().path("error").path("message").asText();
        assertThat(message).isNotBlank();
        for (String mention : mentions) {
            assertThat(message).contains(mention);
        }
        assertThat(response.body()).doesNotContain("Exception", "\tat ", "org.hibernate", "java.");
    }

    @Test
    void unknownPropertyInFilterIsNamed() {
        assertError(as(ANNA).get("SalesOrders?$filter=Colour eq 'red'"), 400, "Colour");
    }

    @Test
    void typeMismatchInFilterIsABadRequest() {
        assertError(as(ANNA).get("SalesOrders?$filter=NetAmount eq 'viel'"), 400, "Edm.Decimal");
        assertError(as(ANNA).get("SalesOrders?$filter=OrderDate gt 5"), 400);
        assertError(as(ANNA).get("SalesOrders?$filter=contains(NetAmount,'1')"), 400);
    }

    @Test
    void malformedQueryOptionsAreBadRequests() {
        assertError(as(ANNA).get("SalesOrders?$filter=NetAmount gt"), 400);
        assertError(as(ANNA).get("SalesOrders?$top=-1"), 400);
        assertError(as(ANNA).get("SalesOrders?$orderby=Nope"), 400, "Nope");
        assertError(as(ANNA).get("SalesOrders?$select=Nope"), 400, "Nope");
        assertError(as(ANNA).get("SalesOrders?$expand=Nope"), 400, "Nope");
        assertError(as(ANNA).get("SalesOrders?$skiptoken=abc"), 400, "skiptoken");
        assertError(as(ANNA).get("SalesOrders('abc')"), 400);
        assertError(as(ANNA).get("SalesOrders?$filter=Status eq 'UNKNOWN'"), 400, "UNKNOWN");
        assertError(as(ANNA).get("SalesOrders?$filter=NetAmount div 0 gt 1"), 400, "division by zero");
    }

    @Test
    void missingResourcesAreNotFound() {
        assertError(as(ANNA).get("Spaceships"), 404, "Spaceships");
        assertError(as(ANNA).get("SalesOrders(987654321)"), 404, "987654321");
        assertThat(as(ANNA).get("/../nowhere").status()).isIn(400, 404);
    }

    @Test
    void unsupportedMethodIsNotAllowed() {
        assertError(as(ANNA).post("SalesOrders(1)", "{}"), 405);
        assertError(as(ANNA).patch("SalesOrders", "{}"), 405);
    }

    @Test
    void unreadableBodyIsRejected() {
        assertError(as(ANNA).send("POST", "BusinessPartners", "Name;City", "text/csv"), 415, "text/csv");
        assertError(as(ANNA).post("BusinessPartners", "{\"Name\":"), 400, "JSON");
        assertError(as(ANNA).post("BusinessPartners", "{\"Name\":42}"), 400, "Name");
        assertError(as(ANNA).post("BusinessPartners", "{\"Shoe\":\"size\"}"), 400, "Shoe");
    }

    @Test
    void unsupportedFeaturesAreNotImplemented() {
        assertError(as(ANNA).get("SalesOrders?$apply=groupby((rollup(Status,Currency)),aggregate($count as N))"), 501, "rollup");
        assertError(as(ANNA).get("SalesOrderItems?$search=blue"), 400, "no searchable properties");
    }
}
