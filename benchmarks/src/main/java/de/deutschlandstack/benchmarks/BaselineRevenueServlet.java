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
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The baseline of the {@code $apply} benchmark: the net amount of the tenant's sales orders summed per status, as one
 * SQL {@code GROUP BY} written by hand, its rows written with Jackson's streaming generator in the shape of the OData
 * answer to {@code $apply=groupby((Status),aggregate(NetAmount with sum as Total))}.
 */
@WebServlet("/revenue-by-status")
public class BaselineRevenueServlet extends HttpServlet {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String QUERY = "select status, sum(net_amount) from sales_order where tenant = ?"
            + " group by status order by status";

    @Resource(lookup = "java:jboss/datasources/PlatformDS")
    DataSource dataSource;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("application/json");
        try (Connection connection = dataSource.getConnection()) {
            BaselineSalesOrderServlet.bindTenant(connection);
            query(connection, response);
        } catch (SQLException e) {
            throw new IOException(e);
        }
    }

    private static void query(Connection connection, HttpServletResponse response) throws SQLException, IOException {
        try (PreparedStatement statement = connection.prepareStatement(QUERY)) {
            statement.setString(1, BaselineSalesOrderServlet.TENANT);
            try (ResultSet rows = statement.executeQuery();
                 JsonGenerator json = JSON.getFactory().createGenerator(response.getOutputStream())) {
                json.writeStartObject();
                json.writeArrayFieldStart("value");
                while (rows.next()) {
                    json.writeStartObject();
                    json.writeStringField("Status", rows.getString(1));
                    json.writeNumberField("Total", rows.getBigDecimal(2));
                    json.writeEndObject();
                }
                json.writeEndArray();
                json.writeEndObject();
            }
        }
    }
}
