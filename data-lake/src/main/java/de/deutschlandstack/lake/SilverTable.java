package de.deutschlandstack.lake;

import io.delta.tables.DeltaTable;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

import java.util.List;
import java.util.Map;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

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
     * Applies {@code events} (any number per object, in any order), the batch that ends at sequence number {@code upTo},
     * with a typed column per entry of {@code columns} beside the state (read from it, or the key from the change's key);
     * a column the table lacks is added (Delta schema evolution), so a new field of an entity becomes a new column of
     * its table. The newest event of each object and the batch's tenants are found here, in memory (the batch is a
     * step's pages, there already), which spares Spark a shuffle and a job per step.
     */
    public void apply(SparkSession spark, List<ChangeEvent> events, long upTo, List<ChangeSource.Column> columns) {
        Map<String, ChangeEvent> newestByObject = new java.util.HashMap<>();
        for (ChangeEvent event : events) {
            newestByObject.merge(event.tenant() + '\n' + event.key(), event, (held, other) -> other.seq() > held.seq() ? other : held);
        }
        List<Row> rows = newestByObject.values().stream().map(ChangeEvent::toRow).toList();
        List<String> tenants = events.stream().map(ChangeEvent::tenant).distinct().toList();
        // The least and the greatest key as Spark orders strings (by their UTF-8 bytes; Java's compareTo orders by
        // UTF-16 units, which differs above U+FFFF and would make the range miss rows).
        String[] keys = {null, null};
        for (ChangeEvent event : newestByObject.values()) {
            keys[0] = keys[0] == null || byUtf8(event.key(), keys[0]) < 0 ? event.key() : keys[0];
            keys[1] = keys[1] == null || byUtf8(event.key(), keys[1]) > 0 ? event.key() : keys[1];
        }
        merge(spark, spark.createDataFrame(rows, ChangeEvent.SCHEMA), tenants, keys[0] == null ? null : keys, upTo, columns);
    }

    /**
     * Merges {@code newest} (at most one event per object) of {@code tenants} into the table; {@code keyRange}, where
     * known, the least and the greatest of their keys.
     */
    private void merge(SparkSession spark, Dataset<Row> newest, List<String> tenants, String[] keyRange, long upTo,
                       List<ChangeSource.Column> columns) {
        if (tenants.isEmpty()) {
            return; // an empty batch changes nothing
        }
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
        // The source is the batch, rows already computed and deterministic: Delta need not copy it aside first (which it
        // does by default for a source that is not a Delta table, a job and a write per MERGE).
        writer.conf().set("spark.databricks.delta.merge.materializeSource", "none");
        // The batch's tenants, and the range of its keys, as literals of the condition: Delta reads only the files of
        // those tenants' partitions whose keys (by the files' statistics) may meet the range to find the rows to change.
        // Objects are mostly changed while they are young (an order released, invoiced, paid), so the files of the
        // older ones are skipped; where a batch's keys spread wide, the range prunes nothing and costs nothing.
        Column condition = col("current.tenant").isin(tenants.toArray())
                .and(col("current.tenant").equalTo(col("change.tenant")))
                .and(col("current.entity_key").equalTo(col("change.entity_key")));
        if (keyRange != null) {
            condition = condition.and(col("current.entity_key").between(lit(keyRange[0]), lit(keyRange[1])));
        }
        DeltaTable.forPath(writer, path).as("current")
                .merge(newest.as("change"), condition)
                .whenMatched("change.seq > current.seq AND change.operation = '" + ChangeEvent.DELETED + "'").delete()
                .whenMatched("change.seq > current.seq").updateAll()
                .whenNotMatched("change.operation <> '" + ChangeEvent.DELETED + "'").insertAll()
                .execute();
    }

    /**
     * Compares two strings by their UTF-8 bytes, unsigned: Spark's order of strings (an unpaired surrogate becomes
     * {@code ?} in both).
     */
    static int byUtf8(String a, String b) {
        return java.util.Arrays.compareUnsigned(a.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                b.getBytes(java.nio.charset.StandardCharsets.UTF_8));
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
