package de.deutschlandstack.lake;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.crc32;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

/**
 * Checksums of the lake's tables per tenant, to reconcile the lake with the platform ({@code GET /checksums}): for each
 * silver table the number of rows and the sum of CRC-32s of each row's key, sequence number and state (UTF-8, joined by
 * a line feed; an absent state as empty), which the platform's current objects give as well from its change log's newest
 * entry per object; for each bronze table the number of rows and of distinct sequence numbers (equal: no change twice).
 * Reads every table whole: a tool for checks, not for every status request.
 */
final class LakeChecksums {

    private LakeChecksums() {
    }

    /** The CRC-32 a row contributes, as the platform's side computes it from its change log. */
    static Column rowChecksum() {
        return crc32(concat_ws("\n", col("entity_key"), col("seq").cast("string"), coalesce(col("state"), lit(""))).cast("binary"));
    }

    static Map<String, Map<String, Map<String, Long>>> of(SparkSession spark, Path root) throws IOException {
        Map<String, Map<String, Map<String, Long>>> tables = new LinkedHashMap<>();
        for (String set : LakeTables.entitySets(root, "silver")) {
            Dataset<Row> silver = spark.read().format("delta").load(root.resolve("silver").resolve(set).toString());
            tables.put("silver/" + set, perTenant(silver.groupBy("tenant").agg(count(lit(1)), sum(rowChecksum())), "rows", "checksum"));
        }
        for (String set : LakeTables.entitySets(root, "bronze")) {
            Dataset<Row> bronze = spark.read().format("delta").load(root.resolve("bronze").resolve(set).toString());
            tables.put("bronze/" + set, perTenant(bronze.groupBy("tenant").agg(count(lit(1)), countDistinct(col("seq"))),
                    "rows", "distinctSeqs"));
        }
        return tables;
    }

    private static Map<String, Map<String, Long>> perTenant(Dataset<Row> aggregates, String first, String second) {
        Map<String, Map<String, Long>> tenants = new java.util.TreeMap<>();
        for (Row row : aggregates.collectAsList()) {
            Map<String, Long> values = new LinkedHashMap<>();
            values.put(first, row.getLong(1));
            values.put(second, row.isNullAt(2) ? 0 : row.getLong(2));
            tenants.put(row.getString(0), values);
        }
        return tenants;
    }
}
