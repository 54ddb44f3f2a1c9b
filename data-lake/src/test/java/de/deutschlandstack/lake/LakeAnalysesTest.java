package de.deutschlandstack.lake;

import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static de.deutschlandstack.lake.ListedLog.column;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The lake's analyses on a real local Spark: two tenants' books in the same silver tables, and each analysis of one tenant
 * sees that tenant's rows alone; time travel reads the lake as it was after a step; what cannot be answered is refused
 * with the status a caller can act on.
 */
class LakeAnalysesTest {

    private static final SparkSession spark = TestSpark.session();

    @TempDir
    static Path lake;

    private static LakeAnalyses analyses;

    private static final Map<String, List<ChangeSource.Column>> SCHEMA = Map.of(
            "Invoices", List.of(column("ID", "id", "Int64"), column("Kind", "kind", "String"), column("Status", "status", "String"),
                    column("InvoiceDate", "invoiceDate", "Date"), column("DueDate", "dueDate", "Date"),
                    column("NetAmount", "netAmount", "Decimal"), column("OpenAmount", "openAmount", "Decimal"),
                    column("PartnerID", "partner", "String")),
            "BusinessPartners", List.of(column("ID", "id", "Int64"), column("Name", "name", "String")));

    private static long seq;

    private static ChangeEvent change(String tenant, String set, String key, String json) {
        seq++;
        return new ChangeEvent(seq, tenant, set, key, "CREATED", json, Timestamp.from(Instant.parse("2026-11-27T10:00:00Z").plusSeconds(seq)));
    }

    private static String invoice(String kind, String status, String date, String due, String net, String open, String partner) {
        return """
                {"kind":"%s","status":"%s","invoiceDate":"%s","dueDate":"%s","netAmount":%s,"openAmount":%s,"partner":%s}"""
                .formatted(kind, status, date, due, net, open, partner);
    }

    @BeforeAll
    static void books() throws IOException {
        List<ChangeEvent> first = new ArrayList<>(List.of(
                change("stadt-muenchen", "BusinessPartners", "1", "{\"name\":\"Bäckerei Huber\"}"),
                change("stadt-muenchen", "BusinessPartners", "2", "{\"name\":\"Stadtwerke\"}"),
                change("bayern-werke", "BusinessPartners", "1", "{\"name\":\"Geheimkunde der Bayern-Werke\"}"),
                change("stadt-muenchen", "Invoices", "10", invoice("CUSTOMER", "PAID", "2026-01-15", "2026-02-14", "100.00", "0", "1")),
                change("stadt-muenchen", "Invoices", "11", invoice("CUSTOMER", "POSTED", "2026-01-20", "2026-02-19", "50.50", "60.10", "2")),
                change("stadt-muenchen", "Invoices", "12", invoice("SUPPLIER", "POSTED", "2026-01-20", "2026-02-19", "999.00", "999.00", "2")),
                change("stadt-muenchen", "Invoices", "13", invoice("CUSTOMER", "DRAFT", "2026-01-21", "2026-02-20", "7.00", "7.00", "1")),
                change("bayern-werke", "Invoices", "10", invoice("CUSTOMER", "POSTED", "2026-01-15", "2026-02-14", "123456.00", "123456.00", "1"))));
        ListedLog log = new ListedLog(first, SCHEMA);
        // The progress recorded at every chance: beside the second step's writes (the lake's version 0, after the first
        // step), and when the lake is up to date (version 1, after the second).
        LakeIngestion ingestion = new LakeIngestion(spark, lake, log, 100, java.time.Duration.ZERO);
        ingestion.step();
        // A second step: a February invoice of the city.
        log.append(change("stadt-muenchen", "Invoices", "14", invoice("CUSTOMER", "PARTIALLY_PAID", "2026-02-03", "2026-11-20", "20.00", "5.00", "1")));
        ingestion.step();
        ingestion.step();
        analyses = new LakeAnalyses(spark, lake);
    }

