package de.deutschlandstack.lake;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static de.deutschlandstack.lake.LakeIngestionTest.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Erasures in the lake on a real local Spark: after a data subject's or a tenant's erasure, no table, no file the tables
 * ever wrote (not one a time travel could read) and no line of the Delta log holds the erased values.
 */
class LakeEraserTest {

    private static final SparkSession spark = TestSpark.session();
    /**
     * Short enough that Delta's statistics, which keep a string's first 32 characters, would hold it whole (after
     * {@code {"Name":"}) if they were kept of a state.
     */
    private static final String SECRET = "geheim@dsgvo.example";

    @TempDir
    Path lake;

    private static void untilCaughtUp(LakeIngestion ingestion) throws IOException {
        for (int i = 0; i < 20; i++) {
            LakeIngestion.Step step = ingestion.step();
            if (step.caughtUp() && step.changes() == 0 && step.erasures() == 0) {
                return;
            }
        }
        throw new AssertionError("the lake never caught up");
    }

    @Test
    void aSubjectsErasureLeavesNoStateOfItInTheTablesTheirFilesOrTheirLog() throws IOException {
        // Typed columns too: silver's Name holds the secret as a column of its own, as the platform's schema makes it.
        ListedLog log = new ListedLog(List.of(
                event(1, "stadt-muenchen", "ContactPersons", "7", "CREATED", SECRET),
                event(2, "stadt-muenchen", "ContactPersons", "8", "CREATED", "Bleibt"),
                event(3, "stadt-muenchen", "ContactPersons", "7", "UPDATED", SECRET + " (neu)"),
                event(4, "bayern-werke", "ContactPersons", "7", "CREATED", "Andere Firma")),
                Map.of("ContactPersons", List.of(new ChangeSource.Column("ID", "id", "Int64", null, null, true),
                        new ChangeSource.Column("Name", "Name", "String", null, null, false))));
        LakeIngestion ingestion = new LakeIngestion(spark, lake, log, 2);
        untilCaughtUp(ingestion);
        assertThat(everything(lake)).as("planted: the lake holds the secret before the erasure").contains(SECRET);
        for (String table : List.of("bronze/ContactPersons", "silver/ContactPersons")) {
            Map<String, String> properties = scala.jdk.javaapi.CollectionConverters.asJava(
                    io.delta.tables.DeltaTable.forPath(spark, lake.resolve(table).toString()).detail().first().<scala.collection.Map<String, String>>getAs("properties"));
            assertThat(properties).as(table).containsEntry("delta.dataSkippingStatsColumns", LakeTables.STATS_COLUMNS)
                    .containsEntry("delta.enableDeletionVectors", "false");
        }

        // The platform anonymises the subject (its earlier states cleared in the log) and records the erasure up to that
        // change; afterwards the object changes again, and that state is no erased one.
        log.append(event(5, "stadt-muenchen", "ContactPersons", "7", "UPDATED", "anonymisiert"));
        log.erase(new ChangeSource.Erasure(1, "stadt-muenchen", "ContactPersons", "7", 5));
        log.append(event(6, "stadt-muenchen", "ContactPersons", "7", "UPDATED", "Neuer Name"));
        untilCaughtUp(ingestion);

        assertThat(log.openErasures()).as("reported applied").isEmpty();
        List<Row> bronze = spark.read().format("delta").load(lake.resolve("bronze/ContactPersons").toString()).orderBy("seq").collectAsList();
        assertThat(bronze).hasSize(6);
        assertThat(bronze).filteredOn(row -> row.getString(row.fieldIndex("tenant")).equals("stadt-muenchen")
                        && row.getString(row.fieldIndex("entity_key")).equals("7"))
                .as("the history of the object stays, without its states up to the erasure")
                .extracting(row -> row.getLong(row.fieldIndex("seq")) + " " + row.getString(row.fieldIndex("state")))
                .containsExactly("1 null", "3 null", "5 null", "6 {\"Name\":\"Neuer Name\"}");
        assertThat(bronze).filteredOn(row -> row.getString(row.fieldIndex("tenant")).equals("bayern-werke"))
                .as("another tenant's object with the same key is untouched")
                .allSatisfy(row -> assertThat(row.getString(row.fieldIndex("state"))).contains("Andere Firma"));
        assertThat(spark.read().format("delta").load(lake.resolve("silver/ContactPersons").toString())
                .where("tenant = 'stadt-muenchen' and entity_key = '7'").first().<String>getAs("Name")).isEqualTo("Neuer Name");
        assertThat(everything(lake)).as("every data file and every line of the Delta logs").doesNotContain(SECRET);
        // Time travel to a version from before the erasure finds nothing of it either: its files are gone.
        for (long version = 0; version < 3; version++) {
            long v = version;
            Throwable travel = catchThrowable(() -> assertThat(spark.read().format("delta").option("versionAsOf", v)
                    .load(lake.resolve("bronze/ContactPersons").toString()).collectAsList().toString()).doesNotContain(SECRET));
            if (travel instanceof AssertionError failed) {
                throw failed;
            }
        }
    }

    @Test
    void aTenantsErasureEmptiesItsPartitionsEverywhere() throws IOException {
        ListedLog log = new ListedLog(List.of(
                event(1, "alt-gmbh", "CostCenters", "1", "CREATED", SECRET),
                event(2, "stadt-muenchen", "CostCenters", "1", "CREATED", "Einkauf"),
                event(3, "alt-gmbh", "Products", "1", "CREATED", SECRET),
                event(4, "alt-gmbh", "Products", "1", "UPDATED", SECRET + " 2")));
        LakeIngestion ingestion = new LakeIngestion(spark, lake, log, 10);
        untilCaughtUp(ingestion);
        assertThat(everything(lake)).contains(SECRET);

        log.erase(new ChangeSource.Erasure(1, "alt-gmbh", null, null, 4));
        untilCaughtUp(ingestion);

        for (String table : List.of("bronze/CostCenters", "silver/CostCenters", "bronze/Products", "silver/Products")) {
            assertThat(spark.read().format("delta").load(lake.resolve(table).toString()).where("tenant = 'alt-gmbh'").count())
                    .as(table).isZero();
        }
        assertThat(spark.read().format("delta").load(lake.resolve("silver/CostCenters").toString()).count()).isOne();
        assertThat(everything(lake)).doesNotContain(SECRET);
    }

    /**
     * Every data file under the lake, read as rows (one read for the tables' files, whatever table or version they belong
     * to, one for the log's checkpoints), and every other file of the lake as text, together.
     */
    private static String everything(Path root) throws IOException {
        StringBuilder all = new StringBuilder();
        List<String> dataFiles = new java.util.ArrayList<>();
        List<String> checkpoints = new java.util.ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                if (!file.getFileName().toString().endsWith(".parquet")) {
                    // The log's commits and checksums (JSON), Hadoop's checksums of the files (binary: searched as they are).
                    all.append(new String(Files.readAllBytes(file), StandardCharsets.UTF_8)).append('\n');
                } else if (file.toString().contains("_delta_log")) {
                    checkpoints.add(file.toString());
                } else {
                    dataFiles.add(file.toString());
                }
            }
        }
        for (List<String> files : List.of(dataFiles, checkpoints)) {
            if (!files.isEmpty()) {
                spark.read().option("mergeSchema", "true").parquet(files.toArray(String[]::new)).collectAsList()
                        .forEach(row -> all.append(row).append('\n'));
            }
        }
        return all.toString();
    }
}
