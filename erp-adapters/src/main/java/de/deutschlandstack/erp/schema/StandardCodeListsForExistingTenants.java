package de.deutschlandstack.erp.schema;

import de.deutschlandstack.core.schema.JavaSchemaMigration;
import de.deutschlandstack.erp.codelists.StandardCodeLists;
import org.flywaydb.core.api.migration.Context;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Version 2.2: every tenant the database knows (from its users and its business rows) gets the standard code lists
 * and chart of accounts, so that 2.3 can make the codes its rows hold foreign keys. A code in use that the standard
 * lists lack (a unit someone typed) is added under its own code as name: no row loses its value.
 */
public class StandardCodeListsForExistingTenants extends JavaSchemaMigration {

    public StandardCodeListsForExistingTenants() {
        super("2.2", "standard code lists for existing tenants");
    }

    @Override
    public void migrate(Context context) throws SQLException {
        Connection connection = context.getConnection();
        boolean postgres = connection.getMetaData().getDatabaseProductName().toLowerCase().contains("postgres");
        // Ids straight from the sequences: each value is a block Hibernate's pooled generator then never hands out.
        String next = postgres ? "nextval('%s')" : "next value for %s";
        for (String tenant : tenants(connection)) {
            for (StandardCodeLists.CurrencyCode c : StandardCodeLists.CURRENCIES) {
                insert(connection, "insert into currency (id, code, tenant, version, name, decimals) values ("
                        + next.formatted("currency_seq") + ", ?, ?, 0, ?, ?)",
                        "currency", "code", c.code(), tenant, c.code(), tenant, c.name(), c.decimals());
            }
            for (StandardCodeLists.CountryCode c : StandardCodeLists.COUNTRIES) {
                insert(connection, "insert into country (id, code, tenant, version, name, eu_member) values ("
                        + next.formatted("country_seq") + ", ?, ?, 0, ?, ?)",
                        "country", "code", c.code(), tenant, c.code(), tenant, c.name(), c.euMember());
            }
            for (StandardCodeLists.Unit u : StandardCodeLists.UNITS) {
                insert(connection, "insert into unit_of_measure (id, code, tenant, version, name) values ("
                        + next.formatted("unit_of_measure_seq") + ", ?, ?, 0, ?)",
                        "unit_of_measure", "code", u.code(), tenant, u.code(), tenant, u.name());
            }
            for (StandardCodeLists.Tax t : StandardCodeLists.TAX_CODES) {
                insert(connection, "insert into tax_code (id, code, tenant, version, description, rate, direction, net_account, tax_account)"
                                + " values (" + next.formatted("tax_code_seq") + ", ?, ?, 0, ?, ?, ?, ?, ?)", "tax_code", "code", t.code(), tenant,
                        t.code(), tenant, t.description(), t.rate(), t.direction(), t.netAccount(), t.taxAccount());
            }
            for (StandardCodeLists.Account a : StandardCodeLists.ACCOUNTS) {
                insert(connection, "insert into gl_account (id, tenant, version, account_number, name, account_type, active)"
                                + " values (" + next.formatted("gl_account_seq") + ", ?, 0, ?, ?, ?, true)", "gl_account", "account_number", a.number(), tenant,
                        tenant, a.number(), a.name(), a.type());
            }
        }
        // Codes in use that no standard list has.
        try (Statement statement = connection.createStatement()) {
            statement.execute("insert into currency (id, code, tenant, version, name, decimals)"
                    + " select " + next.formatted("currency_seq") + ", u.currency, u.tenant, 0, u.currency, 2 from"
                    + " (select currency, tenant from product union select currency, tenant from sales_order) u"
                    + " where not exists (select 1 from currency c where c.code = u.currency and c.tenant = u.tenant)");
            statement.execute("insert into unit_of_measure (id, code, tenant, version, name)"
                    + " select " + next.formatted("unit_of_measure_seq") + ", u.code, u.tenant, 0, u.code from"
                    + " (select distinct unit_of_measure code, tenant from product) u"
                    + " where not exists (select 1 from unit_of_measure m where m.code = u.code and m.tenant = u.tenant)");
            statement.execute("insert into country (id, code, tenant, version, name, eu_member)"
                    + " select " + next.formatted("country_seq") + ", u.code, u.tenant, 0, u.code, false from"
                    + " (select distinct country code, tenant from business_partner where country is not null) u"
                    + " where not exists (select 1 from country c where c.code = u.code and c.tenant = u.tenant)");
        }
    }

    private static List<String> tenants(Connection connection) throws SQLException {
        List<String> tenants = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("select tenant from platform_user union select tenant from business_partner"
                     + " union select tenant from product union select tenant from sales_order order by 1")) {
            while (rows.next()) {
                tenants.add(rows.getString(1));
            }
        }
        return tenants;
    }

    /** Runs the insert unless the tenant already has a row with this code. */
    private static void insert(Connection connection, String insert, String table, String codeColumn, String code,
                               String tenant, Object... values) throws SQLException {
        try (PreparedStatement exists = connection.prepareStatement(
                "select 1 from " + table + " where " + codeColumn + " = ? and tenant = ?")) {
            exists.setString(1, code);
            exists.setString(2, tenant);
            try (ResultSet rows = exists.executeQuery()) {
                if (rows.next()) {
                    return;
                }
            }
        }
        try (PreparedStatement statement = connection.prepareStatement(insert)) {
            for (int i = 0; i < values.length; i++) {
                statement.setObject(i + 1, values[i]);
            }
            statement.executeUpdate();
        }
    }
}
