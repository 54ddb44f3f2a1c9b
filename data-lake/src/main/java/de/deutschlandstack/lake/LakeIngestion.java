package de.deutschlandstack.lake;

import io.delta.tables.DeltaTable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

import static org.apache.spark.sql.functions.max;

/**
 * One step of the lake at a time: the change events after the recorded progress, a batch of them applied to each entity
 * set's bronze and silver table, then the batch's highest sequence number recorded as the progress. The lake may die at
 * any point of a step: the next one starts from the progress recorded last and applies that batch again, which bronze and
 * silver skip where they already hold it (both write each batch as a Delta transaction versioned by its highest sequence
 * number). So every committed change lands exactly once, whatever the crash.
 *
 * <p>Tables lie under one root: {@code bronze/<EntitySet>}, {@code silver/<EntitySet>}, each partitioned by tenant, and
 * {@code _progress}.
 */
public final class LakeIngestion {

    private static final Logger LOG = LoggerFactory.getLogger(LakeIngestion.class);
    /** Entity set names become directory names: only what an OData identifier may be, nothing that leaves the root. */
    private static final Pattern ENTITY_SET = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");
    /** Tenant ids become partition values: the platform's own form of them. */
    private static final Pattern TENANT = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?");
    private static final StructType PROGRESS = new StructType().add("up_to", DataTypes.LongType, false);
    static final String PROGRESS_WRITER = "deutschland-stack-lake-progress";

    private final SparkSession spark;
    private final Path root;
    private final ChangeSource source;
    private final int batchSize;
    /** The silver columns per entity set, and the version of the source's schema they are of. */
    private volatile Map<String, List<ChangeSource.Column>> columns = Map.of();
    private volatile String schemaVersion;
    /** The progress as this process recorded it last; -1: read it from the table. */
    private long progress = -1;
    /**
     * Per entity set, the highest sequence number this process appended to its bronze table: where a batch starts at
     * or above it, the table holds none of the batch and is not read to find out. Empty after a start.
     */
    private final Map<String, Long> bronzeHolds = new java.util.concurrent.ConcurrentHashMap<>();
    /** Writes the entity sets' tables of a step side by side. */
    private final java.util.concurrent.ExecutorService writers = java.util.concurrent.Executors.newFixedThreadPool(
            Math.max(2, Runtime.getRuntime().availableProcessors()), runnable -> {
                Thread thread = new Thread(runnable, "lake-writer");
                thread.setDaemon(true);
                return thread;
            });

    public LakeIngestion(SparkSession spark, Path root, ChangeSource source, int batchSize) {
        this.spark = spark;
        this.root = root;
        this.source = source;
        this.batchSize = batchSize;
    }

    /** The highest sequence number whose batch is applied everywhere; 0 before the first. */
    public long progress() {
        if (progress >= 0) {
            return progress;
        }
        String path = root.resolve("_progress").toString();
        if (!DeltaTable.isDeltaTable(spark, path)) {
            return 0;
        }
        Row row = spark.read().format("delta").load(path).agg(max("up_to")).first();
        progress = row.isNullAt(0) ? 0 : row.getLong(0);
        return progress;
    }

