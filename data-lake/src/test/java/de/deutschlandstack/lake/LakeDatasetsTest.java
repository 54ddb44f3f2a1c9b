package de.deutschlandstack.lake;

import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static de.deutschlandstack.lake.ListedLog.column;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The AI services' training data on a real local Spark: the features and labels each dataset promises, from one
 * tenant's books alone, with the Delta version of every table read.
 */
class LakeDatasetsTest {

    private static final SparkSession spark = TestSpark.session();

    @TempDir
    static Path lake;

    private static LakeDatasets datasets;

    private static final Map<String, List<ChangeSource.Column>> SCHEMA = Map.of(
            "Invoices", List.of(column("ID", "id", "Int64"), column("Kind", "kind", "String"), column("Status", "status", "String"),
                    column("InvoiceDate", "invoiceDate", "Date"), column("DueDate", "dueDate", "Date"),
                    column("GrossAmount", "grossAmount", "Decimal"), column("PartnerID", "partner", "String")),
            "Payments", List.of(column("ID", "id", "Int64"), column("InvoiceID", "invoice", "String"),
                    column("PaymentDate", "paymentDate", "Date")),
            "SalesOrders", List.of(column("ID", "id", "Int64"), column("Status", "status", "String"),
                    column("OrderDate", "orderDate", "Date")),
            "SalesOrderItems", List.of(column("ID", "id", "Int64"), column("OrderID", "order", "String"),
                    column("ProductID", "product", "String"), column("Quantity", "quantity", "Decimal")));

    private static long seq;

    private static ChangeEvent change(String tenant, String set, String key, String json) {
        seq++;
        return new ChangeEvent(seq, tenant, set, key, "CREATED", json, Timestamp.from(Instant.parse("2026-11-27T10:00:00Z").plusSeconds(seq)));
    }

    private static ChangeEvent invoice(String tenant, String key, String status, String date, String due, String gross, String partner) {
        return change(tenant, "Invoices", key, """
                {"kind":"CUSTOMER","status":"%s","invoiceDate":"%s","dueDate":"%s","grossAmount":%s,"partner":"%s"}"""
                .formatted(status, date, due, gross, partner));
    }

    private static ChangeEvent payment(String tenant, String key, String invoice, String date) {
        return change(tenant, "Payments", key, "{\"invoice\":\"%s\",\"paymentDate\":\"%s\"}".formatted(invoice, date));
    }

    private static ChangeEvent order(String key, String date, String status) {
        return change("stadt-muenchen", "SalesOrders", key, "{\"status\":\"%s\",\"orderDate\":\"%s\"}".formatted(status, date));
    }

    private static ChangeEvent item(String key, String order, String product, String quantity) {
        return change("stadt-muenchen", "SalesOrderItems", key,
                "{\"order\":\"%s\",\"product\":\"%s\",\"quantity\":%s}".formatted(order, product, quantity));
    }

    @BeforeAll
    static void books() throws IOException {
        String tomorrow = LocalDate.now().plusDays(1).toString();
        List<ChangeEvent> changes = new ArrayList<>(List.of(
                // Customer 1: paid 10 days late, then on time, then open 10+ days past due; one more not yet due.
                invoice("stadt-muenchen", "10", "PAID", "2026-01-05", "2026-02-04", "1000.00", "1"),
                invoice("stadt-muenchen", "11", "PAID", "2026-02-05", "2026-03-07", "250.00", "1"),
                invoice("stadt-muenchen", "12", "POSTED", "2026-03-05", "2026-04-04", "80.00", "1"),
                invoice("stadt-muenchen", "13", "POSTED", "2026-03-06", tomorrow, "80.00", "1"),
                // Two payments of invoice 10: its last settles it.
                payment("stadt-muenchen", "1", "10", "2026-02-01"),
                payment("stadt-muenchen", "2", "10", "2026-02-14"),
                payment("stadt-muenchen", "3", "11", "2026-03-01"),
                // Another tenant's invoice, paid very late: never in the city's data.
                invoice("bayern-werke", "10", "PAID", "2026-01-05", "2026-02-04", "999999.00", "1"),
                payment("bayern-werke", "1", "10", "2026-06-01"),
                // Product A ordered in January, February, April and May; nothing in March; a cancelled order in May.
                order("1", "2026-01-10", "RELEASED"), item("1", "1", "A", "5"),
                order("2", "2026-02-10", "RELEASED"), item("2", "2", "A", "7"),
                order("3", "2026-04-10", "RELEASED"), item("3", "3", "A", "3"), item("4", "3", "B", "1"),
                order("4", "2026-05-10", "RELEASED"), item("5", "4", "A", "4"),
                order("5", "2026-05-11", "CANCELLED"), item("6", "5", "A", "100")));
        ListedLog log = new ListedLog(changes, SCHEMA);
        LakeIngestion ingestion = new LakeIngestion(spark, lake, log, 1000, java.time.Duration.ZERO);
        ingestion.step();
        ingestion.step();
        datasets = new LakeDatasets(spark, lake, new LakeAnalyses(spark, lake));
    }

