package de.deutschlandstack.erp.schema;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a database's schema is, as lines that compare equal when two schemas are the same: tables and columns with
 * their types, primary, unique and foreign keys with their names, the platform's named indexes and the sequences.
 * Check constraints and the indexes a database adds by itself for its keys are left out.
 */
final class SchemaSnapshot {

    private SchemaSnapshot() {
    }

    static TreeSet<String> of(Connection connection) throws SQLException {
        TreeSet<String> lines = new TreeSet<>();
        DatabaseMetaData meta = connection.getMetaData();
        String schema = connection.getSchema();
        List<String> tables = new ArrayList<>();
        try (ResultSet rows = meta.getTables(null, schema, "%", new String[]{"TABLE"})) {
            while (rows.next()) {
                String table = lower(rows.getString("TABLE_NAME"));
                if (!table.equals("schema_history")) {
                    tables.add(table);
                }
            }
        }
        for (String table : tables) {
            String name = spelled(meta, table);
            try (ResultSet rows = meta.getColumns(null, schema, name, "%")) {
                while (rows.next()) {
                    lines.add("table " + table + " column " + lower(rows.getString("COLUMN_NAME")) + " "
                            + type(rows.getString("TYPE_NAME"), rows.getInt("COLUMN_SIZE"), rows.getInt("DECIMAL_DIGITS"))
                            + (rows.getInt("NULLABLE") == DatabaseMetaData.columnNoNulls ? " not null" : " null"));
                }
            }
            Map<Integer, String> primaryKey = new TreeMap<>();
            try (ResultSet rows = meta.getPrimaryKeys(null, schema, name)) {
                while (rows.next()) {
                    primaryKey.put(rows.getInt("KEY_SEQ"), lower(rows.getString("COLUMN_NAME")));
                }
            }
            lines.add("table " + table + " primary key " + primaryKey.values());
            Map<String, Map<Integer, String>> foreignKeys = new TreeMap<>();
            try (ResultSet rows = meta.getImportedKeys(null, schema, name)) {
                while (rows.next()) {
                    String key = lower(rows.getString("FK_NAME")) + " -> " + lower(rows.getString("PKTABLE_NAME"))
                            + " on delete " + deleteRule(rows.getShort("DELETE_RULE"));
                    foreignKeys.computeIfAbsent(key, k -> new TreeMap<>()).put((int) rows.getShort("KEY_SEQ"),
                            lower(rows.getString("FKCOLUMN_NAME")) + "=" + lower(rows.getString("PKCOLUMN_NAME")));
                }
            }
            foreignKeys.forEach((key, columns) -> lines.add("table " + table + " foreign key " + key + " " + columns.values()));
            Map<String, Map<Integer, String>> indexes = new TreeMap<>();
            try (ResultSet rows = meta.getIndexInfo(null, schema, name, false, false)) {
                while (rows.next()) {
                    String index = lower(rows.getString("INDEX_NAME"));
                    if (index != null && index.startsWith("ix_")) {
                        indexes.computeIfAbsent(index, k -> new TreeMap<>()).put((int) rows.getShort("ORDINAL_POSITION"),
                                lower(rows.getString("COLUMN_NAME")));
                    }
                }
            }
            indexes.forEach((index, columns) -> lines.add("table " + table + " index " + index + " " + columns.values()));
        }
        try (Statement statement = connection.createStatement()) {
            try (ResultSet rows = statement.executeQuery("select tc.table_name, tc.constraint_name, k.column_name, k.ordinal_position"
                    + " from information_schema.table_constraints tc join information_schema.key_column_usage k"
                    + " on k.constraint_name = tc.constraint_name and k.table_name = tc.table_name"
                    + " where tc.constraint_type = 'UNIQUE' and tc.table_schema = current_schema"
                    + " order by tc.constraint_name, k.ordinal_position")) {
                Map<String, List<String>> uniques = new TreeMap<>();
                while (rows.next()) {
                    uniques.computeIfAbsent("table " + lower(rows.getString(1)) + " unique " + lower(rows.getString(2)),
                            k -> new ArrayList<>()).add(lower(rows.getString(3)));
                }
                uniques.forEach((key, columns) -> lines.add(key + " " + columns));
            }
            try (ResultSet rows = statement.executeQuery("select sequence_name, increment from information_schema.sequences"
                    + " where sequence_schema = current_schema")) {
                while (rows.next()) {
                    lines.add("sequence " + lower(rows.getString(1)) + " increment " + rows.getLong(2));
                }
            }
        }
        return lines;
    }

    private static String type(String name, int size, int digits) {
        String type = name.toLowerCase(Locale.ROOT);
        if (type.equals("enum")) {
            return "enum";
        }
        if (type.contains("char")) {
            return "varchar(" + size + ")";
        }
        if (type.equals("numeric") || type.equals("decimal")) {
            return "numeric(" + size + "," + digits + ")";
        }
        return type;
    }

    private static String deleteRule(short rule) {
        return rule == DatabaseMetaData.importedKeyCascade ? "cascade" : "no action";
    }

    /** The table's name as the database stores it (H2 upper case, PostgreSQL lower case). */
    private static String spelled(DatabaseMetaData meta, String table) throws SQLException {
        return meta.storesUpperCaseIdentifiers() ? table.toUpperCase(Locale.ROOT) : table;
    }

    private static String lower(String name) {
        return name == null ? null : name.toLowerCase(Locale.ROOT);
    }
}
