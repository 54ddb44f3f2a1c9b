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

    public LakeIngestion(SparkSession spark, Path root, ChangeSource source, int batchSize) {
        this.spark = spark;
        this.root = root;
        this.source = source;
        this.batchSize = batchSize;
    }

    /** The highest sequence number whose batch is applied everywhere; 0 before the first. */
    public long progress() {
        String path = root.resolve("_progress").toString();
        if (!DeltaTable.isDeltaTable(spark, path)) {
            return 0;
        }
        Row row = spark.read().format("delta").load(path).agg(max("up_to")).first();
        return row.isNullAt(0) ? 0 : row.getLong(0);
    }

    /** Applies the next batch, if there is one; answers how many events it held (0: the lake is up to date). */
    public int step() throws IOException {
        long from = progress();
        List<ChangeEvent> events = source.after(from, batchSize);
        if (events.isEmpty()) {
            return 0;
        }
        long upTo = events.get(events.size() - 1).seq();
        Map<String, List<Row>> bySet = new TreeMap<>();
        for (ChangeEvent event : events) {
            if (event.seq() <= from || event.seq() > upTo) {
                throw new IOException("The change source answered out of order: " + event.seq() + " after " + from);
            }
            if (!ENTITY_SET.matcher(event.entitySet()).matches() || !TENANT.matcher(event.tenant()).matches()) {
                throw new IOException("A change event names no entity set or tenant of the platform's form: seq " + event.seq());
            }
            bySet.computeIfAbsent(event.entitySet(), set -> new java.util.ArrayList<>()).add(event.toRow());
        }
        for (Map.Entry<String, List<Row>> set : bySet.entrySet()) {
            Dataset<Row> batch = spark.createDataFrame(set.getValue(), ChangeEvent.SCHEMA);
            new BronzeTable(root.resolve("bronze").resolve(set.getKey()).toString()).append(spark, batch, from, upTo);
            new SilverTable(root.resolve("silver").resolve(set.getKey()).toString()).apply(spark, batch, upTo);
        }
        spark.createDataFrame(List.of(RowFactory.create(upTo)), PROGRESS).write().format("delta").mode(SaveMode.Append)
                .option("txnAppId", PROGRESS_WRITER).option("txnVersion", upTo)
                .save(root.resolve("_progress").toString());
        LOG.info("Applied {} changes up to {} to {} entity sets", events.size(), upTo, bySet.size());
        return events.size();
    }
}
