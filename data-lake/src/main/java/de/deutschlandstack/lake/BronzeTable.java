package de.deutschlandstack.lake;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import io.delta.tables.DeltaTable;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;

/**
 * An entity set's bronze table: every change event as it came, appended, partitioned by tenant. Appending is idempotent:
 * each batch is written as a Delta transaction of this writer ({@value #WRITER}) whose version is the batch's highest
 * sequence number, and Delta skips a transaction whose version it has already committed for the writer. A batch
 * replayed after a crash (the lake died after this append, before it recorded its progress) adds nothing twice. A batch
 * replayed with other bounds (the log grew meanwhile, so the batch after the same progress reaches further) is cut to
 * the events above the highest sequence number the table holds, so those it holds are not appended again.
 */
public final class BronzeTable {

    /** The Delta writer id of the lake's bronze appends (Delta's {@code txnAppId}). */
    static final String WRITER = "deutschland-stack-lake-bronze";

    private final String path;

    public BronzeTable(String path) {
        this.path = path;
    }

    public String path() {
        return path;
    }

    /**
     * Appends {@code events} (rows of {@link ChangeEvent#SCHEMA}), the batch after sequence number {@code after} that
     * ends at {@code upTo}.
     */
    public void append(SparkSession spark, Dataset<Row> events, long after, long upTo) {
        append(spark, events, after, upTo, true);
    }

    /**
     * As {@link #append(SparkSession, Dataset, long, long)}; {@code mayHoldSome} false: the caller knows the table holds
     * no event above {@code after} (it appended the last batch itself), so the table is not read to find out.
     */
    void append(SparkSession spark, Dataset<Row> events, long after, long upTo, boolean mayHoldSome) {
        Dataset<Row> fresh = events;
        if (!DeltaTable.isDeltaTable(spark, path)) {
            LakeTables.createIfAbsent(spark, path, ChangeEvent.SCHEMA);
        } else if (mayHoldSome) {
            // Only files with numbers above the batch's start are read (Delta skips the others by their statistics).
            Row held = spark.read().format("delta").load(path).where(col("seq").gt(after)).agg(max("seq")).first();
            if (!held.isNullAt(0)) {
                fresh = events.where(col("seq").gt(held.getLong(0)));
            }
        }
        fresh.write().format("delta").mode(SaveMode.Append)
                .option("txnAppId", WRITER)
                .option("txnVersion", upTo)
                .save(path);
    }
}
