package de.deutschlandstack.platform.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Two platform nodes on one PostgreSQL behind HAProxy, as an operator would run them: the same provisioned server twice
 * (two port offsets), HAProxy from the distribution balancing between them and asking each node's readiness. What one
 * node writes the other reads at once; a node killed under load costs the clients at most the requests it was answering
 * at that moment, the load balancer sends everything to the other node within its health check's time, and the clients
 * of the other node see no error at all.
 */
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class TwoNodesIT {

    private static final int PG_PORT = 15440;
    private static final int BALANCER_PORT = 18600;
    private static final String TENANT = "two-nodes";
    private static final String CHEF = "chef@" + TENANT;
    private static final String PASSWORD = "two-nodes-passwort-1";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static PlatformNode nodeA;
    private static PlatformNode nodeB;
    private static Process balancer;

    @BeforeAll
    static void twoNodesBehindHaProxy() throws Exception {
        assumeTrue("postgresql".equals(System.getProperty("it.database")), "two nodes share a PostgreSQL");
        TestPostgres.run("start", PG_PORT);
        String url = "jdbc:postgresql://127.0.0.1:" + PG_PORT + "/platform";
        Map<String, String> unlimited = Map.of("PLATFORM_RATE_LIMIT_USER_PER_MINUTE", "10000000",
                "PLATFORM_RATE_LIMIT_TENANT_PER_MINUTE", "10000000", "PLATFORM_BEHIND_PROXY", "true");
        nodeA = new PlatformNode("node-a", 520, url, "two-nodes-operator-1", unlimited);
        nodeB = new PlatformNode("node-b", 540, url, "two-nodes-operator-1", unlimited);
        // One after the other: the first migrates the empty database, the second finds it migrated.
        nodeA.start();
        nodeB.start();
        balancer = startHaProxy();
        ODataClient operator = new ODataClient(nodeA.root(), "operator@platform", "two-nodes-operator-1");
        assertThat(operator.api("POST", "/admin/tenants", """
                {"tenant": "%s", "admin": {"user": "%s", "password": "%s"}}""".formatted(TENANT, CHEF, PASSWORD)).status()).isEqualTo(201);
    }

    @AfterAll
    static void stopAll() throws Exception {
        if (balancer != null) {
            balancer.destroy();
            balancer.waitFor();
        }
        if (nodeA != null) {
            nodeA.kill();
            nodeB.kill();
            TestPostgres.run("stop", PG_PORT);
        }
    }

    @Test
    @org.junit.jupiter.api.Order(1)
    void whatOneNodeWritesTheOtherReadsAtOnce() {
        ODataClient onA = new ODataClient(nodeA.root(), CHEF, PASSWORD);
        ODataClient onB = new ODataClient(nodeB.root(), CHEF, PASSWORD);
        for (int i = 0; i < 20; i++) {
            ODataClient.Response created = onA.post("CostCenters", """
                    {"CostCenterNumber": "AB-%d", "Name": "Auf A geschrieben"}""".formatted(i));
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            long id = created.json().path("ID").asLong();
            ODataClient.Response read = onB.get("CostCenters(" + id + ")");
            assertThat(read.status()).as("node B reads what node A just wrote").isEqualTo(200);
            String etag = read.header("ETag").orElseThrow();
            ODataClient.Response changed = onB.patch("CostCenters(" + id + ")", "{\"Name\": \"Auf B geändert\"}", "If-Match", etag);
            assertThat(changed.status()).as(changed.body()).isIn(200, 204);
            ODataClient.Response stale = onA.patch("CostCenters(" + id + ")", "{\"Name\": \"Veraltet\"}", "If-Match", etag);
            assertThat(stale.status()).as("node A refuses the ETag node B made stale").isEqualTo(412);
        }
    }

    /**
     * Far below what the nodes' caches would hold a fact on their own (users 30 s, tenants 10 s): a change made on one
     * node reaches the other through the database's record of changes, read each second.
     */
    private static final Duration NOTICED_ELSEWHERE = Duration.ofSeconds(5);

    @Test
    @org.junit.jupiter.api.Order(2)
    void aUserOrTenantChangedOnOneNodeIsRefusedOnTheOtherWithinSeconds() throws Exception {
        String reader = "leser@" + TENANT;
        ODataClient chefOnA = new ODataClient(nodeA.root(), CHEF, PASSWORD);
        assertThat(chefOnA.api("POST", "/admin/tenants/" + TENANT + "/users", """
                {"user": "%s", "password": "erstes-passwort-1", "roles": ["business-user"]}""".formatted(reader)).status())
                .isEqualTo(201);
        // Node B remembers the reader's password and a token it issued.
        ODataClient readerOnB = new ODataClient(nodeB.root(), reader, "erstes-passwort-1");
        assertThat(readerOnB.get("CostCenters?$top=1").status()).isEqualTo(200);
        ODataClient tokenOnB = ODataClient.bearer(nodeB.root(),
                readerOnB.api("POST", "/token", null).json().path("access_token").asText());
        assertThat(tokenOnB.get("CostCenters?$top=1").status()).isEqualTo(200);

        assertThat(chefOnA.api("PATCH", "/admin/tenants/" + TENANT + "/users/" + reader,
                "{\"password\": \"zweites-passwort-2\"}").status()).isEqualTo(200);
        // Node B holds the user's credential generation for the token; without word from node A it would for 30 s.
        assertThat(secondsUntil(() -> tokenOnB.get("CostCenters?$top=1").status() == 401))
                .as("seconds until node B refuses a token issued before the password changed on node A")
                .isLessThan(NOTICED_ELSEWHERE.toSeconds());
        assertThat(readerOnB.get("CostCenters?$top=1").status()).as("the old password").isEqualTo(401);
        assertThat(new ODataClient(nodeB.root(), reader, "zweites-passwort-2").get("CostCenters?$top=1").status()).isEqualTo(200);

        // The operator suspends the tenant on node A: node B, which knew it active, refuses its users.
        ODataClient chefOnB = new ODataClient(nodeB.root(), CHEF, PASSWORD);
        assertThat(chefOnB.get("CostCenters?$top=1").status()).isEqualTo(200);
        ODataClient operatorOnA = new ODataClient(nodeA.root(), "operator@platform", "two-nodes-operator-1");
        assertThat(operatorOnA.api("POST", "/admin/tenants/" + TENANT + "/suspend", null).status()).isEqualTo(200);
        try {
            assertThat(secondsUntil(() -> chefOnB.get("CostCenters?$top=1").status() == 403))
                    .as("seconds until node B refuses the tenant suspended on node A").isLessThan(NOTICED_ELSEWHERE.toSeconds());
        } finally {
            assertThat(operatorOnA.api("POST", "/admin/tenants/" + TENANT + "/resume", null).status()).isEqualTo(200);
        }
        assertThat(secondsUntil(() -> chefOnB.get("CostCenters?$top=1").status() == 200))
                .as("seconds until node B serves the tenant resumed on node A").isLessThan(NOTICED_ELSEWHERE.toSeconds());
    }

    /** Seconds until {@code condition} holds, asked every 100 ms; fails after 40 s, longer than any cache holds a fact. */
    private static double secondsUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long start = System.nanoTime();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - start > 40_000_000_000L) {
                throw new AssertionError("Not so after 40 s");
            }
            Thread.sleep(100);
        }
        return (System.nanoTime() - start) / 1e9;
    }

    @Test
    @org.junit.jupiter.api.Order(3)
    void aNodeKilledUnderLoadCostsAtMostTheRequestsItWasAnswering() throws Exception {
        String balanced = "http://127.0.0.1:" + BALANCER_PORT;
        try (CostCenterLoad throughBalancer = new CostCenterLoad(balanced, CHEF, PASSWORD, "lb", 4, Duration.ofSeconds(30));
             CostCenterLoad onB = new CostCenterLoad(nodeB.root(), CHEF, PASSWORD, "b", 1, Duration.ofSeconds(30))) {
            throughBalancer.awaitAnswers(200);
            nodeA.kill();
            long killed = System.currentTimeMillis();
            Thread.sleep(8_000);
            throughBalancer.awaitAnswers(throughBalancer.answers() + 200);
            throughBalancer.stop();
            onB.stop();

            assertThat(onB.failures()).as("the clients of the node that stayed see no error").isEmpty();
            // A read that got no answer at all from the dying node is tried on the other one; a write is not (it may
            // have been committed), nor a read whose answer had begun: those under way on the killed node fail.
            assertThat(throughBalancer.failures()).as("failed requests through the balancer: only those under way when the"
                    + " node died, none sent after the balancer's health check noticed").hasSizeLessThanOrEqualTo(2 * 4)
                    .allSatisfy(failure -> assertThat(failure.sentAt()).as(failure.body()).isLessThan(killed + 3_000));
            assertThat(duplicateCostCenters()).as("no write was sent twice (HAProxy retries reads only)").isZero();
            List<String> stored = CostCenterLoad.stored("jdbc:postgresql://127.0.0.1:" + PG_PORT + "/platform", TENANT);
            assertThat(stored).as("every write acknowledged through the balancer is stored").containsAll(throughBalancer.acknowledged());
            assertThat(stored).containsAll(onB.acknowledged());

            // The killed node starts again as it is (no repair by hand: its transaction log recovers what it held), becomes
            // ready, and serves what was acknowledged while it was away.
            nodeA.start();
            ODataClient onA = new ODataClient(nodeA.root(), CHEF, PASSWORD);
            for (String number : onB.acknowledged().stream().limit(5).toList()) {
                ODataClient.Response read = onA.get("CostCenters?$filter=CostCenterNumber eq '" + number + "'");
                assertThat(read.status()).as(read.body()).isEqualTo(200);
                assertThat(read.rows()).as("written on node B while node A was dead: " + number).hasSize(1);
            }
        }
    }

    @Test
    @org.junit.jupiter.api.Order(4)
    void whenTheDatabaseIsAwayForEveryNodeTheBalancerStillAnswersInTheRequestsProtocol() throws Exception {
        ODataClient balanced = new ODataClient("http://127.0.0.1:" + BALANCER_PORT, CHEF, PASSWORD);
        TestPostgres.run("halt", PG_PORT);
        try {
            // Until no node is ready and the balancer has taken them all out (two failed checks a second apart).
            assertThat(secondsUntil(() -> nodeB.readiness(Duration.ofSeconds(1)) == 503)).isLessThan(40);
            Thread.sleep(3_000);
            ODataClient.Response odata = balanced.get("CostCenters?$top=1");
            assertThat(odata.status()).as(odata.body()).isEqualTo(503);
            assertThat(odata.header("Retry-After")).contains("5");
            assertThat(odata.json().path("error").path("code").asText()).as("an OData error, not the balancer's page").isEqualTo("503");
            ODataClient.Response rest = balanced.api("GET", "/me", null);
            assertThat(rest.status()).isEqualTo(503);
            assertThat(rest.header("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        } finally {
            TestPostgres.run("resume", PG_PORT);
        }
        assertThat(secondsUntil(() -> balanced.get("CostCenters?$top=1").status() == 200))
                .as("seconds until the balancer serves again once the database is back").isLessThan(40);
    }

    private static Process startHaProxy() throws Exception {
        Path config = Path.of("target", "two-nodes-haproxy.cfg").toAbsolutePath();
        // Readiness on each node's management port decides where requests go. A request that found no connection is
        // tried on the other node (redispatch): it never reached the platform. One that reached a node and got no answer
        // is tried again only if it is a read: a write may have been committed there. When no node is ready (the database
        // is away for all), the nodes still get the requests (backup servers without a check) and answer them 503 in
        // their protocol. The client's address goes to the nodes in X-Forwarded-For, the one a client wrote dropped.
        Files.writeString(config, """
                global
                    maxconn 256
                defaults
                    mode http
                    timeout connect 2s
                    timeout client 60s
                    timeout server 60s
                    timeout check 2s
                    retries 3
                    option redispatch 1
                    retry-on conn-failure empty-response
                frontend platform
                    bind 127.0.0.1:%1$d
                    http-request del-header X-Forwarded-For
    http-request del-header X-Forwarded-Proto
    http-request del-header X-Forwarded-Host
    http-request del-header X-Forwarded-Port
    http-request del-header Forwarded
                    option forwardfor
                    default_backend nodes
                backend nodes
                    balance roundrobin
                    http-request disable-l7-retry unless METH_GET || METH_HEAD
                    option httpchk GET /health/ready
                    http-check expect status 200
                    default-server inter 1s fall 2 rise 2
                    server node-a 127.0.0.1:%2$d check port %3$d
                    server node-b 127.0.0.1:%4$d check port %5$d
                    server node-a-unready 127.0.0.1:%2$d backup
                    server node-b-unready 127.0.0.1:%4$d backup
                    option allbackups
                """.formatted(BALANCER_PORT, 8080 + 520, 9990 + 520, 8080 + 540, 9990 + 540));
        Process process = new ProcessBuilder("haproxy", "-db", "-f", config.toString()).redirectErrorStream(true)
                .redirectOutput(Path.of("target", "two-nodes-haproxy.log").toFile()).start();
        long deadline = System.currentTimeMillis() + 20_000;
        while (System.currentTimeMillis() < deadline) {
            assertThat(process.isAlive()).as("haproxy runs; see target/two-nodes-haproxy.log").isTrue();
            try {
                HttpResponse<Void> answer = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + BALANCER_PORT + "/odata/v4/erp/"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                if (answer.statusCode() == 401) {
                    return process;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError("haproxy did not balance within 20 s");
    }

    private static long duplicateCostCenters() throws Exception {
        try (Connection db = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + PG_PORT + "/platform", "dba", "");
             Statement sql = db.createStatement();
             ResultSet rows = sql.executeQuery("select count(*) - count(distinct cost_center_number) from cost_center where tenant = '"
                     + TENANT + "'")) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
