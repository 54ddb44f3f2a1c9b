package de.deutschlandstack.benchmarks;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.annotation.Resource;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import javax.sql.DataSource;
import java.io.IOException;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.temporal.ChronoUnit;

/**
 * The baseline of the OData benchmark: the same query and a JSON body of the same shape, written by hand with
 * JDBC and Jackson's streaming generator, with nothing between the servlet and the database. It serves one fixed
 * tenant and checks no credentials: it exists only in the benchmark's server, never in the platform EAR.
 */
@WebServlet("/sales-orders")
public class BaselineSalesOrderServlet extends HttpServlet {

    static final String TENANT = "bayern-werke";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String QUERY = "select id, order_number, order_date, status, currency, net_amount, note, created_at, version,"
            + " tax_amount, gross_amount"
            + " from sales_order where tenant = ? and status = ? and net_amount > ?"
            + " order by order_date desc, id asc offset 0 rows fetch first ? rows only";

    @Resource(lookup = "java:jboss/datasources/PlatformDS")
    DataSource dataSource;

    /**
     * Binds the connection to the tenant, as any code on the platform's PostgreSQL must: row-level security shows the
     * platform's database user only the rows of the tenant its connection is bound to (one statement, as the platform's).
     */
    static void bindTenant(Connection connection) throws SQLException {
        try (PreparedStatement bind = connection.prepareStatement("select set_config('platform.tenant', ?, false)")) {
            bind.setString(1, TENANT);
            bind.executeQuery().close();
        }
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String status = request.getParameter("status");
        BigDecimal minAmount = new BigDecimal(request.getParameter("minAmount"));
        int top = Integer.parseInt(request.getParameter("top"));
        response.setContentType("application/json");
        try (Connection connection = dataSource.getConnection()) {
            bindTenant(connection);
            query(connection, status, minAmount, top, response);
        } catch (SQLException e) {
            throw new IOException(e);
        }
    }

    private static void query(Connection connection, String status, BigDecimal minAmount, int top, HttpServletResponse response)
            throws SQLException, IOException {
        try (PreparedStatement statement = connection.prepareStatement(QUERY)) {
            statement.setString(1, TENANT);
            statement.setString(2, status);
            statement.setBigDecimal(3, minAmount);
            statement.setInt(4, top + 1);
            try (ResultSet rows = statement.executeQuery();
                 JsonGenerator json = JSON.getFactory().createGenerator(response.getOutputStream())) {
                json.writeStartObject();
                json.writeArrayFieldStart("value");
                int written = 0;
                while (rows.next() && written < top) {
                    json.writeStartObject();
                    json.writeStringField("@odata.etag", "W/\"" + rows.getLong(9) + "\"");
                    json.writeNumberField("ID", rows.getLong(1));
                    json.writeStringField("OrderNumber", rows.getString(2));
                    json.writeStringField("OrderDate", rows.getDate(3).toLocalDate().toString());
                    json.writeStringField("Status", rows.getString(4));
                    json.writeStringField("Currency", rows.getString(5));
                    json.writeNumberField("NetAmount", rows.getBigDecimal(6));
                    // Since the ERP objects (issue 6) an order carries its VAT and gross amount as well: the same fields.
                    json.writeNumberField("TaxAmount", rows.getBigDecimal(10));
                    json.writeNumberField("GrossAmount", rows.getBigDecimal(11));
                    json.writeStringField("Note", rows.getString(7));
                    Timestamp created = rows.getTimestamp(8);
                    json.writeStringField("CreatedAt", created.toInstant().truncatedTo(ChronoUnit.MILLIS).toString());
                    json.writeEndObject();
                    written++;
                }
                json.writeEndArray();
                json.writeEndObject();
            }
        }
    }
}