    @Test
    void paymentDelayHasTheOutcomeOfEveryInvoiceWhoseOutcomeIsKnownWithTheCustomersHistoryBeforeIt() {
        LakeDatasets.Result result = datasets.run("payment-delay", "stadt-muenchen", null);
        assertThat(result.features()).containsExactly("LogGrossAmount", "TermDays", "PriorInvoices", "PriorLateShare");
        assertThat(result.labels()).containsExactly("PaidLate", "DaysLate");
        assertThat(result.tables()).containsOnlyKeys("Invoices", "Payments");
        assertThat(result.tables().values()).allMatch(version -> version >= 0);
        // Invoice 13 is not due yet: its outcome is unknown, it is no example.
        assertThat(result.rows()).extracting(row -> row.get(0)).containsExactly("10", "11", "12");
        List<Object> first = result.rows().get(0);
        assertThat((Double) first.get(1)).isCloseTo(Math.log1p(1000), org.assertj.core.data.Offset.offset(1e-9));
        // Term 30 days, no earlier invoices; paid 10 days after its due date.
        assertThat(first.subList(2, 7)).containsExactly(30.0, 0.0, 0.0, 1.0, 10.0);
        // Paid 6 days early. Invoice 10 was known to be late only from the day after its due date, the day invoice 11 was
        // issued: not yet known then, so not in invoice 11's history (what became known later is no feature).
        assertThat(result.rows().get(1).subList(3, 7)).containsExactly(0.0, 0.0, 0.0, -6.0);
        // Open past due on the day read: late; by its day both earlier outcomes were known, one of them late.
        List<Object> open = result.rows().get(2);
        assertThat(open.subList(3, 6)).containsExactly(2.0, 0.5, 1.0);
        assertThat((Double) open.get(6)).isPositive();
        assertThat(result.rows().toString()).doesNotContain("999999");
        assertThat(datasets.run("payment-delay", "bayern-werke", null).rows()).hasSize(1);
    }

    @Test
    void productDemandCountsMonthsWithoutOrdersAsZeroAndLeavesCancelledOrdersOut() {
        LakeDatasets.Result result = datasets.run("product-demand", "stadt-muenchen", null);
        assertThat(result.tables()).containsOnlyKeys("SalesOrders", "SalesOrderItems");
        // January to May (March without orders counts zero); three months before each example: April and May.
        assertThat(result.rows()).extracting(row -> row.get(0)).containsExactly("A/2026-04", "B/2026-04", "A/2026-05", "B/2026-05");
        // Product A in May: 4 ordered (the cancelled 100 left out), after 3 (April), none (March), 7 (February).
        List<Object> mayOfA = result.rows().get(2);
        assertThat(mayOfA.subList(1, 4)).containsExactly(3.0, 0.0, 7.0);
        assertThat(result.rows().get(0).subList(1, 4)).containsExactly(0.0, 7.0, 5.0);
        assertThat(mayOfA.get(6)).isEqualTo(4.0);
        assertThat((Double) mayOfA.get(4)).isCloseTo(Math.sin(2 * Math.PI * 5 / 12), org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void whatCannotBeAnsweredIsRefused() {
        assertThatThrownBy(() -> datasets.run("salaries", "stadt-muenchen", null))
                .isInstanceOfSatisfying(LakeAnalyses.Refused.class, refused -> assertThat(refused.status).isEqualTo(404));
        assertThatThrownBy(() -> datasets.run("payment-delay", "../x", null))
                .isInstanceOfSatisfying(LakeAnalyses.Refused.class, refused -> assertThat(refused.status).isEqualTo(400));
        assertThatThrownBy(() -> datasets.run("payment-delay", "stadt-muenchen", "x"))
                .isInstanceOfSatisfying(LakeAnalyses.Refused.class, refused -> assertThat(refused.status).isEqualTo(400));
        assertThat(datasets.run("payment-delay", "niemand", null).rows()).isEmpty();
    }
}
