package de.deutschlandstack.lake;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.current_timestamp;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

/**
 * Silver's MERGE against a plain Parquet write of the same rows, in one run (docs/benchmarks.md, "Data lake"): batches of
 * change events (half updates of objects the table holds, half new ones, over 8 tenants) applied to a silver table, and
 * the same batches written as Parquet, in alternating rounds; prints rows/s of each and their ratio per round. Not a test:
 * run by {@code benchmarks/run-lake-benchmark.sh}.
 */
public final class MergeBenchmark {

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        SparkSession spark = LakeSpark.session("local[*]");
        Path root = Files.createTempDirectory("lake-benchmark");
        SilverTable silver = new SilverTable(root.resolve("silver").toString());
        silver.apply(spark, events(spark, 0, rows), rows); // the table holds `rows` objects to begin with
        long seq = rows;
        System.out.printf("%d rows per batch, %d rounds%n", rows, rounds);
        for (int round = 1; round <= rounds; round++) {
            Dataset<Row> batch = events(spark, seq, rows).cache();
            batch.count();
            long start = System.nanoTime();
            batch.write().format("parquet").mode(SaveMode.Overwrite).save(root.resolve("parquet-" + round).toString());
            double parquet = rows / ((System.nanoTime() - start) / 1e9);
            start = System.nanoTime();
            silver.apply(spark, batch, seq + rows);
            double merge = rows / ((System.nanoTime() - start) / 1e9);
            batch.unpersist();
            seq += rows;
            System.out.printf("round %d: parquet %.0f rows/s, merge %.0f rows/s, ratio %.2f%n", round, parquet, merge, merge / parquet);
        }
        spark.stop();
    }

    /** Events after {@code from}: keys alternate between objects the table holds (updates) and new ones, 8 tenants. */
    private static Dataset<Row> events(SparkSession spark, long from, int count) {
        return spark.range(from + 1, from + count + 1).toDF("seq")
                .withColumn("tenant", concat(lit("tenant-"), col("seq").mod(8).cast("string")))
                .withColumn("entity_key", when(col("seq").mod(2).equalTo(0), col("seq").divide(2).cast("long").mod(count))
                        .otherwise(col("seq")).cast("string"))
                .withColumn("operation", lit(ChangeEvent.UPDATED))
                .withColumn("state", concat(lit("{\"Name\":\"Objekt "), col("seq").cast("string"), lit("\"}")))
                .withColumn("changed_at", current_timestamp())
                .select("tenant", "seq", "entity_key", "operation", "state", "changed_at");
    }
}
