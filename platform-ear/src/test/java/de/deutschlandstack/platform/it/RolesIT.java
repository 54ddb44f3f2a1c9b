package de.deutschlandstack.platform.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Roles declared on the entity sets and actions hold on every path: plain requests, actions, {@code $batch} parts,
 * {@code $expand}, delta links. A refusal is a 403 OData error that names the roles that would do.
 */
class RolesIT extends PlatformIT {

    private static final String NS = "DeutschlandStack.Erp.";
    private static final String WRITE_PARTNERS = "Changing BusinessPartners needs one of the roles business-user, tenant-admin";

    private static void assertForbidden(ODataClient.Response response, String message) {
        assertThat(response.status()).as(response.body()).isEqualTo(403);
        assertThat(response.errorMessage()).isEqualTo(message);
    }

    @Test
    void aReaderReadsEverythingAndChangesNothing() {
        ODataClient lea = as(LEA);
        assertThat(lea.get("SalesOrders?$top=2&$expand=Items,Customer").status()).isEqualTo(200);
        assertThat(lea.get("Invoices?$apply=aggregate(GrossAmount with sum as Total)").status()).isEqualTo(200);
        assertThat(lea.get("BusinessPartners(1)/" + NS + "OpenItems()").status()).isEqualTo(200);

        assertForbidden(lea.post("BusinessPartners", """
                {"PartnerNumber":"BP-LEA","Name":"X","Role":"CUSTOMER","City":"Y","Country":"DE"}"""), WRITE_PARTNERS);
        assertForbidden(lea.patch("BusinessPartners(1)", "{\"Name\":\"Umbenannt\"}"), WRITE_PARTNERS);
        assertForbidden(lea.delete("BusinessPartners(1)"), WRITE_PARTNERS);
        assertForbidden(lea.put("SalesOrders(1)/Customer/$ref", "{\"@odata.id\":\"BusinessPartners(2)\"}"),
                "Changing SalesOrders needs one of the roles business-user, tenant-admin");
        String order = as(ANNA).get("SalesOrders?$filter=Status eq 'OPEN'&$top=1&$select=ID").rows().get(0).path("ID").asText();
        assertForbidden(lea.post("SalesOrders(" + order + ")/" + NS + "Release", "{}"),
                "The action SalesOrders/Release needs one of the roles business-user, tenant-admin");
        assertThat(as(ANNA).get("SalesOrders(" + order + ")").json().path("Status").asText()).isEqualTo("OPEN");
    }

    @Test
    void aBatchChecksEachPartAsItsOwnRequest() {
        JsonNode responses = as(LEA).send("POST", "$batch", """
                {"requests":[
                 {"id":"1","method":"GET","url":"Products?$top=1"},
                 {"id":"2","method":"POST","url":"BusinessPartners","headers":{"content-type":"application/json"},
                  "body":{"PartnerNumber":"BP-LEA2","Name":"X","Role":"CUSTOMER","City":"Y","Country":"DE"}}]}""",
                "application/json").json().path("responses");
        assertThat(responses.get(0).path("status").asInt()).isEqualTo(200);
        assertThat(responses.get(1).path("status").asInt()).isEqualTo(403);
        assertThat(responses.get(1).path("body").path("error").path("message").asText()).isEqualTo(WRITE_PARTNERS);
        assertThat(as(ANNA).get("BusinessPartners?$filter=PartnerNumber eq 'BP-LEA2'").rows()).isEmpty();
    }

    @Test
    void anAuditorReadsNoBusinessObjectsByAnyPath() {
        ODataClient otto = as(OTTO);
        String closed = "Reading SalesOrders needs one of the roles business-user, read-only, tenant-admin";
        assertForbidden(otto.get("SalesOrders"), closed);
        assertForbidden(otto.get("SalesOrders(1)"), closed);
        assertForbidden(otto.get("SalesOrders/$count"), closed);
        assertForbidden(otto.get("SalesOrders(1)/OrderNumber"), closed);
        assertForbidden(otto.get("SalesOrders?$apply=aggregate($count as N)"), closed);
        assertForbidden(otto.get("SalesOrders", "Prefer", "odata.track-changes"), closed);
        assertForbidden(otto.get("SalesOrders?$deltatoken=0"), closed);
        assertForbidden(otto.get("SalesOrders(1)/Items"), closed);
        JsonNode responses = otto.send("POST", "$batch", "{\"requests\":[{\"id\":\"1\",\"method\":\"GET\",\"url\":\"Invoices\"}]}",
                "application/json").json().path("responses");
        assertThat(responses.get(0).path("status").asInt()).isEqualTo(403);
        // The service's description is no business data.
        assertThat(otto.get("$metadata", "Accept", "application/xml").status()).isEqualTo(200);
    }

    @Test
    void codeListsAndAccountsAreTheTenantAdminsToChange() {
        String tenant = onboardTenant("rollen", "rollen-passwort-1");
        ODataClient chef = as("chef@" + tenant, "rollen-passwort-1");
        assertThat(chef.api("POST", "/admin/tenants/" + tenant + "/users", """
                {"user": "clerk@%s", "password": "rollen-passwort-1", "roles": ["business-user"]}""".formatted(tenant)).status())
                .isEqualTo(201);
        ODataClient clerk = as("clerk@" + tenant, "rollen-passwort-1");

        String nok = "{\"Code\":\"NOK\",\"Name\":\"Norwegische Krone\",\"Decimals\":2}";
        assertForbidden(clerk.post("Currencies", nok), "Changing Currencies needs one of the roles tenant-admin");
        assertThat(chef.post("Currencies", nok).status()).isEqualTo(201);
        assertThat(clerk.get("Currencies('NOK')").status()).isEqualTo(200);
    }
}
