package de.deutschlandstack.lake;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

/**
 * The lake's analyses: a fixed set, each a DataFrame program over the silver tables of one tenant, the tenant applied as
 * the first filter of every table it reads (a partition filter: no other tenant's files are read). Nothing of a request
 * becomes SQL or a path: the caller names an analysis, the tenant (the platform takes it from the authenticated
 * principal), for time travel a point in the lake's history, and for the ageing of receivables its key date. At most
 * {@value #MAX_ROWS} rows are answered.
 *
 * <p>Time travel: {@code asOf} a timestamp reads every table as it was then; {@code version} names a record of the lake's
 * progress (a version of its progress table, one every 10 s while the lake works), whose {@code applied_at} is used: the
 * instant its step had written and the next had not begun, so that all tables are read at one consistent point. An
 * erasure's VACUUM removes the files of earlier versions: time travel reaches back to the last erasure, no further.
 */
final class LakeAnalyses {

    static final int MAX_ROWS = 10_000;
    static final Pattern TENANT = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?");

    /** The analyses by name, in the order they are listed. */
    static final List<String> NAMES = List.of("revenue-by-month-and-customer", "receivables-ageing", "product-demand-by-month");

    /** A request the caller can fix: an unknown analysis, a malformed tenant or point in time, one before the history kept. */
    static final class Refused extends RuntimeException {
        final int status;

