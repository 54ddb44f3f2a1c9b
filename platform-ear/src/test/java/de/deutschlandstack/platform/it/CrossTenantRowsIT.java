package de.deutschlandstack.platform.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A row of one tenant that references another tenant's parent must never exist, and where it does anyway
 * (constraints bypassed, as a careless import might), no URL shows it to the parent's tenant, and deleting the
 * parent does not delete it. Planted with plain SQL on the database the server runs on (H2 or PostgreSQL).
 */
class CrossTenantRowsIT extends PlatformIT {

    private static final long PLANTED = 990_001L;
    private static final String DATABASE = System.getProperty("it.database");

    private Connection database() throws SQLException {
        return DriverManager.getConnection(System.getProperty("it.db.url"), System.getProperty("it.db.user"),
                System.getProperty("it.db.password"));
    }

    private static String plantedItem(long annasOrder, long bensProduct) {
        return "insert into sales_order_item (id, tenant, version, order_id, item_number, product_id, quantity, unit_price, net_amount,"
                + " tax_code, tax_rate) values (" + PLANTED + ", 'bayern-werke', 0, " + annasOrder + ", 999, " + bensProduct
                + ", 1, 4242, 4242, 'U19', 19)";
    }

    /** Inserts Ben's item under Anna's order with the database's reference checks switched off. */
    private void plantBypassingConstraints(long annasOrder, long bensProduct) throws SQLException {
        try (Connection connection = database(); Statement sql = connection.createStatement()) {
            if (DATABASE.equals("postgresql")) {
                sql.execute("set session_replication_role = replica");
                sql.execute(plantedItem(annasOrder, bensProduct));
                sql.execute("set session_replication_role = origin");
            } else {
                sql.execute("set referential_integrity false");
                try {
                    sql.execute(plantedItem(annasOrder, bensProduct));
                } finally {
                    sql.execute("set referential_integrity true");
                }
            }
        }
    }

    @AfterEach
    void removePlantedRow() throws SQLException {
        try (Connection connection = database(); Statement sql = connection.createStatement()) {
            sql.execute("delete from sales_order_item where id = " + PLANTED);
        }
    }

    private long annasNewOrderWithOneItem() {
        ODataClient anna = as(ANNA);
        long customer = anna.get("BusinessPartners?$top=1&$select=ID").rows().get(0).path("ID").asLong();
        long product = anna.get("Products?$top=1&$select=ID").rows().get(0).path("ID").asLong();
        ODataClient.Response order = anna.post("SalesOrders", "{\"OrderNumber\":\"SM-X" + System.nanoTime() % 100_000_000
                + "\",\"OrderDate\":\"2026-11-25\",\"Customer@odata.bind\":\"BusinessPartners(" + customer + ")\"}");
        assertThat(order.status()).as(order.body()).isEqualTo(201);
        long orderId = order.json().path("ID").asLong();
        ODataClient.Response item = anna.post("SalesOrderItems", "{\"ItemNumber\":10,\"Quantity\":1,\"UnitPrice\":5,"
                + "\"Order@odata.bind\":\"SalesOrders(" + orderId + ")\",\"Product@odata.bind\":\"Products(" + product + ")\"}");
        assertThat(item.status()).as(item.body()).isEqualTo(201);
        return orderId;
    }

    private long bensProduct() {
        return as(BEN).get("Products?$top=1&$select=ID").rows().get(0).path("ID").asLong();
    }

    @Test
    void theDatabaseRefusesARowThatPointsIntoAnotherTenant() throws SQLException {
        long order = annasNewOrderWithOneItem();
        long product = bensProduct();
        try (Connection connection = database(); Statement sql = connection.createStatement()) {
            assertThatThrownBy(() -> sql.execute(plantedItem(order, product)))
                    .isInstanceOf(SQLException.class)
                    // 23503 on PostgreSQL, 23506 on H2: a foreign key violation, and the composite key is the one violated.
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isIn("23503", "23506"))
                    .satisfies(e -> assertThat(e.getMessage().toLowerCase()).contains("fk_sales_order_item_order_id"));
        }
    }

    @Test
    void noUrlShowsAnotherTenantsChildUnderMyOrder() throws SQLException {
        long order = annasNewOrderWithOneItem();
        plantBypassingConstraints(order, bensProduct());
        ODataClient anna = as(ANNA);

        assertThat(anna.get("SalesOrders(" + order + ")/Items").rows()).hasSize(1)
                .allSatisfy(item -> assertThat(item.path("ID").asLong()).isNotEqualTo(PLANTED));
        assertThat(anna.get("SalesOrders(" + order + ")/Items/$count").body()).isEqualTo("1");
        assertThat(anna.get("SalesOrders(" + order + ")/Items(" + PLANTED + ")").status()).isEqualTo(404);
        assertThat(anna.get("SalesOrders(" + order + ")/Items?$filter=ItemNumber eq 999").rows()).isEmpty();

        JsonNode expanded = anna.get("SalesOrders(" + order + ")?$expand=Items($count=true)").json();
        assertThat(expanded.path("Items")).hasSize(1);
        assertThat(expanded.path("Items@odata.count").asInt()).isEqualTo(1);
        JsonNode windowed = anna.get("SalesOrders(" + order + ")?$expand=Items($orderby=ItemNumber desc;$top=5)").json();
        assertThat(windowed.path("Items")).hasSize(1);

        assertThat(anna.get("SalesOrders?$filter=Items/any(i:i/ItemNumber eq 999)&$select=ID").rows()).isEmpty();
        assertThat(anna.get("SalesOrders?$filter=ID eq " + order + " and Items/all(i:i/ItemNumber eq 10)&$select=ID").rows())
                .hasSize(1);
        assertThat(anna.get("SalesOrderItems(" + PLANTED + ")").status()).isEqualTo(404);
    }

    @Test
    void theOwnerOfTheStrayRowDoesNotSeeTheForeignParent() throws SQLException {
        long order = annasNewOrderWithOneItem();
        plantBypassingConstraints(order, bensProduct());
        ODataClient ben = as(BEN);

        assertThat(ben.get("SalesOrderItems(" + PLANTED + ")").status()).isEqualTo(200);
        assertThat(ben.get("SalesOrderItems(" + PLANTED + ")/Order").status()).isIn(204, 404);
        assertThat(ben.get("SalesOrderItems(" + PLANTED + ")?$expand=Order").json().path("Order").isNull()).isTrue();
        assertThat(ben.get("SalesOrderItems?$filter=Order/ID eq " + order + "&$select=ID").rows()).isEmpty();
        assertThat(ben.get("SalesOrders(" + order + ")/Items").status()).isEqualTo(404);
    }

    @Test
    void deletingMyOrderLeavesAnotherTenantsRowAlone() throws SQLException {
        long order = annasNewOrderWithOneItem();
        plantBypassingConstraints(order, bensProduct());

        ODataClient.Response deleted = as(ANNA).delete("SalesOrders(" + order + ")");
        assertThat(deleted.status()).as(deleted.body()).isEqualTo(204);
        assertThat(as(ANNA).get("SalesOrders(" + order + ")/Items").status()).isEqualTo(404);
        try (Connection connection = database(); Statement sql = connection.createStatement();
             var rows = sql.executeQuery("select tenant from sales_order_item where order_id = " + order)) {
            assertThat(rows.next()).as("Ben's row survives").isTrue();
            assertThat(rows.getString(1)).isEqualTo("bayern-werke");
            assertThat(rows.next()).as("Anna's item went with her order").isFalse();
        }
    }
}
