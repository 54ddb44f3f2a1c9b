package de.deutschlandstack.lake;

import io.delta.tables.DeltaTable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;

import java.util.List;
import java.util.Map;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.row_number;

/**
 * An entity set's silver table: the current state of each object, one row per tenant and key, kept by {@code MERGE}
 * from the change events: a newer event (higher sequence number) replaces the row, a deletion removes it, an older or
 * the same event changes nothing. Each batch's MERGE is a Delta transaction of this writer ({@value #WRITER}) whose
 * version is the batch's highest sequence number, so a batch at or below one already applied is skipped whole: replayed
 * late, its creations would otherwise bring back objects a later batch deleted (silver keeps no tombstones).
 */
public final class SilverTable {

    /** The Delta writer id of the lake's silver merges (Delta's {@code txnAppId}). */
    static final String WRITER = "deutschland-stack-lake-silver";

    private final String path;

    public SilverTable(String path) {
        this.path = path;
    }

    public String path() {
        return path;
    }

    /**
     * Applies {@code events} (rows of {@link ChangeEvent#SCHEMA}, any number per object, in any order), the batch that
     * ends at sequence number {@code upTo}.
     */
    public void apply(SparkSession spark, Dataset<Row> events, long upTo) {
        apply(spark, events, upTo, List.of());
    }

    /**
     * As {@link #apply(SparkSession, Dataset, long)}, with a typed column per entry of {@code columns} beside the state
     * (read from it, or the key from the change's key); a column the table lacks is added (Delta schema evolution), so a
     * new field of an entity becomes a new column of its table.
     */
    public void apply(SparkSession spark, Dataset<Row> events, long upTo, List<ChangeSource.Column> columns) {
        // The newest event of each object in the batch decides; the MERGE compares it with the row's.
        Dataset<Row> newest = events
                .withColumn("rank", row_number().over(Window.partitionBy("tenant", "entity_key").orderBy(col("seq").desc())))
                .where(col("rank").equalTo(1)).drop("rank");
        newest = SilverColumns.typed(newest, columns);
        if (LakeTables.createIfAbsent(spark, path, ChangeEvent.SCHEMA)) {
            // A table just made is empty: the batch's objects are appended, which costs half a MERGE, as the same
            // versioned transaction of this writer. (A lake that dies before this append merges into the empty table.)
            newest.where(col("operation").notEqual(ChangeEvent.DELETED)).write().format("delta").mode(SaveMode.Append)
                    .option("mergeSchema", "true").option("txnAppId", WRITER).option("txnVersion", upTo).save(path);
            return;
        }
        // A session of its own for the writer's settings: merges of several tables may run at once.
        SparkSession writer = spark.newSession();
        writer.conf().set("spark.databricks.delta.write.txnAppId", WRITER);
        writer.conf().set("spark.databricks.delta.write.txnVersion", String.valueOf(upTo));
        writer.conf().set("spark.databricks.delta.schema.autoMerge.enabled", "true");
        // The batch's tenants as literals: Delta reads only their partitions' files to find the rows to change. (A
        // tenant id is of the platform's form, letters, digits and hyphens; anything else is refused, never quoted.)
        String tenants = newest.select("tenant").distinct().collectAsList().stream().map(row -> row.getString(0))
                .peek(tenant -> {
                    if (!tenant.matches("[a-z0-9-]{1,64}")) {
                        throw new IllegalArgumentException("Not a tenant of the platform's form: " + tenant);
                    }
                })
                .map(tenant -> "'" + tenant + "'").collect(java.util.stream.Collectors.joining(", "));
        if (tenants.isEmpty()) {
            return; // an empty batch changes nothing
        }
        DeltaTable.forPath(writer, path).as("current")
                .merge(newest.as("change"), "current.tenant IN (" + tenants + ") AND current.tenant = change.tenant"
                        + " AND current.entity_key = change.entity_key")
                .whenMatched("change.seq > current.seq AND change.operation = '" + ChangeEvent.DELETED + "'").delete()
                .whenMatched("change.seq > current.seq").updateAll()
                .whenNotMatched("change.operation <> '" + ChangeEvent.DELETED + "'").insertAll()
                .execute();
    }

    /** The column names of the table, for tests and the status endpoint. */
    static Map<String, String> columns(SparkSession spark, String path) {
        Map<String, String> columns = new java.util.LinkedHashMap<>();
        for (var field : spark.read().format("delta").load(path).schema().fields()) {
            columns.put(field.name(), field.dataType().simpleString());
        }
        return columns;
    }
}