        Refused(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    /** An analysis's answer: its rows (each column by name), the point in time it read, whether rows were left out. */
    record Result(String analysis, String asOf, List<String> columns, List<Map<String, Object>> rows, boolean truncated) {
    }

    private final SparkSession spark;
    private final Path root;

    LakeAnalyses(SparkSession spark, Path root) {
        this.spark = spark;
        this.root = root;
    }

    /**
     * Runs {@code analysis} on the tenant's books, now or as of {@code asOf} (an instant) or {@code version} (a step of the
     * lake); {@code keyDate} is the day receivables are aged on (default: the day read).
     */
    Result run(String analysis, String tenant, String asOf, String version, String keyDate) {
        if (tenant == null || !TENANT.matcher(tenant).matches()) {
            throw new Refused(400, "tenant names no tenant of the platform's form");
        }
        if (asOf != null && version != null) {
            throw new Refused(400, "Give asOf or version, not both");
        }
        Instant at = version != null ? versionTime(version) : asOf != null ? instant(asOf) : null;
        if (at != null && at.isAfter(Instant.now())) {
            throw new Refused(400, "asOf lies in the future");
        }
        SilverSnapshot tables = new SilverSnapshot(spark, root, tenant, at, false);
        LocalDate today = keyDate != null ? date(keyDate)
                : at == null ? LocalDate.now(ZoneOffset.UTC) : at.atZone(ZoneOffset.UTC).toLocalDate();
        Dataset<Row> result = switch (analysis) {
            case "revenue-by-month-and-customer" -> revenue(tables);
            case "receivables-ageing" -> ageing(tables, today);
            case "product-demand-by-month" -> demand(tables);
            default -> throw new Refused(404, "No analysis " + analysis + "; there are " + String.join(", ", NAMES));
        };
        List<Row> rows;
        try {
            rows = result.limit(MAX_ROWS + 1).collectAsList();
        } catch (Exception e) { // SparkException is a checked exception thrown undeclared
            if (at != null && isGoneFromHistory(e)) {
                throw new Refused(409, "The lake's history does not reach back to " + at + ": an erasure has removed its files since");
            }
            throw e instanceof RuntimeException runtime ? runtime : new IllegalStateException(e);
        }
        List<String> columns = new ArrayList<>();
        for (StructField field : result.schema().fields()) {
            columns.add(field.name());
        }
        List<Map<String, Object>> answer = new ArrayList<>();
        for (Row row : rows.subList(0, Math.min(rows.size(), MAX_ROWS))) {
            Map<String, Object> values = new LinkedHashMap<>();
            for (int i = 0; i < columns.size(); i++) {
                values.put(columns.get(i), json(row.get(i)));
            }
            answer.add(values);
        }
        return new Result(analysis, at == null ? null : at.toString(), columns, answer, rows.size() > MAX_ROWS);
    }

    /** Customer invoices posted (paid or not) per month and customer: net revenue and how many invoices. */
    private static Dataset<Row> revenue(SilverSnapshot tables) {
        Dataset<Row> invoices = tables.silver("Invoices")
                .where(col("Kind").equalTo("CUSTOMER").and(col("Status").isin("POSTED", "PARTIALLY_PAID", "PAID")));
        Dataset<Row> customers = tables.silver("BusinessPartners").select(col("entity_key").as("CustomerID"), col("Name").as("Customer"));
        return invoices.groupBy(date_format(col("InvoiceDate"), "yyyy-MM").as("Month"), col("PartnerID").as("CustomerID"))
                .agg(sum("NetAmount").as("NetRevenue"), count(lit(1)).as("Invoices"))
                .join(customers, "CustomerID", "left")
                .select("Month", "CustomerID", "Customer", "NetRevenue", "Invoices")
                .orderBy(col("Month"), col("NetRevenue").desc(), col("CustomerID"));
    }

    /** Customer invoices issued by {@code today} and open, by days past due on that day: the amount open and how many, per bucket. */
    private static Dataset<Row> ageing(SilverSnapshot tables, LocalDate today) {
        Column overdue = datediff(lit(java.sql.Date.valueOf(today)), col("DueDate"));
        Column bucket = when(overdue.leq(0), lit("0 not due")).when(overdue.leq(30), lit("1 1-30 days"))
                .when(overdue.leq(60), lit("2 31-60 days")).when(overdue.leq(90), lit("3 61-90 days")).otherwise(lit("4 over 90 days"));
        return tables.silver("Invoices")
                .where(col("Kind").equalTo("CUSTOMER").and(col("Status").isin("POSTED", "PARTIALLY_PAID")).and(col("OpenAmount").gt(0))
                        .and(col("InvoiceDate").leq(lit(java.sql.Date.valueOf(today)))))
                .groupBy(bucket.as("Bucket"))
                .agg(sum("OpenAmount").as("OpenAmount"), count(lit(1)).as("Invoices"), countDistinct(col("PartnerID")).as("Customers"))
                .orderBy("Bucket")
                .selectExpr("substring(Bucket, 3) as PastDue", "OpenAmount", "Invoices", "Customers");
    }

    /** Ordered quantity and net value per month and product, of orders not cancelled. */
    private static Dataset<Row> demand(SilverSnapshot tables) {
        Dataset<Row> orders = tables.silver("SalesOrders").where(col("Status").notEqual("CANCELLED"))
                .select(col("entity_key").as("OrderID"), col("OrderDate"));
        Dataset<Row> products = tables.silver("Products").select(col("entity_key").as("ProductID"), col("Name").as("Product"));
        return tables.silver("SalesOrderItems").join(orders, "OrderID")
                .groupBy(date_format(col("OrderDate"), "yyyy-MM").as("Month"), col("ProductID"))
                .agg(sum("Quantity").as("Quantity"), sum(coalesce(col("NetAmount"), lit(BigDecimal.ZERO))).as("NetValue"),
                        countDistinct(col("OrderID")).as("Orders"))
                .join(products, "ProductID", "left")
                .select("Month", "ProductID", "Product", "Quantity", "NetValue", "Orders")
                .orderBy(col("Month"), col("Quantity").desc(), col("ProductID"));
    }

    /**
     * The instant a version of the lake's progress table names: when the step it records had applied its changes and
     * the next had written nothing yet (the record's {@code applied_at}; the record's commit time where it has none), so
     * that every table read as of then is the lake as it was after that step.
     */
    Instant versionTime(String version) {
        long number;
        try {
            number = Long.parseLong(version);
        } catch (NumberFormatException e) {
            throw new Refused(400, "version is a whole number");
        }
        String progress = root.resolve("_progress").toString();
        // A commit's time is its log file's (Delta's own rule without in-commit timestamps).
        java.nio.file.Path commit = root.resolve("_progress").resolve("_delta_log").resolve(String.format("%020d.json", number));
        Instant committed;
        try {
            committed = java.nio.file.Files.getLastModifiedTime(commit).toInstant();
        } catch (java.nio.file.NoSuchFileException e) {
            throw new Refused(404, "The lake has no version " + number + " (or no longer keeps its record)");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        try {
            Dataset<Row> record = spark.read().format("delta").option("versionAsOf", number).load(progress);
            if (!java.util.Arrays.asList(record.columns()).contains("applied_at")) {
                return committed; // a record of a lake before records said when: its commit is as near as it gets
            }
            Row row = record.select("applied_at").first();
            return row.isNullAt(0) ? committed : row.getTimestamp(0).toInstant();
        } catch (Exception e) { // Spark's checked exceptions come undeclared
            // The record's file or log entry gone: as for the tables, the history does not reach back; anything else
            // (the analysis cancelled) is the analysis's failure.
            if (isGoneFromHistory(e)) {
                throw new Refused(409, "The lake's history does not reach back to its version " + number);
            }
            throw e instanceof RuntimeException runtime ? runtime : new IllegalStateException(e);
        }
    }

    private static Instant instant(String text) {
        try {
            return Instant.parse(text);
        } catch (java.time.format.DateTimeParseException e) {
            throw new Refused(400, "asOf is a point in time as ISO 8601 in UTC, e.g. 2026-11-27T12:00:00Z");
        }
    }

    private static LocalDate date(String text) {
        try {
            return LocalDate.parse(text);
        } catch (java.time.format.DateTimeParseException e) {
            throw new Refused(400, "keyDate is a day as ISO 8601, e.g. 2026-12-31");
        }
    }

    static Object json(Object value) {
        if (value instanceof java.sql.Date date) {
            return date.toLocalDate().toString();
        }
        if (value instanceof Timestamp timestamp) {
            return timestamp.toInstant().toString();
        }
        return value;
    }

    /**
     * Whether a failure or one of its causes is of that Spark error condition: as the exception names it, or as its
     * message says ({@code [DELTA_TIMESTAMP_GREATER_THAN_COMMIT] ...}; Delta's exceptions do not all name theirs).
     */
    @SuppressWarnings("deprecation")
    static boolean names(Throwable failure, String condition) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof org.apache.spark.SparkThrowable spark
                    && (condition.equals(spark.getCondition()) || condition.equals(spark.getErrorClass()))) {
                return true;
            }
            if (cause.getMessage() != null && cause.getMessage().contains("[" + condition + "]")) {
                return true;
            }
        }
        return false;
    }

    /** Whether reading failed because the files of an old version are gone (vacuumed) or the log no longer reaches it. */
    static boolean isGoneFromHistory(Throwable failure) {
        for (String condition : List.of("FAILED_READ_FILE.FILE_NOT_EXIST", "DELTA_FILE_NOT_FOUND_DETAILED", "DELTA_FILE_NOT_FOUND",
                "DELTA_VERSIONS_NOT_CONTIGUOUS", "DELTA_TIMESTAMP_EARLIER_THAN_COMMIT_RETENTION")) {
            if (names(failure, condition)) {
                return true;
            }
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.io.FileNotFoundException) {
                return true;
            }
        }
        return false;
    }
}
