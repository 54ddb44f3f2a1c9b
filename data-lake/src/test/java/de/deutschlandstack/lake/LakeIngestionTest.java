package de.deutschlandstack.lake;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The lake's step on a real local Spark: a change log of two tenants and two entity sets lands in bronze and silver
 * exactly once, also when the lake died in the middle of a step and starts again; an event that names a path instead of
 * an entity set is refused before anything is written.
 */
class LakeIngestionTest {

    private static final SparkSession spark = TestSpark.session();

    @TempDir
    Path lake;

    static ChangeEvent event(long seq, String tenant, String set, String key, String operation, String name) {
        return new ChangeEvent(seq, tenant, set, key, operation, name == null ? null : "{\"Name\":\"" + name + "\"}",
                new Timestamp(1_790_000_000_000L + seq));
    }

    /** Both tenants have an object with key 1 in each set: four different objects. */
    private static final List<ChangeEvent> LOG = List.of(
            event(1, "stadt-muenchen", "CostCenters", "1", "CREATED", "Einkauf"),
            event(2, "bayern-werke", "CostCenters", "1", "CREATED", "Lager"),
            event(3, "stadt-muenchen", "Products", "1", "CREATED", "Papier"),
            event(4, "stadt-muenchen", "CostCenters", "1", "UPDATED", "Einkauf Nord"),
            event(5, "bayern-werke", "Products", "1", "CREATED", "Stahl"),
            event(6, "stadt-muenchen", "CostCenters", "2", "CREATED", "Vertrieb"),
            event(7, "bayern-werke", "CostCenters", "1", "DELETED", null),
            event(8, "stadt-muenchen", "Products", "1", "UPDATED", "Recyclingpapier"));

    @Test
    void everyChangeLandsOnceInBronzeAndTheNewestInSilver() throws IOException {
        LakeIngestion ingestion = new LakeIngestion(spark, lake, new ListedLog(LOG), 3);
        List<Integer> steps = new ArrayList<>();
        for (int applied = ingestion.step().changes(); applied > 0; applied = ingestion.step().changes()) {
            steps.add(applied);
        }
        assertThat(steps).containsExactly(3, 3, 2);
        assertThat(ingestion.progress()).isEqualTo(8);
        assertThatTheLakeHoldsTheLog();
    }

    @Test
    void aStepReadsPageAfterPageUntilItsBatchIsFull() throws IOException {
        // The source answers three entries a page (as the platform's feed answers 10,000 at most): a step of up to
        // seven changes reads three pages, the next one the rest.
        ListedLog log = new ListedLog(LOG).pagesOf(3);
        LakeIngestion ingestion = new LakeIngestion(spark, lake, log, 7);
        assertThat(ingestion.step().changes()).isEqualTo(7);
        assertThat(log.pagesRead).isEqualTo(3);
        LakeIngestion.Step second = ingestion.step();
        assertThat(second.changes()).isEqualTo(1);
        assertThat(second.caughtUp()).isTrue();
        assertThatTheLakeHoldsTheLog();
    }

    @Test
    void aPageWithErasuresEndsItsStepWhichAppliesThemOnce() throws IOException {
        // An erasure of bayern-werke's cost center 1 whose changes reach to 5: it comes with every page from the second
        // on (pages of three), so the step of up to seven changes ends with the second page.
        ListedLog log = new ListedLog(LOG).pagesOf(3);
        log.erase(new ChangeSource.Erasure(41, "bayern-werke", "CostCenters", "1", 5));
        LakeIngestion ingestion = new LakeIngestion(spark, lake, log, 7);
        LakeIngestion.Step first = ingestion.step();
        assertThat(first.changes()).as("two pages").isEqualTo(6);
        assertThat(first.erasures()).isEqualTo(1);
        assertThat(log.openErasures()).as("reported applied").isEmpty();
        assertThat(ingestion.step().changes()).isEqualTo(2);
        assertThatTheLakeHoldsTheLog();
    }

    @Test
    void aLakeThatDiedInTheMiddleOfAStepAppliesItsBatchOnceWhenItStartsAgain() throws IOException {
        // The first step died after CostCenters' bronze and silver of events 1..3 were written, before Products' and
        // before its progress: a lake that starts again begins at 0 and applies 1..3 once more.
        List<org.apache.spark.sql.Row> costCenters = LOG.subList(0, 2).stream().map(ChangeEvent::toRow).toList();
        new BronzeTable(lake.resolve("bronze/CostCenters").toString()).append(spark, spark.createDataFrame(costCenters, ChangeEvent.SCHEMA), 0, 3);
        new SilverTable(lake.resolve("silver/CostCenters").toString()).apply(spark, LOG.subList(0, 2), 3, List.of());

        LakeIngestion restarted = new LakeIngestion(spark, lake, new ListedLog(LOG), 3);
        assertThat(restarted.progress()).isZero();
        while (restarted.step().changes() > 0) {
            // until up to date
        }
        assertThatTheLakeHoldsTheLog();
    }

