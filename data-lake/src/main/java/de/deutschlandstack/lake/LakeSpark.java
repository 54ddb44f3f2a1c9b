package de.deutschlandstack.lake;

import org.apache.spark.sql.SparkSession;

/**
 * The lake's Spark session: local on all cores by default ({@code local[*]}), or the cluster {@code LAKE_SPARK_MASTER}
 * names (for example {@code spark://host:7077}); the same application either way. Delta Lake is the table format, its
 * SQL extension and catalog switched on.
 */
public final class LakeSpark {

    private LakeSpark() {
    }

    /** A session on {@code master}; {@code null} for the configured master or local mode. */
    public static SparkSession session(String master) {
        String chosen = master != null ? master : System.getenv().getOrDefault("LAKE_SPARK_MASTER", "local[*]");
        return SparkSession.builder()
                .appName("deutschland-stack-lake")
                .master(chosen)
                .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
                .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
                // Nothing of the lake is served by Spark's own UI: the lake's status endpoint reports it.
                .config("spark.ui.enabled", "false")
                // Micro-batches of a few thousand changes: a few partitions per shuffle, not Spark's default 200.
                .config("spark.sql.shuffle.partitions", String.valueOf(Math.max(4, 2 * Runtime.getRuntime().availableProcessors())))
                // A Delta table's state is rebuilt from its log in this many partitions (Delta's default of 50 makes every
                // commit of a small table a job of 50 tasks), and VACUUM lists directories in this many tasks (Spark's
                // default: 10,000): sized to the cores, as the shuffle partitions are.
                .config("spark.databricks.delta.snapshotPartitions", String.valueOf(Math.max(2, Runtime.getRuntime().availableProcessors())))
                .config("spark.sql.sources.parallelPartitionDiscovery.parallelism", String.valueOf(Math.max(4, 2 * Runtime.getRuntime().availableProcessors())))
                // A checkpoint (the table's state written as Parquet, in the commit that reaches it) every 100 commits of a
                // table, not every 10: with a commit per table and step, Delta's default made every fifth step one that
                // also checkpoints, the slowest steps the lake had (a start reads at most 100 small commits more).
                .config("spark.databricks.delta.properties.defaults.checkpointInterval", "100")
                // Commit times from the lake's own clock, written into each commit (Delta's in-commit timestamps), not the
                // commit files' modification times, which the storage sets: time travel by a record of the lake's
                // progress compares the instant its step had written (the lake's clock) with the tables' commit times,
                // and on a cluster's shared storage the two clocks would differ.
                .config("spark.databricks.delta.properties.defaults.enableInCommitTimestamps", "true")
                // An erasure vacuums with no retention (LakeEraser): the files that held erased data go at once.
                .config("spark.databricks.delta.retentionDurationCheck.enabled", "false")
                // On a cluster the executors connect back to the driver: LAKE_DRIVER_HOST names this machine to them.
                .config("spark.driver.host", System.getenv().getOrDefault("LAKE_DRIVER_HOST", "127.0.0.1"))
                .getOrCreate();
    }
}