    /**
     * Applies the next page, if there is one: its changes to bronze and silver, the progress, then its erasures (which
     * the source hands out only with a page that reaches the log's end, so every change before them is applied first).
     * Answers how many changes it applied; 0 with nothing to do (the lake is up to date).
     */
    public Step step() throws IOException {
        long started = System.nanoTime();
        long from = progress();
        ChangeSource.Page page = source.after(from, batchSize);
        long read = System.nanoTime();
        if (page.isEmpty()) {
            return new Step(List.of(), 0, from, page.position());
        }
        long upTo = page.upTo();
        if (page.schemaVersion() != null && !page.schemaVersion().equals(schemaVersion)) {
            // The platform's entities changed (or this is the first page): silver's columns follow them.
            columns = source.schema();
            schemaVersion = page.schemaVersion();
            LOG.info("Silver's columns follow the platform's schema {} ({} entity sets)", schemaVersion, columns.size());
        }
        Map<String, List<ChangeSource.Column>> silverColumns = columns;
        Map<String, List<Row>> bySet = new TreeMap<>();
        for (ChangeEvent event : page.changes()) {
            if (event.seq() <= from || event.seq() > upTo) {
                throw new IOException("The change source answered out of order: " + event.seq() + " in (" + from + ", " + upTo + "]");
            }
            if (!ENTITY_SET.matcher(event.entitySet()).matches() || !TENANT.matcher(event.tenant()).matches()) {
                throw new IOException("A change event names no entity set or tenant of the platform's form: seq " + event.seq());
            }
            bySet.computeIfAbsent(event.entitySet(), set -> new java.util.ArrayList<>()).add(event.toRow());
        }
        for (ChangeSource.Erasure erasure : page.erasures()) {
            if (!TENANT.matcher(erasure.tenant()).matches() || erasure.entitySet() != null && !ENTITY_SET.matcher(erasure.entitySet()).matches()) {
                throw new IOException("An erasure names no entity set or tenant of the platform's form: erasure " + erasure.id());
            }
        }
        // The entity sets' tables at once: most of a Delta write is the driver's (planning, reading and committing the
        // log), which one set's write leaves the cores idle for.
        java.util.concurrent.atomic.AtomicLong bronzeNanos = new java.util.concurrent.atomic.AtomicLong();
        java.util.concurrent.atomic.AtomicLong silverNanos = new java.util.concurrent.atomic.AtomicLong();
        List<java.util.concurrent.Callable<Void>> writes = new java.util.ArrayList<>();
        for (Map.Entry<String, List<Row>> set : bySet.entrySet()) {
            writes.add(() -> {
                long setStarted = System.nanoTime();
                Dataset<Row> batch = spark.createDataFrame(set.getValue(), ChangeEvent.SCHEMA);
                // Forgotten before the append: one that fails after its commit leaves the table to be read next time.
                Long held = bronzeHolds.remove(set.getKey());
                new BronzeTable(root.resolve("bronze").resolve(set.getKey()).toString()).append(spark, batch, from, upTo,
                        held == null || held > from);
                bronzeHolds.put(set.getKey(), upTo);
                long bronzeDone = System.nanoTime();
                new SilverTable(root.resolve("silver").resolve(set.getKey()).toString())
                        .apply(spark, batch, upTo, silverColumns.getOrDefault(set.getKey(), List.of()));
                bronzeNanos.addAndGet(bronzeDone - setStarted);
                silverNanos.addAndGet(System.nanoTime() - bronzeDone);
                return null;
            });
        }
        runAll(writes);
        if (upTo > from) {
            // One row, overwritten: the table does not grow with the steps (Delta keeps the old files until a VACUUM).
            spark.createDataFrame(List.of(RowFactory.create(upTo)), PROGRESS).write().format("delta").mode(SaveMode.Overwrite)
                    .option("txnAppId", PROGRESS_WRITER).option("txnVersion", upTo)
                    .save(root.resolve("_progress").toString());
            progress = upTo;
        }
        if (!page.erasures().isEmpty()) {
            new LakeEraser(spark, root).erase(page.erasures());
            source.erasuresApplied(page.erasures().stream().map(ChangeSource.Erasure::id).toList());
        }
        if (!page.changes().isEmpty()) {
            LOG.info("Applied {} changes up to {} to {} entity sets in {} ms (reading {} ms, bronze {} ms, silver {} ms)",
                    page.changes().size(), upTo, bySet.size(), (System.nanoTime() - started) / 1_000_000, (read - started) / 1_000_000,
                    bronzeNanos.get() / 1_000_000, silverNanos.get() / 1_000_000);
        }
        return new Step(page.changes(), page.erasures().size(), upTo, page.position());
    }

    /** Runs the writes side by side and waits for all; the first failure fails the step (a replay repairs the rest). */
    private void runAll(List<java.util.concurrent.Callable<Void>> writes) throws IOException {
        List<java.util.concurrent.Future<Void>> running = new java.util.ArrayList<>();
        for (java.util.concurrent.Callable<Void> write : writes) {
            running.add(writers.submit(write));
        }
        Throwable failure = null;
        for (java.util.concurrent.Future<Void> write : running) {
            try {
                write.get();
            } catch (java.util.concurrent.ExecutionException e) {
                failure = failure == null ? e.getCause() : failure;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("Interrupted while writing the tables", e);
            }
        }
        if (failure instanceof IOException io) {
            throw io;
        }
        if (failure instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (failure != null) {
            throw new IllegalStateException(failure);
        }
    }

    /**
     * What a step did: the changes applied and how many erasures, the lake's progress after it, and the log's end when it was read
     * ({@code progress < position}: more is waiting).
     */
    public record Step(List<ChangeEvent> applied, int erasures, long progress, long position) {

        public int changes() {
            return applied.size();
        }

        public boolean caughtUp() {
            return progress >= position;
        }
    }
}
