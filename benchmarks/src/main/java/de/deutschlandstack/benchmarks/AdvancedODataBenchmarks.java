package de.deutschlandstack.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The benchmarks of issue 6 that {@link LoadDriver} runs besides the plain read: a {@code $batch} change set of
 * creates against a JDBC batch insert, the check that {@code $apply} and its SQL {@code GROUP BY} baseline agree, and
 * the number of SQL statements an {@code $expand} costs.
 */
final class AdvancedODataBenchmarks {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CRLF = "\r\n";
    /**
     * Cost center numbers are unique per tenant: every row of every request gets the next one (10 characters). A run
     * starts at a number taken from the clock, so that a run against a database kept from an earlier one (KEEP_RUNNING)
     * meets no number of it; each run has 100,000 numbers.
     */
    private static long nextNumber = System.currentTimeMillis() / 1000 % 10_000 * 100_000;

    private AdvancedODataBenchmarks() {
    }

    // ---- $apply ----------------------------------------------------------------------------------------------

    /** The OData groups and the baseline's rows must hold the same totals per status, or the comparison means nothing. */
    static void checkSameTotals(String odata, String baseline) throws Exception {
        Map<String, BigDecimal> a = totals(odata);
        Map<String, BigDecimal> b = totals(baseline);
        if (a.isEmpty() || !a.equals(b)) {
            throw new IllegalStateException("$apply and baseline disagree: " + a + " vs " + b);
        }
        System.out.println("Both answer " + a.size() + " groups with the same totals: " + a);
    }

    private static Map<String, BigDecimal> totals(String body) throws Exception {
        Map<String, BigDecimal> totals = new TreeMap<>();
        for (JsonNode group : JSON.readTree(body).path("value")) {
            totals.put(group.get("Status").asText(), group.get("Total").decimalValue().stripTrailingZeros());
        }
        return totals;
    }

    // ---- $batch ----------------------------------------------------------------------------------------------

