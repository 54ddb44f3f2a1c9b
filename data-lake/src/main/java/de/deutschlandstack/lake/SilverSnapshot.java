package de.deutschlandstack.lake;

import io.delta.tables.DeltaTable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;

/**
 * The silver tables of one tenant at one point in time, each read with the tenant as its first filter (a partition
 * filter: no other tenant's file is read). Pinned, every table is read at the Delta version it had when first asked
 * for, and the versions read are recorded: a model trained on the snapshot names exactly the data it saw.
 */
final class SilverSnapshot {

    private final SparkSession spark;
    private final Path root;
    private final String tenant;
    private final Instant at;
    private final boolean pinned;
    private final Map<String, Long> versions = new TreeMap<>();

    SilverSnapshot(SparkSession spark, Path root, String tenant, Instant at, boolean pinned) {
        this.spark = spark;
        this.root = root;
        this.tenant = tenant;
        this.at = at;
        this.pinned = pinned;
    }

    /** The Delta version of each table read so far (pinned snapshots only). */
    Map<String, Long> versions() {
        return Map.copyOf(versions);
    }

    Dataset<Row> silver(String set) {
        String path = root.resolve("silver").resolve(set).toString();
        if (!DeltaTable.isDeltaTable(spark, path)) {
            throw new LakeAnalyses.Refused(409, "The lake holds no " + set + " yet");
        }
        Dataset<Row> table;
        if (pinned) {
            long version = versions.computeIfAbsent(set, s -> versionOf(path));
            table = spark.read().format("delta").option("versionAsOf", version).load(path);
        } else {
            table = spark.read().format("delta").load(path);
            if (at != null) {
                table = asOf(path);
            }
        }
        // The tenant first: a partition filter, so that no other tenant's file is read.
        return table.where(col("tenant").equalTo(lit(tenant)));
    }

    /** The table's newest version, or its version at the snapshot's instant. */
    private long versionOf(String path) {
        DeltaTable table = DeltaTable.forPath(spark, path);
        if (at == null) {
            return table.history(1).select("version").first().getLong(0);
        }
        // Commit times are in-commit timestamps (the lake's clock), as the progress records' applied_at.
        Row row = table.history().where(col("timestamp").leq(lit(java.sql.Timestamp.from(at)))).agg(max("version")).first();
        if (row.isNullAt(0)) {
            throw new LakeAnalyses.Refused(409, "The lake held no " + path.substring(path.lastIndexOf('/') + 1) + " at " + at
                    + ", or its history does not reach back so far");
        }
        return row.getLong(0);
    }

    private Dataset<Row> asOf(String path) {
        try {
            // ISO 8601 in UTC: Spark reads it the same in any session time zone.
            Dataset<Row> then = spark.read().format("delta").option("timestampAsOf", at.toString()).load(path);
            then.schema(); // resolves the version now, not when the rows are read
            return then;
        } catch (Exception e) { // Spark's AnalysisException is a checked exception thrown undeclared
            if (LakeAnalyses.names(e, "DELTA_TIMESTAMP_GREATER_THAN_COMMIT")) {
                // The table has not changed since: its newest version, pinned (commits the lake makes while the
                // analysis runs are not of that time).
                long newest = DeltaTable.forPath(spark, path).history(1).select("version").first().getLong(0);
                return spark.read().format("delta").option("versionAsOf", newest).load(path);
            }
            if (LakeAnalyses.names(e, "DELTA_TIMESTAMP_EARLIER_THAN_COMMIT_RETENTION")) {
                throw new LakeAnalyses.Refused(409, "The lake held no " + path.substring(path.lastIndexOf('/') + 1) + " at " + at
                        + ", or its history does not reach back so far");
            }
            throw e instanceof RuntimeException runtime ? runtime : new IllegalStateException(e);
        }
    }
}
