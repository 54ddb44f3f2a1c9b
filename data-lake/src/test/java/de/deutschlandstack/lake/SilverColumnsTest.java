package de.deutschlandstack.lake;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Silver's columns come from the entity declarations (the platform's lake schema): each property a typed column named
 * as in the OData service, read from the change's state; a field the entity gains becomes a new column of its table.
 */
class SilverColumnsTest {

    private static final SparkSession spark = TestSpark.session();

    @TempDir
    Path lake;

    private static final List<ChangeSource.Column> ORDER = List.of(
            new ChangeSource.Column("ID", "id", "Int64", null, null, true),
            new ChangeSource.Column("OrderNumber", "orderNumber", "String", null, null, false),
            new ChangeSource.Column("NetAmount", "netAmount", "Decimal", 15, 2, false),
            new ChangeSource.Column("OrderDate", "orderDate", "Date", null, null, false),
            new ChangeSource.Column("CreatedAt", "createdAt", "DateTimeOffset", null, null, false),
            new ChangeSource.Column("Released", "released", "Boolean", null, null, false),
            new ChangeSource.Column("CustomerID", "customer", "String", null, null, false),
            // Would clash with the event's own column "state": stays in the state.
            new ChangeSource.Column("State", "state", "String", null, null, false));

    private static ChangeEvent order(long seq, String key, String json) {
        return new ChangeEvent(seq, "stadt-muenchen", "SalesOrders", key, seq == 1 ? "CREATED" : "UPDATED", json,
                Timestamp.from(Instant.parse("2026-11-27T10:00:00Z").plusSeconds(seq)));
    }

    @Test
    void silverHasATypedColumnPerDeclaredPropertyAndGainsNewOnes() throws IOException {
        ListedLog log = new ListedLog(List.of(order(1, "7", """
                {"id":"7","orderNumber":"SM-7","netAmount":1234.50,"orderDate":"2026-11-25",\
                "createdAt":"2026-11-27T14:25:53.059318Z","released":false,"customer":202,"state":"x"}""")),
                Map.of("SalesOrders", ORDER));
        LakeIngestion ingestion = new LakeIngestion(spark, lake, log, 10);
        ingestion.step();

        Dataset<Row> silver = spark.read().format("delta").load(lake.resolve("silver/SalesOrders").toString());
        Map<String, String> types = SilverTable.columns(spark, lake.resolve("silver/SalesOrders").toString());
        assertThat(types).containsEntry("ID", "bigint").containsEntry("OrderNumber", "string").containsEntry("NetAmount", "decimal(15,2)")
                .containsEntry("OrderDate", "date").containsEntry("CreatedAt", "timestamp").containsEntry("Released", "boolean")
                .containsEntry("CustomerID", "string").containsEntry("state", "string").doesNotContainKey("State");
        Row row = silver.first();
        assertThat(row.getLong(row.fieldIndex("ID"))).isEqualTo(7);
        assertThat(row.getDecimal(row.fieldIndex("NetAmount"))).isEqualByComparingTo(new BigDecimal("1234.50"));
        assertThat(row.getDate(row.fieldIndex("OrderDate")).toLocalDate()).isEqualTo(LocalDate.of(2026, 11, 25));
        assertThat(row.getTimestamp(row.fieldIndex("CreatedAt")).toInstant()).isEqualTo(Instant.parse("2026-11-27T14:25:53.059318Z"));
        assertThat(row.getBoolean(row.fieldIndex("Released"))).isFalse();
        assertThat(row.getString(row.fieldIndex("CustomerID"))).isEqualTo("202");

        // The entity gains a field: the platform's schema names it, and silver's table grows a column for it.
        List<ChangeSource.Column> withNote = new java.util.ArrayList<>(ORDER);
        withNote.add(new ChangeSource.Column("Note", "note", "String", null, null, false));
        ListedLog grown = new ListedLog(List.of(order(1, "7", "{}"), order(2, "8", """
                {"id":"8","orderNumber":"SM-8","netAmount":10,"orderDate":"2026-11-26","note":"Lieferung an Pforte 3"}""")),
                Map.of("SalesOrders", withNote));
        new LakeIngestion(spark, lake, grown, 10).step();
        Map<String, String> grownTypes = SilverTable.columns(spark, lake.resolve("silver/SalesOrders").toString());
        assertThat(grownTypes).containsEntry("Note", "string").containsEntry("NetAmount", "decimal(15,2)");
        List<Row> rows = spark.read().format("delta").load(lake.resolve("silver/SalesOrders").toString()).orderBy("ID").collectAsList();
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).isNullAt(rows.get(0).fieldIndex("Note"))).isTrue();
        assertThat(rows.get(1).getString(rows.get(1).fieldIndex("Note"))).isEqualTo("Lieferung an Pforte 3");
        assertThat(rows.get(1).getDecimal(rows.get(1).fieldIndex("NetAmount"))).isEqualByComparingTo("10.00");
    }
}
