package de.deutschlandstack.erp.schema;

import de.deutschlandstack.core.schema.JavaSchemaMigration;
import org.flywaydb.core.api.migration.Context;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Version 2.0: brings every database the foundation left behind to one shape before 2.1 builds on it. Such a database
 * may come from the foundation itself (single-column foreign keys under Hibernate's generated names) or from its
 * hardening (composite tenant keys that Hibernate's update added); on H2, Hibernate made enum attributes native
 * {@code ENUM} columns, on PostgreSQL {@code varchar} with unnamed-by-us checks. This step drops whatever foreign
 * keys and {@code (id, tenant)} keys the four foundation tables have, makes enum columns {@code varchar} with checks
 * named {@code ck_<table>_<column>}, so 2.1 can add the keys it declares under names it knows.
 */
public class FoundationSchemaNormalization extends JavaSchemaMigration {

    private static final List<String> TABLES = List.of("business_partner", "product", "sales_order", "sales_order_item");

    /** The foundation's enum columns: their length and the values their check allows. */
    private static final Map<String, String[]> ENUMS = Map.of(
            "business_partner.role", new String[]{"24", "'CUSTOMER', 'SUPPLIER', 'CUSTOMER_AND_SUPPLIER'"},
            "sales_order.status", new String[]{"16", "'OPEN', 'RELEASED', 'SHIPPED', 'INVOICED', 'CANCELLED'"});

    public FoundationSchemaNormalization() {
        super("2.0", "normalize the foundation schema");
    }

    @Override
    public void migrate(Context context) throws SQLException {
        Connection connection = context.getConnection();
        try (Statement statement = connection.createStatement()) {
            for (String[] foreignKey : constraints(connection, "FOREIGN KEY")) {
                statement.execute("alter table " + foreignKey[0] + " drop constraint " + quoted(foreignKey[1]));
            }
            for (String table : TABLES) {
                statement.execute("alter table " + table + " drop constraint if exists uk_" + table + "_id_tenant");
            }
            for (String[] check : constraints(connection, "CHECK")) {
                statement.execute("alter table " + check[0] + " drop constraint " + quoted(check[1]));
            }
            for (Map.Entry<String, String[]> column : ENUMS.entrySet()) {
                String table = column.getKey().substring(0, column.getKey().indexOf('.'));
                String name = column.getKey().substring(column.getKey().indexOf('.') + 1);
                statement.execute("alter table " + table + " alter column " + name + " set data type varchar(" + column.getValue()[0] + ")");
                statement.execute("alter table " + table + " add constraint ck_" + table + "_" + name
                        + " check (" + name + " in (" + column.getValue()[1] + "))");
            }
        }
    }

    /** The constraints of this type on the foundation tables, as {table, name}, with the name as the database spells it. */
    private static List<String[]> constraints(Connection connection, String type) throws SQLException {
        List<String[]> found = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement(
                "select table_name, constraint_name from information_schema.table_constraints"
                        + " where constraint_type = ? and lower(table_name) in ('business_partner', 'product', 'sales_order', 'sales_order_item')"
                        + " and table_schema = current_schema")) {
            query.setString(1, type);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    String name = rows.getString(2);
                    // PostgreSQL reports NOT NULL as checks named <oid>_<oid>_<n>_not_null: those stay.
                    if (!name.toLowerCase().endsWith("_not_null")) {
                        found.add(new String[]{rows.getString(1).toLowerCase(), name});
                    }
                }
            }
        }
        return found;
    }

    private static String quoted(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }
}
