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
 * One step of the lake at a time: the change events after its progress, a batch of them applied to each entity set's
 * bronze and silver table, then the batch's highest sequence number as the progress. The lake may die at any point of a
 * step: the next one starts from the progress recorded last and applies those batches again, which bronze and silver
 * skip where they already hold them (both write each batch as a Delta transaction versioned by its highest sequence
 * number; bronze appends only what is above the highest number it holds, silver's MERGE changes a row only for a newer
 * event). So every committed change lands exactly once, whatever the crash.
 *
 * <p>The progress is recorded (a commit of the {@code _progress} table, most of a second on two cores) every
 * {@code recordEvery}, beside a step's writes (the progress the step starts from), before an erasure, and when the lake
 * has nothing to do; a step between records starts from the progress in memory. A restart replays what the steps of
 * the last {@code recordEvery} and one step more applied, which the tables skip as above; a change is in silver, for
 * readers, as soon as its step's MERGE has committed.
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
    /**
     * The progress row: the highest sequence number applied everywhere, and when the step that applied it had finished
     * its writes (before the next one began any): reading every table as of that instant reads the lake as it was after
     * that step, whenever the record itself was committed.
     */
    private static final StructType PROGRESS = new StructType().add("up_to", DataTypes.LongType, false)
            .add("applied_at", DataTypes.TimestampType, true);
    static final String PROGRESS_WRITER = "deutschland-stack-lake-progress";
    /** The most changes the lake asks of its source at once: what the platform's feed answers at most per request. */
    static final int PAGE = 10_000;
    /**
     * The most characters of states one step holds: a page of the feed holds at most {@value #PAGE_STATE_CHARS}, so a
     * step of many pages of large objects stops before the batch size. A step holds its states several times over (the
     * events, their rows, bronze's and silver's DataFrames): about 256 MB at this bound, within the lake's 1 GB heap.
     */
    static final long STEP_STATE_CHARS = 32L * 1024 * 1024;
    /** The most characters of states the platform's feed answers in one page. */
    static final long PAGE_STATE_CHARS = 8L * 1024 * 1024;
    /** The most pages one step reads: pages of changes the feed leaves out (tenants being offboarded) hold few. */
    static final int STEP_PAGES = 20;

    private final SparkSession spark;
    private final Path root;
    private final ChangeSource source;
    private final int batchSize;
    /** The silver columns per entity set, and the version of the source's schema they are of. */
    private volatile Map<String, List<ChangeSource.Column>> columns = Map.of();
    private volatile String schemaVersion;
    /** The progress as this process knows it (its batches applied to bronze and silver); -1: read it from the table. */
    private long progress = -1;
    /** The progress the {@code _progress} table holds, as far as this process wrote or read it. */
    private volatile long recorded = -1;
    private volatile long recordedAtNanos = System.nanoTime();
    /** When the steps had applied {@link #progress}: the end of its step's writes. */
    private java.time.Instant progressAt = java.time.Instant.now();
    private final long recordEveryNanos;
    /**
     * Per entity set, the highest sequence number this process appended to its bronze table: where a batch starts at
     * or above it, the table holds none of the batch and is not read to find out. Empty after a start.
     */
    private final Map<String, Long> bronzeHolds = new java.util.concurrent.ConcurrentHashMap<>();
    /** Writes the entity sets' tables of a step side by side. */
    private final java.util.concurrent.ThreadPoolExecutor writers = writers();

    /** Threads that end when idle for a minute: an ingestion that is dropped leaves none behind. */
    private static java.util.concurrent.ThreadPoolExecutor writers() {
        int threads = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
        java.util.concurrent.ThreadPoolExecutor pool = new java.util.concurrent.ThreadPoolExecutor(threads, threads, 60,
                java.util.concurrent.TimeUnit.SECONDS, new java.util.concurrent.LinkedBlockingQueue<>(), runnable -> {
                    Thread thread = new Thread(runnable, "lake-writer");
                    thread.setDaemon(true);
                    return thread;
                });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    public LakeIngestion(SparkSession spark, Path root, ChangeSource source, int batchSize) {
        this(spark, root, source, batchSize, java.time.Duration.ofSeconds(10));
    }

    /** As {@link #LakeIngestion(SparkSession, Path, ChangeSource, int)}, recording the progress at most every {@code recordEvery}. */
    public LakeIngestion(SparkSession spark, Path root, ChangeSource source, int batchSize, java.time.Duration recordEvery) {
        this.recordEveryNanos = recordEvery.toNanos();
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
            progress = 0;
            recorded = 0; // nothing applied: nothing to record
            return 0;
        }
        Row row = spark.read().format("delta").load(path).agg(max("up_to")).first();
        progress = row.isNullAt(0) ? 0 : row.getLong(0);
        recorded = progress;
        return progress;
    }

    /**
     * Applies the next changes, if there are any: to bronze and silver, then the erasures that came with them (which the
     * source hands out only with a page that reaches the erasing transaction's changes, so those are applied first).
     * Answers how many changes it applied; 0 with nothing to do (the lake is up to date).
     */
    public Step step() throws IOException {
        long started = System.nanoTime();
        long from = progress();
        ChangeSource.Page page = read(from);
        long read = System.nanoTime();
        if (page.isEmpty()) {
            recordProgress(from, progressAt); // the lake is idle: a good moment
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
        Map<String, List<ChangeEvent>> bySet = new TreeMap<>();
        for (ChangeEvent event : page.changes()) {
            if (event.seq() <= from || event.seq() > upTo) {
                throw new IOException("The change source answered out of order: " + event.seq() + " in (" + from + ", " + upTo + "]");
            }
            if (!ENTITY_SET.matcher(event.entitySet()).matches() || !TENANT.matcher(event.tenant()).matches()) {
                throw new IOException("A change event names no entity set or tenant of the platform's form: seq " + event.seq());
            }
            bySet.computeIfAbsent(event.entitySet(), set -> new java.util.ArrayList<>()).add(event);
        }
        for (ChangeSource.Erasure erasure : page.erasures()) {
            if (!TENANT.matcher(erasure.tenant()).matches() || erasure.entitySet() != null && !ENTITY_SET.matcher(erasure.entitySet()).matches()) {
                throw new IOException("An erasure names no entity set or tenant of the platform's form: erasure " + erasure.id());
            }
        }
        // The entity sets' tables at once, and each set's bronze beside its silver: most of a Delta write is the
        // driver's (planning, reading and committing the log), which one write leaves the cores idle for. Bronze and
        // silver are independent tables, each skipping a batch it already holds, so neither waits for the other.
        java.util.concurrent.atomic.AtomicLong bronzeNanos = new java.util.concurrent.atomic.AtomicLong();
        java.util.concurrent.atomic.AtomicLong silverNanos = new java.util.concurrent.atomic.AtomicLong();
        List<java.util.concurrent.Callable<Void>> writes = new java.util.ArrayList<>();
        for (Map.Entry<String, List<ChangeEvent>> set : bySet.entrySet()) {
            writes.add(() -> {
                long setStarted = System.nanoTime();
                Dataset<Row> batch = spark.createDataFrame(set.getValue().stream().map(ChangeEvent::toRow).toList(), ChangeEvent.SCHEMA);
                // Forgotten before the append: one that fails after its commit leaves the table to be read next time.
                Long held = bronzeHolds.remove(set.getKey());
                new BronzeTable(root.resolve("bronze").resolve(set.getKey()).toString()).append(spark, batch, from, upTo,
                        held == null || held > from);
                bronzeHolds.put(set.getKey(), upTo);
                bronzeNanos.addAndGet(System.nanoTime() - setStarted);
                return null;
            });
            writes.add(() -> {
                long setStarted = System.nanoTime();
                new SilverTable(root.resolve("silver").resolve(set.getKey()).toString())
                        .apply(spark, set.getValue(), upTo, silverColumns.getOrDefault(set.getKey(), List.of()));
                silverNanos.addAndGet(System.nanoTime() - setStarted);
                return null;
            });
        }
        if (page.erasures().isEmpty() && System.nanoTime() - recordedAtNanos >= recordEveryNanos) {
            // Due: the progress so far (every change up to `from` is applied), recorded beside the writes, so that no
            // change waits for it.
            java.time.Instant fromAt = progressAt;
            writes.add(() -> {
                recordProgress(from, fromAt);
                return null;
            });
        }
        runAll(writes);
        long written = System.nanoTime();
        if (upTo > from) {
            progress = upTo;
            progressAt = java.time.Instant.now();
        }
        if (!page.erasures().isEmpty()) {
            // Before an erasure, always: a replay after it must not start before the changes it erased.
            recordProgress(progress, progressAt);
        }
        if (!page.erasures().isEmpty()) {
            new LakeEraser(spark, root).erase(page.erasures());
            source.erasuresApplied(page.erasures().stream().map(ChangeSource.Erasure::id).toList());
        }
        long erased = System.nanoTime();
        if (!page.changes().isEmpty()) {
            LOG.info("Applied {} changes up to {} to {} entity sets in {} ms (reading {} ms, writing {} ms: bronze {} ms, silver {} ms"
                    + " summed over the sets; erasing {} ms)", page.changes().size(), upTo, bySet.size(),
                    (System.nanoTime() - started) / 1_000_000, (read - started) / 1_000_000, (written - read) / 1_000_000,
                    bronzeNanos.get() / 1_000_000, silverNanos.get() / 1_000_000, (erased - written) / 1_000_000);
        }
        return new Step(page.changes(), page.erasures().size(), upTo, page.position());
    }

    /**
     * The changes after {@code from} for one step: pages of the source ({@value #PAGE} changes at most each, the
     * platform's feed's limit) until the step holds {@code batchSize} changes or has reached the log's end, as one page.
     * While the lake is behind (a backfill, a restart after a while) a step takes many pages, and what a step costs
     * whatever its size (a Delta commit per table) is paid once for all of them; under a steady load it takes what
     * arrived during the step before, one page or less.
     */
    private ChangeSource.Page read(long from) throws IOException {
        ChangeSource.Page first = source.after(from, Math.min(batchSize, PAGE));
        ChangeSource.Page last = first;
        List<ChangeEvent> changes = new java.util.ArrayList<>(first.changes());
        long stateChars = stateChars(first);
        int pages = 1;
        // A page with erasures ends the step: they are applied once the changes before them are (and the feed hands
        // out each open erasure with every page that reaches it, at most as many as it answers at once).
        while (changes.size() < batchSize && stateChars + PAGE_STATE_CHARS <= STEP_STATE_CHARS && pages < STEP_PAGES
                && last.erasures().isEmpty()
                && last.upTo() < last.position() && last.upTo() > last.after()) {
            ChangeSource.Page next = source.after(last.upTo(), Math.min(batchSize - changes.size(), PAGE));
            if (!java.util.Objects.equals(next.schemaVersion(), first.schemaVersion())) {
                break; // the platform's entities changed: the next step reads this page with the new schema
            }
            changes.addAll(next.changes());
            stateChars += stateChars(next);
            pages++;
            last = next;
        }
        if (last == first) {
            return first;
        }
        return new ChangeSource.Page(from, last.upTo(), last.position(), first.schemaVersion(), changes, last.erasures());
    }

    private static long stateChars(ChangeSource.Page page) {
        long chars = 0;
        for (ChangeEvent change : page.changes()) {
            chars += change.state() == null ? 0 : change.state().length();
        }
        return chars;
    }

    /**
     * Records the progress in the {@code _progress} table, unless it holds it already: where a restart begins, and the
     * lake's versions that time travel names. Called by the steps themselves when due; a caller that stops the lake
     * (the backfill's end) records what it applied.
     */
    public void recordProgress() {
        recordProgress(progress, progressAt);
    }

    private void recordProgress(long applied, java.time.Instant appliedAt) {
        if (applied <= recorded) {
            return;
        }
        // One row, overwritten: the table does not grow with the steps (Delta keeps the old files until a VACUUM).
        spark.createDataFrame(List.of(RowFactory.create(applied, java.sql.Timestamp.from(appliedAt))), PROGRESS).write()
                .format("delta").mode(SaveMode.Overwrite).option("overwriteSchema", "true")
                .option("txnAppId", PROGRESS_WRITER).option("txnVersion", applied)
                .save(root.resolve("_progress").toString());
        recorded = applied;
        recordedAtNanos = System.nanoTime();
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
