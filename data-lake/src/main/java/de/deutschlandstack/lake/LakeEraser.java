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
 *   <li>a data subject's: the states of the erased objects in bronze up to the erasure (the record that they changed, and
 *   when, stays, as in the platform's change log). Silver already holds what the erasure left of them (an anonymised state, or no row),
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
        // Per tenant, entity set and the sequence number up to which the states held what was erased: the keys.
        Map<List<Object>, List<String>> objects = new LinkedHashMap<>();
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
                objects.computeIfAbsent(List.of(erasure.tenant(), erasure.entitySet(), erasure.upToSeq()), k -> new ArrayList<>())
                        .add(erasure.key());
            }
        }
        List<String> bronzeSets = LakeTables.entitySets(root, "bronze");
        for (Map.Entry<List<Object>, List<String>> group : objects.entrySet()) {
            String tenant = (String) group.getKey().get(0);
            String set = (String) group.getKey().get(1);
            long upToSeq = (Long) group.getKey().get(2);
            if (!bronzeSets.contains(set)) {
                continue;
            }
            String bronze = root.resolve("bronze").resolve(set).toString();
            // Up to the log's position when the platform first handed the erasure out: every state of the erased transaction
            // and before is cleared. (States another transaction wrote in between are cleared too: more than needed,
            // never less.) Those written later stay.
            Column erased = col("tenant").equalTo(lit(tenant)).and(col("entity_key").isin(group.getValue().toArray()))
                    .and(col("seq").leq(lit(upToSeq))).and(col("state").isNotNull());
            DeltaTable.forPath(spark, bronze).update(erased, Map.of("state", lit(null).cast("string")));
            touched.add(bronze);
            // Silver's rows changed with the erasure's own changes; its files from before still hold the old states.
            touched.add(root.resolve("silver").resolve(set).toString());
        }
        for (String path : touched) {
            if (DeltaTable.isDeltaTable(spark, path)) {
                DeltaTable.forPath(spark, path).vacuum(0);
            }
        }
    }
}
