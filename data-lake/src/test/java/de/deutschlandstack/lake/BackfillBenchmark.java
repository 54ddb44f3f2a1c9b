package de.deutschlandstack.lake;

import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The backfill's rate on a million change events (docs/benchmarks.md, "Data lake: backfill"): the lake rebuilt from a
 * log of {@code events} changes (four entity sets, two tenants, each object created and then changed twice), in pages of
 * 10,000 as the platform's feed serves them, by the lake's own steps of {@code batch} changes (bronze, silver's MERGE, the
 * progress); against it,
 * in the same run, the same changes appended as plain Parquet files partitioned by tenant, {@code batch} at a time as the
 * steps take them (no Delta, no MERGE, no exactly-once; after an untimed warm-up of 100,000): a write of those rows
 * with none of a lake's work. Prints rows/s of both and their ratio. The log is generated
 * page by page, so the figure is the lake's alone; reading a page from the platform's feed adds 50 to 100 ms per 10,000
 * changes (the steps' "reading" in the lake's log). Not a test: run by {@code BACKFILL=true benchmarks/run-lake-benchmark.sh}.
 */
public final class BackfillBenchmark {

    private static final String[] SETS = {"BusinessPartners", "SalesOrders", "Invoices", "Payments"};
    private static final int PAGE = 10_000;

    public static void main(String[] args) throws Exception {
        long events = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 50_000; // the lake's LAKE_BATCH
        SparkSession spark = LakeSpark.session("local[*]");
        Path root = Files.createTempDirectory("lake-backfill");
        GeneratedLog log = new GeneratedLog(events);

        appendAsParquet(spark, log, Math.min(events, 100_000), batch, root.resolve("warm-up")); // untimed: JVM and Spark warm
        long started = System.nanoTime();
        appendAsParquet(spark, log, events, batch, root.resolve("parquet"));
        double parquet = events / ((System.nanoTime() - started) / 1e9);
        System.out.printf(Locale.ROOT, "Parquet appends: %.0f rows/s%n", parquet);

        started = System.nanoTime();
        LakeIngestion ingestion = new LakeIngestion(spark, root.resolve("lake"), log, batch);
        long lastPrinted = System.nanoTime();
        while (!ingestion.step().caughtUp()) {
            if (System.nanoTime() - lastPrinted > 30_000_000_000L) {
                System.out.printf(Locale.ROOT, "  lake at %d of %d%n", ingestion.progress(), events);
                lastPrinted = System.nanoTime();
            }
        }
        ingestion.recordProgress();
        double lake = events / ((System.nanoTime() - started) / 1e9);
        System.out.printf(Locale.ROOT, "Lake backfill: %.0f rows/s%n", lake);
        System.out.printf(Locale.ROOT, "%n| events | changes per step | Parquet appends rows/s | lake backfill rows/s | ratio |%n"
                + "|---:|---:|---:|---:|---:|%n| %d | %d | %.0f | %.0f | %.2f |%n", events, batch, parquet, lake, lake / parquet);
        spark.stop();
    }

    /**
     * The baseline: the log's first {@code events}, read in pages, appended as Parquet {@code batch} changes at a time (as
     * the lake's steps take them), per entity set, partitioned by tenant.
     */
    private static void appendAsParquet(SparkSession spark, GeneratedLog log, long events, int batch, Path into) {
        for (long after = 0; after < events; after += batch) {
            List<ChangeEvent> step = new ArrayList<>();
            for (long page = after; page < Math.min(events, after + batch); page += PAGE) {
                step.addAll(log.after(page, PAGE).changes());
            }
            Map<String, List<ChangeEvent>> bySet = step.stream().collect(Collectors.groupingBy(ChangeEvent::entitySet));
            for (Map.Entry<String, List<ChangeEvent>> set : bySet.entrySet()) {
                spark.createDataFrame(set.getValue().stream().map(ChangeEvent::toRow).toList(), ChangeEvent.SCHEMA)
                        .write().format("parquet").mode(SaveMode.Append).partitionBy("tenant")
                        .save(into.resolve(set.getKey()).toString());
            }
        }
    }

    /** A log of {@code total} changes made up page by page: object n of a set is created, then changed twice. */
    private static final class GeneratedLog implements ChangeSource {

        private final long total;

        GeneratedLog(long total) {
            this.total = total;
        }

        @Override
        public Page after(long after, int max) {
            long upTo = Math.min(total, after + max);
            List<ChangeEvent> changes = new ArrayList<>();
            for (long seq = after + 1; seq <= upTo; seq++) {
                // Three changes per object, a thousand objects in flight: the object of seq is seq / 3 spread over them.
                long object = (seq / 3000) * 1000 + seq % 1000;
                long change = (seq / 1000) % 3;
                String set = SETS[(int) (object % SETS.length)];
                String tenant = object % 2 == 0 ? "stadt-muenchen" : "bayern-werke";
                changes.add(new ChangeEvent(seq, tenant, set, String.valueOf(object), change == 0 ? "CREATED" : "UPDATED",
                        "{\"ID\":" + object + ",\"Name\":\"Objekt " + object + "\",\"Status\":\"" + (change == 0 ? "OPEN" : "RELEASED")
                                + "\",\"NetAmount\":" + (object % 10_000) + ".50,\"Currency\":\"EUR\",\"Revision\":" + change + "}",
                        new Timestamp(1_790_000_000_000L + seq)));
            }
            return new Page(after, upTo, total, null, changes, List.of());
        }

        @Override
        public Map<String, List<Column>> schema() {
            return Map.of();
        }

        @Override
        public void erasuresApplied(List<Long> ids) {
        }
    }
}
