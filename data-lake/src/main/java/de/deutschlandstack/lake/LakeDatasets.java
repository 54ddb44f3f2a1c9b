package de.deutschlandstack.lake;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.cos;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sequence;
import static org.apache.spark.sql.functions.lag;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log1p;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.month;
import static org.apache.spark.sql.functions.sin;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.when;

/**
 * The training data of the platform's built-in AI services, computed where the data lives: a DataFrame program over one
 * tenant's silver tables (the tenant their first filter), each table read at one Delta version that the answer names, so
 * that a model trained on it knows exactly which data it saw. A row is a key, the features and the labels, numbers only;
 * at most {@value #MAX_ROWS} rows.
 * <ul>
 *     <li>{@code payment-delay}: customer invoices whose outcome is known (paid, or open past their due date on the day
 *     read): the amount (log), the payment term, the customer's invoices whose outcome was known on the invoice's day
 *     and the share of them paid late; labels: paid late (0/1) and days late.</li>
 *     <li>{@code product-demand}: per product and month (months without orders count zero) the quantities of the three
 *     months before and the month of the year (as sine and cosine); label: the month's quantity.</li>
 * </ul>
 */
final class LakeDatasets {

    static final int MAX_ROWS = 200_000;

    static final List<String> NAMES = List.of("payment-delay", "product-demand");

    /** A dataset: the Delta version of each table read, the columns (key, features, labels) and the rows. */
    record Result(String dataset, String asOf, Map<String, Long> tables, String key, List<String> features,
                  List<String> labels, List<List<Object>> rows, boolean truncated) {
    }

    private final SparkSession spark;
    private final Path root;
    private final LakeAnalyses analyses;

    LakeDatasets(SparkSession spark, Path root, LakeAnalyses analyses) {
        this.spark = spark;
        this.root = root;
        this.analyses = analyses;
    }

    Result run(String dataset, String tenant, String version) {
        if (tenant == null || !LakeAnalyses.TENANT.matcher(tenant).matches()) {
            throw new LakeAnalyses.Refused(400, "tenant names no tenant of the platform's form");
        }
        Instant at = version == null ? null : analyses.versionTime(version);
        SilverSnapshot tables = new SilverSnapshot(spark, root, tenant, at, true);
        LocalDate today = at == null ? LocalDate.now(ZoneOffset.UTC) : at.atZone(ZoneOffset.UTC).toLocalDate();
        List<String> features;
        List<String> labels;
        Dataset<Row> rows;
        switch (dataset) {
            case "payment-delay" -> {
                features = List.of("LogGrossAmount", "TermDays", "PriorInvoices", "PriorLateShare");
                labels = List.of("PaidLate", "DaysLate");
                rows = paymentDelay(tables, today);
            }
            case "product-demand" -> {
                features = List.of("Lag1", "Lag2", "Lag3", "MonthSin", "MonthCos");
                labels = List.of("Quantity");
                rows = productDemand(tables);
            }
            default -> throw new LakeAnalyses.Refused(404, "No dataset " + dataset + "; there are " + String.join(", ", NAMES));
        }
        List<String> columns = new ArrayList<>();
        columns.add("Key");
        columns.addAll(features);
        columns.addAll(labels);
        List<Row> collected;
        try {
            collected = rows.select(columns.stream().map(c -> col(c)).toArray(Column[]::new)).limit(MAX_ROWS + 1).collectAsList();
        } catch (Exception e) { // Spark's checked exceptions come undeclared
            if (at != null && LakeAnalyses.isGoneFromHistory(e)) {
                throw new LakeAnalyses.Refused(409, "The lake's history does not reach back to " + at + ": an erasure has removed its files since");
            }
            throw e instanceof RuntimeException runtime ? runtime : new IllegalStateException(e);
        }
        List<List<Object>> answer = new ArrayList<>(Math.min(collected.size(), MAX_ROWS));
        for (Row row : collected.subList(0, Math.min(collected.size(), MAX_ROWS))) {
            List<Object> values = new ArrayList<>(columns.size());
            values.add(row.get(0) == null ? null : row.get(0).toString());
            for (int i = 1; i < columns.size(); i++) {
                values.add(row.isNullAt(i) ? null : ((Number) row.get(i)).doubleValue());
            }
            answer.add(values);
        }
        return new Result(dataset, at == null ? null : at.toString(), tables.versions(), "Key", features, labels, answer,
                collected.size() > MAX_ROWS);
    }

