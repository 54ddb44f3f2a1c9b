package de.deutschlandstack.benchmarks;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.ArrayList;
import java.util.List;

/**
 * The baseline of the {@code $batch} benchmark: the cost centers of a JSON array ({@code [{"CostCenterNumber": …,
 * "Name": …, "ResponsiblePerson": …}, …]}) inserted as one JDBC batch ({@code addBatch}/{@code executeBatch}) in one
 * transaction, keys from the platform's sequence, answered with the new keys. No validation, no change log, no
 * per-row answer beyond the key: what the OData change set does beyond that is what the ratio measures.
 */
@WebServlet("/cost-centers")
public class BaselineCostCenterBatchServlet extends HttpServlet {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String INSERT = "insert into cost_center (id, tenant, version, cost_center_number, name,"
            + " responsible_person, active) values (nextval('cost_center_seq'), ?, 0, ?, ?, ?, true)";

    @Resource(lookup = "java:jboss/datasources/PlatformDS")
    DataSource dataSource;

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        JsonNode rows = JSON.readTree(request.getInputStream());
        List<Long> keys = new ArrayList<>();
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            BaselineSalesOrderServlet.bindTenant(connection);
            try (PreparedStatement insert = connection.prepareStatement(INSERT, new String[]{"id"})) {
                for (JsonNode row : rows) {
                    insert.setString(1, BaselineSalesOrderServlet.TENANT);
                    insert.setString(2, row.get("CostCenterNumber").asText());
                    insert.setString(3, row.get("Name").asText());
                    insert.setString(4, row.path("ResponsiblePerson").asText(null));
                    insert.addBatch();
                }
                insert.executeBatch();
                try (ResultSet generated = insert.getGeneratedKeys()) {
                    while (generated.next()) {
                        keys.add(generated.getLong(1));
                    }
                }
                connection.commit();
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new IOException(e);
        }
        // Answered after the commit, as the platform answers a change set.
        response.setStatus(HttpServletResponse.SC_CREATED);
        response.setContentType("application/json");
        try (JsonGenerator json = JSON.getFactory().createGenerator(response.getOutputStream())) {
            json.writeStartObject();
            json.writeArrayFieldStart("value");
            for (long key : keys) {
                json.writeNumber(key);
            }
            json.writeEndArray();
            json.writeEndObject();
        }
    }
}
