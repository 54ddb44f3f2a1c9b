package de.deutschlandstack.lake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;

import static de.deutschlandstack.lake.LakeIngestionTest.event;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Another engine reads the lake's tables: DuckDB (its JDBC driver, offline, no extension) reads a silver table's active
 * files, found through the Delta log as the Delta protocol says (the newest checkpoint, then the commits after it: a
 * file is active once added and until removed), with the tenant from the log's partition values, and gets the rows
 * Spark gets. A plain glob of the table's directory would not: it also finds the files that MERGE replaced.
 */
class DuckDbReaderTest {

    private static final SparkSession spark = TestSpark.session();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path lake;

    /** A data file of the table and its partition's tenant, as the log lists it. */
    private record ActiveFile(Path file, String tenant) {
    }

    @Test
    void duckDbReadsTheActiveFilesOfASilverTableAsSparkDoes() throws IOException, SQLException {
        List<ChangeEvent> log = new ArrayList<>();
        long seq = 0;
        // Twelve batches of changes to the same objects: enough commits for a checkpoint, and files MERGE replaced.
        for (int round = 0; round < 12; round++) {
            for (String tenant : List.of("stadt-muenchen", "bayern-werke")) {
                for (int key = 1; key <= 3; key++) {
                    String operation = round == 0 ? "CREATED" : round == 11 && key == 3 ? "DELETED" : "UPDATED";
                    log.add(event(++seq, tenant, "Products", String.valueOf(key), operation,
                            operation.equals("DELETED") ? null : "Produkt " + key + " Stand " + round));
                }
            }
        }
        // A checkpoint every 5 commits (the lake's tables make one every 100), so that the reader meets one.
        String interval = "spark.databricks.delta.properties.defaults.checkpointInterval";
        String lakeInterval = spark.conf().get(interval);
        spark.conf().set(interval, "5");
        try {
            LakeIngestion ingestion = new LakeIngestion(spark, lake, new ListedLog(log), 6);
            while (ingestion.step().changes() > 0) {
                // until up to date
            }
        } finally {
            spark.conf().set(interval, lakeInterval);
        }
        Path table = lake.resolve("silver/Products");
        assertThat(table.resolve("_delta_log/_last_checkpoint")).as("the log was checkpointed").exists();

        TreeSet<String> bySpark = new TreeSet<>();
        for (Row row : spark.read().format("delta").load(table.toString()).collectAsList()) {
            bySpark.add(row.getString(row.fieldIndex("tenant")) + "|" + row.getString(row.fieldIndex("entity_key")) + "|"
                    + row.getLong(row.fieldIndex("seq")) + "|" + row.getString(row.fieldIndex("state")));
        }
        assertThat(bySpark).hasSize(4).allSatisfy(row -> assertThat(row).contains("Stand 11"));

        try (Connection duckDb = DriverManager.getConnection("jdbc:duckdb:")) {
            TreeSet<String> byDuckDb = new TreeSet<>();
            for (ActiveFile active : activeFiles(duckDb, table)) {
                try (PreparedStatement read = duckDb.prepareStatement("select entity_key, seq, state from read_parquet(?)")) {
                    read.setString(1, active.file().toString());
                    try (ResultSet rows = read.executeQuery()) {
                        while (rows.next()) {
                            byDuckDb.add(active.tenant() + "|" + rows.getString(1) + "|" + rows.getLong(2) + "|" + rows.getString(3));
                        }
                    }
                }
            }
            assertThat(byDuckDb).isEqualTo(bySpark);
            try (PreparedStatement glob = duckDb.prepareStatement("select count(*) from read_parquet(?, hive_partitioning = true)")) {
                glob.setString(1, table + "/tenant=*/*.parquet");
                try (ResultSet count = glob.executeQuery()) {
                    count.next();
                    assertThat(count.getLong(1)).as("rows of every file in the directory, replaced ones included").isGreaterThan(4);
                }
            }
        }
    }

    /** The table's active files: the newest checkpoint's, then those the later commits add, less those they remove. */
    private static List<ActiveFile> activeFiles(Connection duckDb, Path table) throws IOException, SQLException {
        Path log = table.resolve("_delta_log");
        Map<String, String> active = new LinkedHashMap<>();
        long checkpoint = -1;
        if (Files.exists(log.resolve("_last_checkpoint"))) {
            checkpoint = JSON.readTree(log.resolve("_last_checkpoint").toFile()).path("version").asLong();
            try (PreparedStatement adds = duckDb.prepareStatement("select \"add\".path, \"add\".partitionValues['tenant'],"
                    + " \"add\".deletionVector is null from read_parquet(?) where \"add\" is not null")) {
                adds.setString(1, log.resolve(String.format("%020d.checkpoint.parquet", checkpoint)).toString());
                try (ResultSet rows = adds.executeQuery()) {
                    while (rows.next()) {
                        assertThat(rows.getBoolean(3)).as("no deletion vectors to apply").isTrue();
                        active.put(rows.getString(1), rows.getString(2));
                    }
                }
            }
        }
        List<Path> commits;
        try (Stream<Path> files = Files.list(log)) {
            commits = files.filter(f -> f.getFileName().toString().matches("\\d{20}\\.json")).sorted().toList();
        }
        for (Path commit : commits) {
            if (Long.parseLong(commit.getFileName().toString().substring(0, 20)) <= checkpoint) {
                continue;
            }
            for (String line : Files.readAllLines(commit, StandardCharsets.UTF_8)) {
                JsonNode action = JSON.readTree(line);
                if (action.has("add")) {
                    assertThat(action.path("add").path("deletionVector").isMissingNode() || action.path("add").path("deletionVector").isNull())
                            .as("no deletion vectors to apply").isTrue();
                    active.put(action.path("add").path("path").asText(), action.path("add").path("partitionValues").path("tenant").asText());
                } else if (action.has("remove")) {
                    active.remove(action.path("remove").path("path").asText());
                }
            }
        }
        List<ActiveFile> files = new ArrayList<>();
        active.forEach((path, tenant) -> files.add(new ActiveFile(table.resolve(URLDecoder.decode(path, StandardCharsets.UTF_8)), tenant)));
        return files;
    }
}
