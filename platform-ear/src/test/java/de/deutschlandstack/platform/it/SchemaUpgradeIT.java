package de.deutschlandstack.platform.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server migrates its database when it starts. The PostgreSQL run starts from a database the foundation left
 * (its schema made by Hibernate's update, its demo data): the server takes it as version 1.1 and migrates it, and
 * every foundation row is still there, now with the values the new schema adds. The H2 run starts empty and is
 * built by all migrations.
 */
class SchemaUpgradeIT extends PlatformIT {

    private static final boolean FROM_FOUNDATION = "postgresql".equals(System.getProperty("it.database"));

    private Connection database() throws SQLException {
        return DriverManager.getConnection(System.getProperty("it.db.url"), System.getProperty("it.db.user"),
                System.getProperty("it.db.password"));
    }

    @Test
    void theServerMigratedTheDatabaseWhenItStarted() throws SQLException {
        try (Connection connection = database(); Statement sql = connection.createStatement()) {
            assertThat(count(sql, "select count(*) from \"schema_history\" where not \"success\"")).isZero();
            assertThat(count(sql, "select count(*) from \"schema_history\" where \"version\" = '2.3'")).isEqualTo(1);
            // A foundation database is taken as version 1.1, not rebuilt; an empty one runs every migration.
            assertThat(count(sql, "select count(*) from \"schema_history\" where \"type\" = 'BASELINE' and \"version\" = '1.1'"))
                    .isEqualTo(FROM_FOUNDATION ? 1 : 0);
            assertThat(count(sql, "select count(*) from \"schema_history\" where \"version\" in ('1.0', '1.1') and \"type\" = 'SQL'"))
                    .isEqualTo(FROM_FOUNDATION ? 0 : 2);
        }
    }

    @Test
    void aFoundationOrderKeepsItsValuesAndGainsItsTax() {
        if (!FROM_FOUNDATION) {
            // The H2 run's orders come from this version's demo data; theServerMigratedTheDatabaseWhenItStarted covers it.
            return;
        }
        JsonNode order = as(ANNA).get("SalesOrders(1)?$expand=Customer($select=PartnerNumber)").json();
        assertThat(order.path("OrderNumber").asText()).isEqualTo("SM-000001");
        assertThat(order.path("OrderDate").asText()).isEqualTo("2026-08-04");
        assertThat(order.path("Status").asText()).isEqualTo("SHIPPED");
        assertThat(order.path("Customer").path("PartnerNumber").asText()).isEqualTo("BP-10026");
        assertThat(order.path("NetAmount").decimalValue()).isEqualByComparingTo("25680.56");
        assertThat(order.path("TaxAmount").decimalValue()).isEqualByComparingTo("4879.31");
        assertThat(order.path("GrossAmount").decimalValue()).isEqualByComparingTo("30559.87");
        // Every tenant the foundation knew has its code lists: Ben's too.
        assertThat(as(BEN).get("TaxCodes('U7')").json().path("Rate").decimalValue()).isEqualByComparingTo("7");
    }

    private static long count(Statement sql, String query) throws SQLException {
        try (ResultSet rows = sql.executeQuery(query)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