    /**
     * Each customer invoice whose outcome is known on the day read, with what was known of its customer on the day it
     * was issued: an earlier invoice counts once its outcome was known before that day (paid in time: from its payment;
     * late: from the day after its due date), never by what became known later (no look-ahead into the label).
     */
    private static Dataset<Row> paymentDelay(SilverSnapshot tables, LocalDate today) {
        Column day = lit(java.sql.Date.valueOf(today));
        Dataset<Row> paidOn = tables.silver("Payments").where(col("InvoiceID").isNotNull())
                .groupBy(col("InvoiceID")).agg(max("PaymentDate").as("PaidOn"));
        Dataset<Row> invoices = tables.silver("Invoices")
                .where(col("Kind").equalTo("CUSTOMER").and(col("Status").isin("POSTED", "PARTIALLY_PAID", "PAID"))
                        .and(col("InvoiceDate").leq(day)))
                .select(col("entity_key").as("InvoiceID"), col("PartnerID"), col("InvoiceDate"), col("DueDate"),
                        col("GrossAmount"), col("Status"))
                .join(paidOn, "InvoiceID", "left");
        Column paid = col("Status").equalTo("PAID").and(col("PaidOn").isNotNull());
        Column daysLate = when(paid, datediff(col("PaidOn"), col("DueDate")))
                .when(col("DueDate").lt(day), datediff(day, col("DueDate")));
        Dataset<Row> labelled = invoices.withColumn("DaysLate", daysLate.cast("double"))
                .where(col("DaysLate").isNotNull())
                .withColumn("PaidLate", when(col("DaysLate").gt(0), lit(1.0)).otherwise(lit(0.0)))
                // When the outcome became known: the payment's day if in time, the day after the due date if late.
                .withColumn("KnownOn", when(col("PaidLate").equalTo(1.0), date_add(col("DueDate"), 1)).otherwise(col("PaidOn")));
        // The customer's history as of each invoice's day: outcomes and invoices in one order per customer (an invoice
        // before the outcomes of its own day), the outcomes counted up to each invoice.
        Dataset<Row> events = labelled.select(col("PartnerID"), col("KnownOn").as("At"), lit(1).as("Order"),
                        lit(1.0).as("Known"), col("PaidLate").as("Late"), lit(null).cast("string").as("Asking"))
                .unionByName(labelled.select(col("PartnerID"), col("InvoiceDate").as("At"), lit(0).as("Order"),
                        lit(0.0).as("Known"), lit(0.0).as("Late"), col("InvoiceID").as("Asking")));
        WindowSpec upTo = Window.partitionBy("PartnerID").orderBy(col("At"), col("Order"), col("Asking"))
                .rowsBetween(Window.unboundedPreceding(), Window.currentRow());
        Dataset<Row> history = events.withColumn("PriorInvoices", sum("Known").over(upTo))
                .withColumn("PriorLate", sum("Late").over(upTo))
                .where(col("Asking").isNotNull())
                .select(col("Asking").as("InvoiceID"), col("PriorInvoices"), col("PriorLate"));
        return labelled.join(history, "InvoiceID")
                .withColumn("PriorLateShare", when(col("PriorInvoices").gt(0), col("PriorLate").divide(col("PriorInvoices")))
                        .otherwise(lit(0.0)))
                .withColumn("LogGrossAmount", log1p(col("GrossAmount").cast("double")))
                .withColumn("TermDays", datediff(col("DueDate"), col("InvoiceDate")).cast("double"))
                .withColumn("Key", col("InvoiceID"))
                .orderBy("InvoiceDate", "InvoiceID");
    }

    private static Dataset<Row> productDemand(SilverSnapshot tables) {
        Dataset<Row> orders = tables.silver("SalesOrders").where(col("Status").notEqual("CANCELLED"))
                .select(col("entity_key").as("OrderID"), col("OrderDate"));
        Dataset<Row> monthly = tables.silver("SalesOrderItems").join(orders, "OrderID")
                .groupBy(date_format(col("OrderDate"), "yyyy-MM").as("Month"), col("ProductID"))
                .agg(sum("Quantity").cast("double").as("Ordered"));
        // Every product in every month from the first to the last: a month without orders is a demand of zero, not a gap.
        Column monthStart = to_date(concat_ws("-", col("Month"), lit("01")));
        Dataset<Row> months = monthly.agg(min(monthStart).as("First"), max(monthStart).as("Last"))
                .select(explode(sequence(col("First"), col("Last"), expr("interval 1 month"))).as("Start"))
                .select(date_format(col("Start"), "yyyy-MM").as("Month"));
        Dataset<Row> grid = months.crossJoin(monthly.select("ProductID").distinct());
        WindowSpec before = Window.partitionBy("ProductID").orderBy("Month");
        Column monthOfYear = month(to_date(concat_ws("-", col("Month"), lit("01")))).cast("double");
        return grid.join(monthly, new String[]{"Month", "ProductID"}, "left")
                .withColumn("Quantity", coalesce(col("Ordered"), lit(0.0)))
                .withColumn("Lag1", lag("Quantity", 1).over(before))
                .withColumn("Lag2", lag("Quantity", 2).over(before))
                .withColumn("Lag3", lag("Quantity", 3).over(before))
                .where(col("Lag3").isNotNull())
                .withColumn("MonthSin", sin(monthOfYear.multiply(2 * Math.PI / 12)))
                .withColumn("MonthCos", cos(monthOfYear.multiply(2 * Math.PI / 12)))
                .withColumn("Key", concat_ws("/", col("ProductID").cast("string"), col("Month")))
                .orderBy("Month", "ProductID");
    }
}