    @Test
    void revenueIsTheTenantsOwnPostedCustomerInvoicesPerMonthAndCustomer() {
        LakeAnalyses.Result revenue = analyses.run("revenue-by-month-and-customer", "stadt-muenchen", null, null, null);
        assertThat(revenue.columns()).containsExactly("Month", "CustomerID", "Customer", "NetRevenue", "Invoices");
        assertThat(revenue.rows()).extracting(row -> row.get("Month") + " " + row.get("Customer") + " " + row.get("NetRevenue"))
                .containsExactly("2026-01 Bäckerei Huber 100.00", "2026-01 Stadtwerke 50.50", "2026-02 Bäckerei Huber 20.00");
        assertThat(revenue.rows().toString()).doesNotContain("Geheimkunde", "123456");
        LakeAnalyses.Result bens = analyses.run("revenue-by-month-and-customer", "bayern-werke", null, null, null);
        assertThat(bens.rows()).extracting(row -> row.get("Customer")).containsExactly("Geheimkunde der Bayern-Werke");
    }

    @Test
    void receivablesAreAgedByDaysPastDueOnTheDayAsked() {
        LakeAnalyses.Result ageing = analyses.run("receivables-ageing", "stadt-muenchen", null, null, "2026-03-01");
        // On 1 March: invoice 14 (due 20 November) is not due, invoice 11 (due 19 February) 10 days past due; the paid,
        // the draft and the supplier's invoices are no receivables.
        assertThat(ageing.rows()).extracting(row -> row.get("PastDue") + " " + row.get("OpenAmount") + " " + row.get("Invoices"))
                .containsExactly("not due 5.00 1", "1-30 days 60.10 1");
        // On 1 February nothing was due; invoice 14 was not yet issued.
        assertThat(analyses.run("receivables-ageing", "stadt-muenchen", null, null, "2026-02-01").rows())
                .extracting(row -> row.get("PastDue") + " " + row.get("OpenAmount")).containsExactly("not due 60.10");
        assertRefused(() -> analyses.run("receivables-ageing", "stadt-muenchen", null, null, "morgen"), 400);
    }

    @Test
    void timeTravelReadsTheLakeAsItWasAfterAStep() {
        LakeAnalyses.Result first = analyses.run("revenue-by-month-and-customer", "stadt-muenchen", null, "0", null);
        assertThat(first.asOf()).isNotNull();
        assertThat(first.rows()).extracting(row -> row.get("Month")).containsOnly("2026-01");
        assertThat(analyses.run("revenue-by-month-and-customer", "stadt-muenchen", null, "1", null).rows()).hasSize(3);
    }

    @Test
    void whatCannotBeAnsweredIsRefusedWithTheRightStatus() {
        assertRefused(() -> analyses.run("drop-table", "stadt-muenchen", null, null, null), 404);
        assertRefused(() -> analyses.run("revenue-by-month-and-customer", "../etc", null, null, null), 400);
        assertRefused(() -> analyses.run("revenue-by-month-and-customer", "stadt-muenchen' or '1'='1", null, null, null), 400);
        assertRefused(() -> analyses.run("revenue-by-month-and-customer", null, null, null, null), 400);
        assertRefused(() -> analyses.run("revenue-by-month-and-customer", "stadt-muenchen", "gestern", null, null), 400);
        assertRefused(() -> analyses.run("revenue-by-month-and-customer", "stadt-muenchen", "2026-01-01T00:00:00Z", "1", null), 400);
        assertRefused(() -> analyses.run("revenue-by-month-and-customer", "stadt-muenchen", null, "99", null), 404);
        assertRefused(() -> analyses.run("revenue-by-month-and-customer", "stadt-muenchen", "2001-01-01T00:00:00Z", null, null), 409);
        // A tenant the lake has never seen has empty books, not someone else's.
        assertThat(analyses.run("revenue-by-month-and-customer", "niemand", null, null, null).rows()).isEmpty();
        // Product demand needs order tables this lake does not have.
        assertRefused(() -> analyses.run("product-demand-by-month", "stadt-muenchen", null, null, null), 409);
    }

    private static void assertRefused(Runnable analysis, int status) {
        assertThatThrownBy(analysis::run).isInstanceOfSatisfying(LakeAnalyses.Refused.class, refused ->
                assertThat(refused.status).as(refused.getMessage()).isEqualTo(status));
    }
}
