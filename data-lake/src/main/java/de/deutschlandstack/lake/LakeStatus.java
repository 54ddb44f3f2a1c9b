package de.deutschlandstack.lake;

import io.delta.tables.DeltaTable;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the lake reports about itself ({@code GET /status}): how far it has read the platform's log, and per table its
 * latest Delta version, its row count and its freshness, the time from a change's commit in the platform to its
 * arrival in the table. Freshness is kept per change over the last {@value #WINDOW} changes (median and 99th
 * percentile), and per table for the last batch that reached it.
 */
final class LakeStatus {

    static final int WINDOW = 10_000;

    private final long[] lagMillis = new long[WINDOW];
    private int recorded;
    private long progress;
    private long position;
    private Instant lastStep;
    private String lastError;
    private long changesApplied;
    private long erasuresApplied;
    private final Map<String, Long> lastLagBySet = new LinkedHashMap<>();
    /** The tables' part of the report, read at most every {@value #TABLES_FOR_MILLIS} ms however often it is asked. */
    private volatile List<Map<String, Object>> tables;
    private volatile long tablesReadAt;
    static final long TABLES_FOR_MILLIS = 10_000;

    /** Records a step's changes as they arrived at {@code appliedAt}. */
    synchronized void applied(LakeIngestion.Step step, Instant appliedAt) {
        progress = step.progress();
        position = step.position();
        lastStep = appliedAt;
        lastError = null;
        changesApplied += step.changes();
        erasuresApplied += step.erasures();
        for (ChangeEvent change : step.applied()) {
            long lag = Math.max(0, appliedAt.toEpochMilli() - change.changedAt().getTime());
            lagMillis[recorded++ % WINDOW] = lag;
            lastLagBySet.merge(change.entitySet(), lag, Math::max);
        }
    }

    synchronized void failed(String error) {
        lastError = error;
    }

    /** The median and the 99th percentile of the recorded freshness, in milliseconds; empty before the first change. */
    synchronized long[] freshnessPercentiles() {
        int n = Math.min(recorded, WINDOW);
        if (n == 0) {
            return new long[0];
        }
        long[] sorted = Arrays.copyOf(lagMillis, n);
        Arrays.sort(sorted);
        return new long[]{sorted[(int) Math.floor(0.5 * (n - 1))], sorted[(int) Math.ceil(0.99 * (n - 1))]};
    }

    /**
     * The report, as a map that serialises to the status endpoint's JSON; {@code withTables} adds each table's version,
     * commit time and rows (read from the tables: some Spark jobs per table, at most every ten seconds, which
     * {@code ?tables=false} spares).
     */
    Map<String, Object> report(SparkSession spark, Path root, boolean withTables) throws IOException {
        Map<String, Object> report = new LinkedHashMap<>();
        Map<String, Long> lastLag;
        synchronized (this) {
            report.put("progress", progress);
            report.put("position", position);
            report.put("behind", Math.max(0, position - progress));
            report.put("lastStep", lastStep == null ? null : lastStep.toString());
            report.put("lastError", lastError);
            report.put("changesApplied", changesApplied);
            report.put("erasuresApplied", erasuresApplied);
            lastLag = new LinkedHashMap<>(lastLagBySet);
        }
        long[] percentiles = freshnessPercentiles();
        Map<String, Object> freshness = new LinkedHashMap<>();
        freshness.put("changes", Math.min(recorded(), WINDOW));
        freshness.put("p50Millis", percentiles.length == 0 ? null : percentiles[0]);
        freshness.put("p99Millis", percentiles.length == 0 ? null : percentiles[1]);
        report.put("freshness", freshness);
        if (!withTables) {
            return report;
        }
        report.put("tables", tables(spark, root, lastLag));
        return report;
    }

    private synchronized List<Map<String, Object>> tables(SparkSession spark, Path root, Map<String, Long> lastLag) throws IOException {
        if (tables != null && System.currentTimeMillis() - tablesReadAt < TABLES_FOR_MILLIS) {
            return tables;
        }
        List<Map<String, Object>> tables = new ArrayList<>();
        for (String layer : List.of("bronze", "silver")) {
            for (String set : LakeTables.entitySets(root, layer)) {
                String path = root.resolve(layer).resolve(set).toString();
                Map<String, Object> table = new LinkedHashMap<>();
                table.put("table", layer + "/" + set);
                Row latest = DeltaTable.forPath(spark, path).history(1).select("version", "timestamp").first();
                table.put("version", latest.getLong(0));
                table.put("committedAt", ((Timestamp) latest.get(1)).toInstant().toString());
                // Delta answers a plain count from its log's statistics, without reading the data files.
                table.put("rows", spark.read().format("delta").load(path).count());
                table.put("lastBatchFreshnessMillis", lastLag.get(set));
                tables.add(table);
            }
        }
        this.tables = tables;
        tablesReadAt = System.currentTimeMillis();
        return tables;
    }

    private synchronized int recorded() {
        return recorded;
    }
}
