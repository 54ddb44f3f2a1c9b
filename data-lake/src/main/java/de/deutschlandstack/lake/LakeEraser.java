package de.deutschlandstack.lake;

import io.delta.tables.DeltaTable;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

/**
 * Carries out the platform's erasures in the lake, so that neither a table nor its history holds the data afterwards:
 * <ul>
 *   <li>a tenant's (offboarding): every row of its partition, in every bronze and silver table;</li>
 *   <li>a data subject's: the states of the erased objects in bronze (the record that they changed, and when, stays, as in
 *   the platform's change log). Silver already holds what the erasure left of them (an anonymised state, or no row),
 *   through the changes the erasure committed, which reach the lake no later than the erasure itself.</li>
 * </ul>
 * Then every table it touched is vacuumed with no retention: the files that held the data are deleted, so time travel to
 * a version before the erasure finds nothing (it fails for versions whose files are gone). That is the price: time travel
 * reaches back to the last erasure of a table, no further. Statistics in the Delta log hold no state
 * ({@link LakeTables#STATS_COLUMNS}).
 *
 * <p>Every erasure is idempotent: a lake that dies half way does it all again.
 */
final class LakeEraser {

    private static final Logger LOG = LoggerFactory.getLogger(LakeEraser.class);

    private final SparkSession spark;
    private final Path root;

    LakeEraser(SparkSession spark, Path root) {
        this.spark = spark;
        this.root = root;
    }

    void erase(List<ChangeSource.Erasure> erasures) throws IOException {
        Set<String> touched = new LinkedHashSet<>();
        Map<String, Map<String, List<String>>> objectsByTenantAndSet = new LinkedHashMap<>();
        for (ChangeSource.Erasure erasure : erasures) {
            if (erasure.entitySet() == null) {
                for (String layer : List.of("bronze", "silver")) {
                    for (String set : LakeTables.entitySets(root, layer)) {
                        String path = root.resolve(layer).resolve(set).toString();
                        DeltaTable.forPath(spark, path).delete(col("tenant").equalTo(lit(erasure.tenant())));
                        touched.add(path);
                    }
                }
                LOG.info("Erased tenant {} from the lake (erasure {})", erasure.tenant(), erasure.id());
            } else {
                objectsByTenantAndSet.computeIfAbsent(erasure.tenant(), t -> new LinkedHashMap<>())
                        .computeIfAbsent(erasure.entitySet(), s -> new ArrayList<>()).add(erasure.key());
            }
        }
        for (Map.Entry<String, Map<String, List<String>>> tenant : objectsByTenantAndSet.entrySet()) {
            for (Map.Entry<String, List<String>> set : tenant.getValue().entrySet()) {
                if (!LakeTables.entitySets(root, "bronze").contains(set.getKey())) {
                    continue;
                }
                String bronze = root.resolve("bronze").resolve(set.getKey()).toString();
                Column objects = col("tenant").equalTo(lit(tenant.getKey())).and(col("entity_key").isin(set.getValue().toArray()))
                        .and(col("state").isNotNull());
                DeltaTable.forPath(spark, bronze).update(objects, Map.of("state", lit(null).cast("string")));
                touched.add(bronze);
                // Silver's rows changed with the erasure's own changes; its files from before still hold the old states.
                touched.add(root.resolve("silver").resolve(set.getKey()).toString());
            }
        }
        for (String path : touched) {
            if (DeltaTable.isDeltaTable(spark, path)) {
                DeltaTable.forPath(spark, path).vacuum(0);
            }
        }
    }
}