    @Test
    void aBatchReplayedWithOtherBoundsAddsNothingTwice() throws IOException {
        // The lake died after the first step's bronze writes, when the log held only events 1 and 2; when it starts
        // again the log has grown, and the batch after the same progress (0) reaches to 3.
        List<org.apache.spark.sql.Row> early = LOG.subList(0, 2).stream().map(ChangeEvent::toRow).toList();
        new BronzeTable(lake.resolve("bronze/CostCenters").toString()).append(spark, spark.createDataFrame(early, ChangeEvent.SCHEMA), 0, 2);

        LakeIngestion restarted = new LakeIngestion(spark, lake, new ListedLog(LOG), 3);
        while (restarted.step().changes() > 0) {
            // until up to date
        }
        assertThatTheLakeHoldsTheLog();
    }

    @Test
    void aLakeThatRecordedItsProgressLongAgoReplaysFromThereAndNeitherDuplicatesNorResurrects() throws IOException {
        // The whole log applied in three steps, the progress never recorded (it is recorded every so often, not every
        // step): a lake that starts again begins at 0 and meets events bronze and silver hold, first among them the
        // creation of bayern-werke's cost center 1 (event 2), which event 7 deleted.
        LakeIngestion first = new LakeIngestion(spark, lake, new ListedLog(LOG), 3, java.time.Duration.ofDays(1));
        for (int step = 0; step < 3; step++) {
            first.step();
        }
        assertThat(first.progress()).isEqualTo(8);
        assertThat(lake.resolve("_progress")).as("not recorded yet").doesNotExist();

        LakeIngestion restarted = new LakeIngestion(spark, lake, new ListedLog(LOG), 3, java.time.Duration.ofDays(1));
        assertThat(restarted.progress()).isZero();
        restarted.step();
        assertThat(silver("CostCenters")).as("the deleted cost center does not come back").doesNotContainKey("bayern-werke/1");
        while (restarted.step().changes() > 0) {
            // until up to date: the empty step at the end records the progress
        }
        assertThatTheLakeHoldsTheLog();
        assertThat(new LakeIngestion(spark, lake, new ListedLog(LOG), 3).progress()).as("recorded once idle").isEqualTo(8);
    }

    @Test
    void aLakeThatRecordedItsProgressLongAgoMergesABiggerPageOverWhatItHoldsOnce() throws IOException {
        // Two steps of three applied (events 1..6), the progress not recorded: the lake starts again with bigger pages,
        // and its first page (0, 8] reaches past what silver holds, so it is merged over events silver has applied
        // (and bronze appends only 7 and 8).
        LakeIngestion first = new LakeIngestion(spark, lake, new ListedLog(LOG), 3, java.time.Duration.ofDays(1));
        first.step();
        first.step();
        LakeIngestion restarted = new LakeIngestion(spark, lake, new ListedLog(LOG), 8, java.time.Duration.ofDays(1));
        assertThat(restarted.progress()).isZero();
        assertThat(restarted.step().changes()).isEqualTo(8);
        assertThatTheLakeHoldsTheLog();
    }

    @Test
    void anEventThatNamesAPathIsRefusedBeforeAnythingIsWritten() {
        LakeIngestion ingestion = new LakeIngestion(spark, lake, new ListedLog(List.of(
                event(1, "stadt-muenchen", "CostCenters", "1", "CREATED", "Einkauf"),
                event(2, "stadt-muenchen", "../../etc", "1", "CREATED", "Einbruch"))), 10);
        assertThatThrownBy(ingestion::step).isInstanceOf(IOException.class).hasMessageContaining("seq 2");
        assertThat(ingestion.progress()).isZero();
        assertThat(lake.resolve("bronze")).doesNotExist();
        assertThat(Files.exists(lake.getParent().resolve("etc"))).isFalse();
    }

    private void assertThatTheLakeHoldsTheLog() {
        for (String set : List.of("CostCenters", "Products")) {
            List<Long> bronze = spark.read().format("delta").load(lake.resolve("bronze").resolve(set).toString())
                    .orderBy("seq").collectAsList().stream().map(row -> row.getLong(row.fieldIndex("seq"))).toList();
            assertThat(bronze).as("bronze " + set + ": every change once")
                    .isEqualTo(LOG.stream().filter(entry -> entry.entitySet().equals(set)).map(ChangeEvent::seq).toList());
        }
        assertThat(silver("CostCenters")).containsExactlyInAnyOrderEntriesOf(Map.of(
                "stadt-muenchen/1", "{\"Name\":\"Einkauf Nord\"}", "stadt-muenchen/2", "{\"Name\":\"Vertrieb\"}"));
        assertThat(silver("Products")).containsExactlyInAnyOrderEntriesOf(Map.of(
                "stadt-muenchen/1", "{\"Name\":\"Recyclingpapier\"}", "bayern-werke/1", "{\"Name\":\"Stahl\"}"));
    }

    private Map<String, String> silver(String set) {
        Map<String, String> rows = new TreeMap<>();
        for (Row row : spark.read().format("delta").load(lake.resolve("silver").resolve(set).toString()).collectAsList()) {
            rows.put(row.getString(row.fieldIndex("tenant")) + "/" + row.getString(row.fieldIndex("entity_key")),
                    row.getString(row.fieldIndex("state")));
        }
        return rows;
    }
}
