package de.deutschlandstack.platform.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * GDPR Art. 15, 17, 20 for business partners and contact persons: the export holds the subject and everything that
 * refers to it; erasure deletes what no law keeps, anonymises what the law keeps (an invoiced customer stays, without
 * their e-mail), clears the change log's earlier states, and leaves an audit record without personal data.
 */
class DataSubjectsIT extends PlatformIT {

    private static final String NS = "DeutschlandStack.Erp.";

    private String partner(ODataClient anna, String number, String email) {
        ODataClient.Response created = anna.post("BusinessPartners", """
                {"PartnerNumber":"%s","Name":"Einzelunternehmen %s","Role":"CUSTOMER","City":"Landshut","Country":"DE","Email":"%s"}"""
                .formatted(number, number, email));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.json().path("ID").asText();
        assertThat(anna.post("ContactPersons", """
                {"FirstName":"Theresia","LastName":"Geheim-%s","Email":"t@%s.example","Partner@odata.bind":"BusinessPartners(%s)"}"""
                .formatted(number, number, id)).status()).isEqualTo(201);
        return id;
    }

    private static long changeLogStatesMentioning(String text) throws SQLException {
        try (Connection db = DriverManager.getConnection(System.getProperty("it.db.url"), System.getProperty("it.db.user"),
                System.getProperty("it.db.password"));
             PreparedStatement count = db.prepareStatement("select count(*) from change_log where state like ?")) {
            count.setString(1, "%" + text + "%");
            try (ResultSet rows = count.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    @Test
    void theExportHoldsTheSubjectAndEverythingAboutThem() {
        ODataClient anna = as(ANNA);
        String id = partner(anna, "BP-DSGVO-1", "inhaberin@dsgvo-1.example");
        ODataClient.Response export = anna.api("GET", "/privacy/subjects/BusinessPartners/" + id, null);
        assertThat(export.status()).as(export.body()).isEqualTo(200);
        assertThat(export.header("Content-Disposition")).hasValueSatisfying(d -> assertThat(d).contains("attachment"));
        JsonNode json = export.json();
        assertThat(json.path("tenant").asText()).isEqualTo("stadt-muenchen");
        assertThat(json.path("subject").path("data").path("Email").asText()).isEqualTo("inhaberin@dsgvo-1.example");
        assertThat(json.path("related").path("ContactPersons").get(0).path("LastName").asText()).isEqualTo("Geheim-BP-DSGVO-1");
        assertThat(json.path("related").has("SalesOrders")).isTrue();
        // Nobody else's data: Ben's tenant does not know the partner; a reader may not export.
        assertThat(as(BEN).api("GET", "/privacy/subjects/BusinessPartners/" + id, null).status()).isEqualTo(404);
        assertThat(as(LEA).api("GET", "/privacy/subjects/BusinessPartners/" + id, null).status()).isEqualTo(403);
        assertThat(anna.api("GET", "/privacy/subjects/Products/1", null).status()).isEqualTo(400);
        assertThat(anna.api("GET", "/privacy/subjects/BusinessPartners/999999999", null).status()).isEqualTo(404);
        assertThat(anna.api("GET", "/privacy/subjects/BusinessPartners/keine-zahl", null).status()).isEqualTo(400);
    }

    @Test
    void aPartnerWithoutDocumentsIsErasedEverywhere() throws SQLException {
        ODataClient anna = as(ANNA);
        String id = partner(anna, "BP-DSGVO-2", "weg@dsgvo-2.example");
        assertThat(changeLogStatesMentioning("weg@dsgvo-2.example")).isPositive();

        ODataClient.Response erased = anna.api("DELETE", "/privacy/subjects/BusinessPartners/" + id, null);
        assertThat(erased.status()).as(erased.body()).isEqualTo(200);
        assertThat(erased.json().path("deleted").path("BusinessPartners").asInt()).isEqualTo(1);
        assertThat(erased.json().path("deleted").path("ContactPersons").asInt()).isEqualTo(1);
        assertThat(anna.get("BusinessPartners(" + id + ")").status()).isEqualTo(404);
        assertThat(anna.get("ContactPersons?$filter=LastName eq 'Geheim-BP-DSGVO-2'").rows()).isEmpty();
        assertThat(changeLogStatesMentioning("weg@dsgvo-2.example")).isZero();
        assertThat(changeLogStatesMentioning("Geheim-BP-DSGVO-2")).isZero();

        JsonNode record = as(OTTO).getAbsolute(serverRoot() + "/odata/v4/audit/AuditRecords?$filter=Action%20eq%20'SUBJECT_ERASED'%20and%20ObjectKey%20eq%20'"
                + id + "'").json().path("value").get(0);
        assertThat(record.path("Actor").asText()).isEqualTo(ANNA);
        assertThat(record.toString()).doesNotContain("weg@dsgvo-2.example").doesNotContain("Geheim");
    }

    @Test
    void anInvoicedPartnerIsAnonymisedAndTheirInvoiceKept() throws SQLException {
        ODataClient anna = as(ANNA);
        String id = partner(anna, "BP-DSGVO-3", "kunde@dsgvo-3.example");
        String order = anna.post("SalesOrders", """
                {"OrderNumber":"SM-DSGVO-3","OrderDate":"2026-11-27","Customer@odata.bind":"BusinessPartners(%s)"}""".formatted(id))
                .json().path("ID").asText();
        assertThat(anna.post("SalesOrders(" + order + ")/Items", "{\"ItemNumber\":10,\"Quantity\":2,\"Product@odata.bind\":\"Products(1)\"}")
                .status()).isEqualTo(201);
        assertThat(anna.post("SalesOrders(" + order + ")/" + NS + "Release", "{}").status()).isEqualTo(200);
        String invoice = anna.post("SalesOrders(" + order + ")/" + NS + "CreateInvoice", "{\"InvoiceDate\":\"2026-11-27\"}")
                .json().path("ID").asText();
        assertThat(anna.post("Invoices(" + invoice + ")/" + NS + "Post", "{}").status()).isEqualTo(200);

        ODataClient.Response erased = anna.api("DELETE", "/privacy/subjects/BusinessPartners/" + id, null);
        assertThat(erased.status()).as(erased.body()).isEqualTo(200);
        assertThat(erased.json().path("anonymised").path("BusinessPartners").asInt()).isEqualTo(1);
        assertThat(erased.json().path("deleted").path("ContactPersons").asInt()).isEqualTo(1);
        assertThat(erased.json().path("retainedBecause").toString()).contains("Invoices: 10 years, § 147");

        JsonNode kept = anna.get("BusinessPartners(" + id + ")").json();
        assertThat(kept.path("Email").isNull()).as(kept.toString()).isTrue();
        assertThat(kept.path("Name").asText()).isEqualTo("Einzelunternehmen BP-DSGVO-3");
        assertThat(anna.get("Invoices(" + invoice + ")").json().path("GrossAmount").decimalValue()).isPositive();
        assertThat(changeLogStatesMentioning("kunde@dsgvo-3.example")).isZero();
    }

    @Test
    void aContactPersonIsErasedAlone() {
        ODataClient anna = as(ANNA);
        String partnerId = partner(anna, "BP-DSGVO-4", "firma@dsgvo-4.example");
        String contact = anna.get("ContactPersons?$filter=LastName eq 'Geheim-BP-DSGVO-4'&$select=ID").rows().get(0).path("ID").asText();
        ODataClient.Response erased = anna.api("DELETE", "/privacy/subjects/ContactPersons/" + contact, null);
        assertThat(erased.status()).as(erased.body()).isEqualTo(200);
        assertThat(anna.get("ContactPersons(" + contact + ")").status()).isEqualTo(404);
        assertThat(anna.get("BusinessPartners(" + partnerId + ")").json().path("Email").asText()).isEqualTo("firma@dsgvo-4.example");
    }
}
