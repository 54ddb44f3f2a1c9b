package de.deutschlandstack.lake;

import io.delta.tables.DeltaTable;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * How the lake's tables are made: Delta tables of the change events' columns, partitioned by tenant, each created once
 * with the properties the lake relies on.
 *
 * <p>Delta keeps per-file minimum and maximum values of the columns it indexes in its transaction log, the first 32
 * characters of a string included, and keeps the log for 30 days; VACUUM does not touch it. Statistics of an object's
 * state would carry personal values past their erasure, so only the event's own columns are indexed
 * ({@value #STATS_COLUMNS}): never a state.
 */
final class LakeTables {

    /** The columns Delta keeps statistics of: what the lake filters by, nothing personal (tenant is the partition). */
    static final String STATS_COLUMNS = "seq,entity_key,operation,changed_at";

    private LakeTables() {
    }

    /** Creates the table at {@code path} unless it exists; answers whether it did (the table is empty then). */
    static boolean createIfAbsent(SparkSession spark, String path, StructType schema) {
        if (DeltaTable.isDeltaTable(spark, path)) {
            return false;
        }
        DeltaTable.createIfNotExists(spark)
                .location(path)
                .addColumns(schema)
                .partitionedBy("tenant")
                .property("delta.dataSkippingStatsColumns", STATS_COLUMNS)
                // An update or delete rewrites the files it touches, so that VACUUM can remove the old ones (with deletion
                // vectors, the old files would stay in use, the rows only marked).
                .property("delta.enableDeletionVectors", "false")
                .execute();
        return true;
    }

    /** The entity sets that have a table under {@code layer} ({@code bronze} or {@code silver}) of the lake at {@code root}. */
    static List<String> entitySets(Path root, String layer) throws IOException {
        Path dir = root.resolve(layer);
        List<String> sets = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return sets;
        }
        try (Stream<Path> children = Files.list(dir)) {
            children.filter(child -> Files.isDirectory(child.resolve("_delta_log"))).map(child -> child.getFileName().toString())
                    .sorted().forEach(sets::add);
        }
        return sets;
    }
}
