package de.deutschlandstack.lake;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.from_json;

/**
 * Silver's typed columns: a change's state (JSON, by the entity's attribute names) read into one column per property of
 * the entity's declaration, named as the OData service names it ({@code NetAmount}, {@code OrderDate},
 * {@code CustomerID}), with the EDM type's Spark type. The event's own columns keep their names; a property that would
 * clash with one of them (Spark compares names without case) stays in the state alone.
 */
final class SilverColumns {

    private static final Set<String> EVENT_COLUMNS = java.util.Arrays.stream(ChangeEvent.SCHEMA.fieldNames())
            .map(name -> name.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());

    private SilverColumns() {
    }

    /** {@code newest} (rows of {@link ChangeEvent#SCHEMA}) with the typed columns after the event's. */
    static Dataset<Row> typed(Dataset<Row> newest, List<ChangeSource.Column> columns) {
        List<ChangeSource.Column> usable = columns.stream()
                .filter(column -> !EVENT_COLUMNS.contains(column.name().toLowerCase(Locale.ROOT))).toList();
        if (usable.isEmpty()) {
            return newest;
        }
        StructType state = new StructType();
        for (ChangeSource.Column column : usable) {
            if (!column.key()) {
                state = state.add(column.attribute(), sparkType(column), true);
            }
        }
        List<Column> selected = new ArrayList<>();
        for (String name : ChangeEvent.SCHEMA.fieldNames()) {
            selected.add(col(name));
        }
        Column parsed = from_json(col("state"), state, Map.of("mode", "PERMISSIVE"));
        for (ChangeSource.Column column : usable) {
            Column value = column.key() ? col("entity_key").cast(sparkType(column)) : parsed.getField(column.attribute());
            selected.add(value.as(column.name()));
        }
        return newest.select(selected.toArray(Column[]::new));
    }

    /** The Spark type of an EDM type: numbers and dates as such, everything else as text. */
    static DataType sparkType(ChangeSource.Column column) {
        return switch (column.type()) {
            case "Boolean" -> DataTypes.BooleanType;
            case "Byte", "SByte", "Int16", "Int32" -> DataTypes.IntegerType;
            case "Int64" -> DataTypes.LongType;
            case "Single", "Double" -> DataTypes.DoubleType;
            case "Decimal" -> DataTypes.createDecimalType(column.precision() == null ? 38 : Math.min(38, column.precision()),
                    column.scale() == null ? 10 : column.scale());
            case "Date" -> DataTypes.DateType;
            case "DateTimeOffset" -> DataTypes.TimestampType;
            default -> DataTypes.StringType;
        };
    }
}
