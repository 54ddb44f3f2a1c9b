package de.deutschlandstack.lake;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;

/**
 * An entity set's bronze table: every change event as it came, appended, partitioned by tenant. Appending is idempotent:
 * each batch is written as a Delta transaction of this writer ({@value #WRITER}) whose version is the batch's highest
 * sequence number, and Delta skips a transaction whose version it has already committed for the writer. A batch
 * replayed after a crash (the lake died after this append, before it recorded its progress) adds nothing twice.
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

    /** Appends {@code events} (rows of {@link ChangeEvent#SCHEMA}), the batch that ends at sequence number {@code upTo}. */
    public void append(Dataset<Row> events, long upTo) {
        events.write().format("delta").mode(SaveMode.Append)
                .partitionBy("tenant")
                .option("txnAppId", WRITER)
                .option("txnVersion", upTo)
                .save(path);
    }
}
