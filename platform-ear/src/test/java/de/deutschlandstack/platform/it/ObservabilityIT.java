package de.deutschlandstack.platform.it;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an operator watches: Prometheus metrics on the management port (the platform's requests by resource, method and
 * status, per tenant, their latency histogram, the database's availability, the change log's position, beside the
 * server's own data source pool), and a request id on every answer and every log line of the request, with its tenant.
 */
class ObservabilityIT extends PlatformIT {

    /** The test server runs with port offset 100: management on 10090. */
    private static final String METRICS = "http://127.0.0.1:10090/metrics";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void requestsAreCountedByResourceMethodStatusAndTenant() throws Exception {
        String ok = "platform_requests_seconds_count{WF_DEPLOYMENT=\"platform.ear\",api=\"odata\",method=\"GET\",resource=\"erp/CostCenters\",status=\"200\"}";
        String unauthenticated = "platform_requests_seconds_count{WF_DEPLOYMENT=\"platform.ear\",api=\"odata\",method=\"GET\",resource=\"erp/CostCenters\",status=\"401\"}";
        String tenant = "platform_tenant_requests_total{WF_DEPLOYMENT=\"platform.ear\",status=\"2xx\",tenant=\"stadt-muenchen\"}";
        String fast = "platform_request_latency_seconds_total{WF_DEPLOYMENT=\"platform.ear\",api=\"odata\",le=\"+Inf\",method=\"GET\"}";
        String metrics = metrics();
        double okBefore = value(metrics, ok);
        double unauthenticatedBefore = value(metrics, unauthenticated);
        double tenantBefore = value(metrics, tenant);
        double allBefore = value(metrics, fast);

        for (int i = 0; i < 3; i++) {
            assertThat(as(ANNA).get("costcenters?$top=1").status()).isEqualTo(200);
        }
        assertThat(anonymous().get("CostCenters").status()).isEqualTo(401);

        // A request is counted when its exchange completes, which may be just after its client has the answer.
        metrics = metrics();
        for (int wait = 0; wait < 50 && (value(metrics, ok) - okBefore < 3 || value(metrics, unauthenticated) - unauthenticatedBefore < 1
                || value(metrics, fast) - allBefore < 3); wait++) {
            Thread.sleep(100);
            metrics = metrics();
        }
        assertThat(value(metrics, ok) - okBefore).as(ok).isEqualTo(3);
        assertThat(value(metrics, unauthenticated) - unauthenticatedBefore).as("refused by the login, counted all the same").isEqualTo(1);
        assertThat(value(metrics, tenant) - tenantBefore).as(tenant).isGreaterThanOrEqualTo(3);
        assertThat(value(metrics, fast) - allBefore).as("the histogram's last bucket counts every request served; the 401,"
                + " refused before any work, is left out").isEqualTo(3);
    }

    @Test
    void namesAClientMakesUpNeverBecomeSeries() throws Exception {
        String invented = "Invented" + System.nanoTime();
        assertThat(as(ANNA).get(invented).status()).isEqualTo(404);
        assertThat(as(ANNA).api("GET", "/" + invented, null).status()).isEqualTo(404);
        assertThat(anonymous().absolute("GET", serverRoot() + "/odata/v4/" + invented + "/$metadata", null).status())
                .as("not even logged in").isEqualTo(401);
        assertThat(anonymous().absolute("GET", serverRoot() + "/odata/v4/" + invented + "/$batch", null).status()).isEqualTo(401);
        assertThat(metrics()).doesNotContain(invented);
    }

    @Test
    void theDatabaseAndTheChangeLogAreWatched() throws Exception {
        String metrics = metrics();
        assertThat(value(metrics, "platform_database_available{WF_DEPLOYMENT=\"platform.ear\"}")).isEqualTo(1);
        assertThat(metrics).as("the server's own pool metrics").contains("datasources_pool_in_use_count{").contains("name=\"PlatformDS\"");
        double position = value(metrics, "platform_change_log_position{WF_DEPLOYMENT=\"platform.ear\"}");
        ODataClient.Response created = as(ANNA).post("CostCenters", """
                {"CostCenterNumber": "OB-%s", "Name": "Beobachtet"}""".formatted(Long.toString(System.nanoTime() % 100_000_000, 36)));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(value(metrics(), "platform_change_log_position{WF_DEPLOYMENT=\"platform.ear\"}")).isGreaterThan(position);
    }

    @Test
    void everyAnswerCarriesARequestIdWhichTheLogLinesOfTheRequestShare() throws Exception {
        ODataClient.Response generated = as(ANNA).get("CostCenters?$top=1");
        assertThat(generated.header("X-Request-Id")).hasValueSatisfying(id -> assertThat(id).matches("[0-9a-f]{24}"));
        ODataClient.Response given = as(ANNA).get("CostCenters?$top=1", "X-Request-Id", "lb-4711.a");
        assertThat(given.header("X-Request-Id")).as("a plain token of the client's is kept").contains("lb-4711.a");
        ODataClient.Response forged = as(ANNA).get("CostCenters?$top=1", "X-Request-Id", "x\" injected=\"1");
        assertThat(forged.header("X-Request-Id")).as("anything else is replaced").hasValueSatisfying(id -> assertThat(id).matches("[0-9a-f]{24}"));
        ODataClient.Response refused = anonymous().get("CostCenters", "X-Request-Id", "refused-1");
        assertThat(refused.header("X-Request-Id")).as("also on what the login refuses").contains("refused-1");

        // Onboarding a tenant logs what it set up for it: the line names the operator's request and tenant, not the operator.
        String id = "log-" + System.nanoTime();
        String tenant = "observed-" + Long.toString(System.nanoTime(), 36);
        ODataClient.Response onboarded = as(OPERATOR).absolute("POST", serverRoot() + "/api/admin/tenants", """
                {"tenant": "%s", "admin": {"user": "chef@%s", "password": "beobachtet-passwort-1"}}""".formatted(tenant, tenant),
                "X-Request-Id", id, "Content-Type", "application/json");
        assertThat(onboarded.status()).as(onboarded.body()).isEqualTo(201);
        Path log = Path.of("target", "server", "standalone", "log", "server.log");
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8).stream().filter(line -> line.contains(id)).toList();
        assertThat(lines).as("log lines of request " + id).isNotEmpty()
                .allSatisfy(line -> assertThat(line).contains("[" + id + " platform]").doesNotContain(OPERATOR));
    }

    static String metrics() throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(METRICS)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    /** The value of one series (name and labels exactly as exposed), 0 while it does not exist yet. */
    static double value(String metrics, String series) {
        Matcher line = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(metrics);
        return line.find() ? Double.parseDouble(line.group(1)) : 0;
    }

    /** The value of the first series of {@code name} whose labels include {@code label} (e.g. {@code quantile="0.99"}); NaN if none. */
    static double valueWith(String metrics, String name, String label) {
        Matcher line = Pattern.compile("(?m)^" + Pattern.quote(name) + "\\{[^}]*" + Pattern.quote(label) + "[^}]*} (\\S+)$").matcher(metrics);
        return line.find() ? Double.parseDouble(line.group(1)) : Double.NaN;
    }
}