    /**
     * Alternating rounds, each timing one baseline request inserting {@code size} rows, one multipart {@code $batch}
     * (one change set of {@code size} POSTs, parsed by Olingo) and one JSON {@code $batch} of OData 4.01 (one
     * atomicity group of the same POSTs, parsed by the platform), after three untimed rounds of each; the ratio of a
     * round is baseline time over OData time (OData's share of the baseline's speed).
     */
    static void compareBatchInsert(String base, String authorization, int size, int rounds) throws Exception {
        // Untimed rounds until the JIT has compiled the write path (3 were not enough: the first timed rounds ran
        // at half the speed of later ones).
        int warmup = Integer.parseInt(System.getProperty("batch.warmup", "15"));
        for (int i = 0; i < warmup; i++) {
            jdbcBatch(base, authorization, size);
            multipartBatch(base, authorization, size);
            jsonBatch(base, authorization, size);
        }
        List<Double> baselineMillis = new ArrayList<>();
        List<Double> multipartMillis = new ArrayList<>();
        List<Double> jsonMillis = new ArrayList<>();
        List<Double> multipartRatios = new ArrayList<>();
        List<Double> jsonRatios = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            double baseline = jdbcBatch(base, authorization, size);
            double multipart = multipartBatch(base, authorization, size);
            double json = jsonBatch(base, authorization, size);
            baselineMillis.add(baseline);
            multipartMillis.add(multipart);
            jsonMillis.add(json);
            multipartRatios.add(baseline / multipart);
            jsonRatios.add(baseline / json);
            System.out.printf(Locale.ROOT, "round %d  baseline %7.1f ms  multipart %7.1f ms (ratio %.2f)  json %7.1f ms (ratio %.2f)%n",
                    round, baseline, multipart, baseline / multipart, json, baseline / json);
        }
        System.out.println();
        System.out.println("| $batch format | rows | baseline ms (median) | OData ms (median) | ratio per round | **median ratio** |");
        System.out.println("|---|---:|---:|---:|---:|---:|");
        System.out.printf(Locale.ROOT, "| multipart, one change set | %d | %.0f | %.0f | %s | **%.2f** |%n", size,
                LoadDriver.medianOf(baselineMillis), LoadDriver.medianOf(multipartMillis), LoadDriver.ratios(multipartRatios),
                LoadDriver.medianOf(multipartRatios));
        System.out.printf(Locale.ROOT, "| JSON (4.01), one atomicity group | %d | %.0f | %.0f | %s | **%.2f** |%n%n", size,
                LoadDriver.medianOf(baselineMillis), LoadDriver.medianOf(jsonMillis), LoadDriver.ratios(jsonRatios),
                LoadDriver.medianOf(jsonRatios));
    }

    /** One JSON {@code $batch} with one atomicity group of creates; milliseconds until its whole answer arrived. */
    private static double jsonBatch(String base, String authorization, int size) throws Exception {
        List<Map<String, Object>> requests = new ArrayList<>();
        for (int i = 1; i <= size; i++) {
            requests.add(Map.of("id", String.valueOf(i), "atomicityGroup", "all", "method", "POST", "url", "CostCenters",
                    "headers", Map.of("content-type", "application/json"), "body", costCenter("S")));
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/odata/v4/erp/$batch")).timeout(Duration.ofMinutes(2))
                .header("Authorization", authorization).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("requests", requests)))).build();
        long started = System.nanoTime();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        double millis = (System.nanoTime() - started) / 1e6;
        int created = 0;
        if (response.statusCode() == 200) {
            for (JsonNode answer : JSON.readTree(response.body()).path("responses")) {
                created += answer.path("status").asInt() == 201 ? 1 : 0;
            }
        }
        if (created != size) {
            throw new IllegalStateException("The JSON $batch answered " + response.statusCode() + " with " + created + " creates: "
                    + response.body().substring(0, Math.min(2000, response.body().length())));
        }
        return millis;
    }

    /** One multipart {@code $batch} with one change set of creates; milliseconds until its whole answer arrived. */
    private static double multipartBatch(String base, String authorization, int size) throws Exception {
        String batchBoundary = "batch_bench";
        String changeSetBoundary = "changeset_bench";
        StringBuilder body = new StringBuilder();
        body.append("--").append(batchBoundary).append(CRLF)
                .append("Content-Type: multipart/mixed; boundary=").append(changeSetBoundary).append(CRLF).append(CRLF);
        for (int i = 1; i <= size; i++) {
            body.append("--").append(changeSetBoundary).append(CRLF)
                    .append("Content-Type: application/http").append(CRLF)
                    .append("Content-Transfer-Encoding: binary").append(CRLF)
                    .append("Content-ID: ").append(i).append(CRLF).append(CRLF)
                    .append("POST CostCenters HTTP/1.1").append(CRLF)
                    .append("Content-Type: application/json").append(CRLF).append(CRLF)
                    .append(JSON.writeValueAsString(costCenter("O"))).append(CRLF);
        }
        body.append("--").append(changeSetBoundary).append("--").append(CRLF)
                .append("--").append(batchBoundary).append("--").append(CRLF);
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/odata/v4/erp/$batch")).timeout(Duration.ofMinutes(2))
                .header("Authorization", authorization).header("Content-Type", "multipart/mixed; boundary=" + batchBoundary)
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
        long started = System.nanoTime();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        double millis = (System.nanoTime() - started) / 1e6;
        int created = occurrences(response.body(), "HTTP/1.1 201");
        if (response.statusCode() != 200 || created != size) {
            throw new IllegalStateException("$batch answered " + response.statusCode() + " with " + created + " creates: "
                    + response.body().substring(0, Math.min(2000, response.body().length())));
        }
        return millis;
    }

    /** The same number of rows to the baseline servlet as one JSON array; milliseconds until its answer arrived. */
    private static double jdbcBatch(String base, String authorization, int size) throws Exception {
        List<Map<String, String>> rows = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            rows.add(costCenter("J"));
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/benchmark-baseline/cost-centers")).timeout(Duration.ofMinutes(2))
                .header("Authorization", authorization).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(rows))).build();
        long started = System.nanoTime();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        double millis = (System.nanoTime() - started) / 1e6;
        if (response.statusCode() != 201 || JSON.readTree(response.body()).path("value").size() != size) {
            throw new IllegalStateException("The baseline answered " + response.statusCode() + ": " + response.body());
        }
        return millis;
    }

    private static Map<String, String> costCenter(String prefix) {
        long number = nextNumber++;
        return Map.of("CostCenterNumber", String.format(Locale.ROOT, "%s%09d", prefix, number),
                "Name", "Benchmark Kostenstelle " + number, "ResponsiblePerson", "Ben Bauer");
    }

    private static int occurrences(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            count++;
        }
        return count;
    }

    // ---- $expand ---------------------------------------------------------------------------------------------

    /**
     * Sends {@code $expand=Items} for 100 loaded orders that all have items, three times, and lists what PostgreSQL's
     * {@code pg_stat_statements} recorded for each request (the server must run with
     * {@code shared_preload_libraries=pg_stat_statements}). One request runs first, uncounted, so that start-up work
     * of the server is not counted.
     */
    static void countExpandStatements(String base, String authorization, String jdbcUrl) throws Exception {
        String url = base + "/odata/v4/erp/SalesOrders?$filter=" + LoadDriver.encode("ID ge " + SalesOrderLoader.FIRST_ORDER_ID)
                + "&$orderby=ID&$top=100&$expand=Items";
        try (Connection connection = DriverManager.getConnection(jdbcUrl, "dba", "");
             Statement sql = connection.createStatement()) {
            sql.execute("create extension if not exists pg_stat_statements");
            expandedOrders(url, authorization);
            for (int request = 1; request <= 3; request++) {
                sql.execute("select pg_stat_statements_reset()");
                int[] found = expandedOrders(url, authorization);
                List<String> statements = new ArrayList<>();
                long total = 0;
                try (ResultSet rows = sql.executeQuery("select s.calls, s.query from pg_stat_statements s"
                        + " join pg_database d on d.oid = s.dbid where d.datname = current_database()"
                        + " and s.query not like '%pg_stat_statements%' order by s.query")) {
                    while (rows.next()) {
                        total += rows.getLong(1);
                        statements.add(rows.getLong(1) + " × " + rows.getString(2));
                    }
                }
                System.out.printf(Locale.ROOT, "request %d: %d orders, %d items, %d SQL statements%n", request, found[0], found[1], total);
                statements.forEach(statement -> System.out.println("    " + statement));
            }
        }
        System.out.println();
    }

    /** The number of orders and of their items in the answer; fails unless it holds 100 orders, each with items. */
    private static int[] expandedOrders(String url, String authorization) throws Exception {
        HttpResponse<String> response = LoadDriver.send(url, authorization);
        JsonNode orders = JSON.readTree(response.body()).path("value");
        int items = 0;
        for (JsonNode order : orders) {
            if (order.path("Items").isEmpty()) {
                throw new IllegalStateException("Order " + order.path("ID") + " has no items: " + response.body());
            }
            items += order.path("Items").size();
        }
        if (response.statusCode() != 200 || orders.size() != 100) {
            throw new IllegalStateException("$expand answered " + response.statusCode() + ": " + response.body());
        }
        return new int[]{orders.size(), items};
    }
}
