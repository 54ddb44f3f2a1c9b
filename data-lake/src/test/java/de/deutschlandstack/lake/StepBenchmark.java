package de.deutschlandstack.lake;

import org.apache.spark.sql.SparkSession;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The lake's step time by batch size, without a platform (docs/benchmarks.md, "Data lake: freshness"): steps of
 * {@code sizes} change events each to one entity set of two tenants, half creates and half updates of objects created in
 * the step before, as the freshness benchmark writes them; prints the median and the slowest step per size. What a step
 * costs beyond its rows decides the lake's freshness at low rates. Not a test: run by
 * {@code STEP=true benchmarks/run-lake-benchmark.sh}; with {@code BENCH_JAVA_OPTS=-Djobs=true} it also prints every
 * Spark job a step runs, with its time and Delta's description (what a step's time goes to).
 */
public final class StepBenchmark {

    public static void main(String[] args) throws Exception {
        int[] sizes = Arrays.stream((args.length > 0 ? args[0] : "500,5000").split(",")).mapToInt(Integer::parseInt).toArray();
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        SparkSession spark = LakeSpark.session("local[*]");
        Path root = Files.createTempDirectory("lake-steps");
        if (Boolean.getBoolean("jobs")) {
            spark.sparkContext().addSparkListener(new org.apache.spark.scheduler.SparkListener() {
                final java.util.Map<Integer, Long> started = new java.util.concurrent.ConcurrentHashMap<>();
                final java.util.Map<Integer, String> names = new java.util.concurrent.ConcurrentHashMap<>();
                @Override
                public void onJobStart(org.apache.spark.scheduler.SparkListenerJobStart job) {
                    started.put(job.jobId(), job.time());
                    String d = job.properties().getProperty("spark.job.description");
                    String details = job.stageInfos().isEmpty() ? "" : job.stageInfos().head().details();
                    String where = java.util.Arrays.stream(details.split("\n")).filter(l -> l.contains("deutschlandstack") || l.contains("delta")).limit(14)
                            .map(String::trim).collect(java.util.stream.Collectors.joining(" < "));
                    names.put(job.jobId(), (d == null ? "" : d) + " tasks=" + (job.stageInfos().isEmpty() ? 0 : job.stageInfos().head().numTasks()) + " AT " + where);
                }
                @Override
                public void onJobEnd(org.apache.spark.scheduler.SparkListenerJobEnd job) {
                    System.out.println("JOB " + job.jobId() + " " + (job.time() - started.get(job.jobId())) + " ms " + names.get(job.jobId()));
                }
            });
        }
        ListedLog log = new ListedLog(List.of());
        LakeIngestion ingestion = new LakeIngestion(spark, root, log, 10_000);
        long seq = 0;
        long key = 0;
        List<String[]> recent = new ArrayList<>(); // tenant and key of the objects the step before created
        for (int size : sizes) {
            long[] millis = new long[steps];
            for (int step = -3; step < steps; step++) { // three untimed steps first
                List<String[]> created = new ArrayList<>();
                for (int i = 0; i < size; i++) {
                    boolean update = i < size / 2 && i < recent.size();
                    String[] object = update ? recent.get(i) : new String[]{i % 2 == 0 ? "stadt-muenchen" : "bayern-werke", String.valueOf(++key)};
                    if (!update) {
                        created.add(object);
                    }
                    seq++;
                    log.append(LakeIngestionTest.event(seq, object[0], "CostCenters", object[1],
                            update ? "UPDATED" : "CREATED", "Kostenstelle " + object[1] + " Stand " + seq));
                }
                recent = created;
                long started = System.nanoTime();
                ingestion.step();
                if (step >= 0) {
                    millis[step] = (System.nanoTime() - started) / 1_000_000;
                }
            }
            Arrays.sort(millis);
            System.out.printf(Locale.ROOT, "%d changes per step: median %d ms, slowest %d ms%n", size, millis[steps / 2], millis[steps - 1]);
        }
        spark.stop();
    }
}
