package de.deutschlandstack.lake;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;

/**
 * Silver's MERGE against a plain Parquet write of the same rows, in one run (docs/benchmarks.md, "Data lake"): batches of
 * change events (half updates of objects the silver table holds, half new ones, over 8 tenants) applied to a silver table
 * as the lake applies a step's page ({@link SilverTable#apply(SparkSession, List, long, List)}), and the same batches
 * written as Parquet, in alternating rounds; prints rows/s of each and their ratio per round. Where the updates go:
 * {@code spread}, to objects all over the table (every file of every tenant is rewritten: the worst case), or
 * {@code young}, to the objects the batch before created (an order released, invoiced, paid while it is young). Keys are
 * numbers from 1,000,000 on, as the platform's are. Not a test: run by {@code benchmarks/run-lake-benchmark.sh}.
 */
public final class MergeBenchmark {

    private static final long FIRST_KEY = 1_000_000;

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        boolean young = args.length > 2 && args[2].equals("young");
        SparkSession spark = LakeSpark.session("local[*]");
        Path root = Files.createTempDirectory("lake-benchmark");
        SilverTable silver = new SilverTable(root.resolve("silver").toString());
        silver.apply(spark, events(0, rows, rows, false), rows, List.of()); // the table holds `rows` objects to begin with
        long seq = rows;
        System.out.printf("%d rows per batch, %d rounds, updates %s%n", rows, rounds, young ? "of young objects" : "spread");
        for (int round = 1; round <= rounds; round++) {
            List<ChangeEvent> events = events(seq, rows, rows, young);
            Dataset<Row> batch = spark.createDataFrame(events.stream().map(ChangeEvent::toRow).toList(), ChangeEvent.SCHEMA).cache();
            batch.count();
            long start = System.nanoTime();
            batch.write().format("parquet").mode(SaveMode.Overwrite).save(root.resolve("parquet-" + round).toString());
            double parquet = rows / ((System.nanoTime() - start) / 1e9);
            start = System.nanoTime();
            silver.apply(spark, events, seq + rows, List.of());
            double merge = rows / ((System.nanoTime() - start) / 1e9);
            batch.unpersist();
            seq += rows;
            System.out.printf("round %d: parquet %.0f rows/s, merge %.0f rows/s, ratio %.2f%n", round, parquet, merge, merge / parquet);
        }
        spark.stop();
    }

    /**
     * Events after {@code from}: odd numbers create an object (its key the number), even ones update one; spread: an
     * object of the first {@code count}, young: the one created by the number a batch before.
     */
    private static List<ChangeEvent> events(long from, int count, int batch, boolean young) {
        List<ChangeEvent> events = new ArrayList<>(count);
        Timestamp now = new Timestamp(System.currentTimeMillis());
        for (long seq = from + 1; seq <= from + count; seq++) {
            long object = seq % 2 == 1 || from == 0 ? seq : young ? seq - batch + 1 : (seq / 2) % batch * 2 + 1;
            events.add(new ChangeEvent(seq, "tenant-" + object % 8, "Objects", String.valueOf(FIRST_KEY + object),
                    ChangeEvent.UPDATED, "{\"Name\":\"Objekt " + seq + "\"}", now));
        }
        return events;
    }
}
