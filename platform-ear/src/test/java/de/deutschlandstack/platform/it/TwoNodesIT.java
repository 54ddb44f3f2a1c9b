package de.deutschlandstack.platform.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

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
        String url = "jdbc:postgresql://127.0.0.1:" + PG_PORT + "/platform?connectTimeout=5&loginTimeout=5";
        Map<String, String> unlimited = Map.of("PLATFORM_RATE_LIMIT_USER_PER_MINUTE", "10000000",
                "PLATFORM_RATE_LIMIT_TENANT_PER_MINUTE", "10000000");
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

    @Test
    @org.junit.jupiter.api.Order(2)
    void aNodeKilledUnderLoadCostsAtMostTheRequestsItWasAnswering() throws Exception {
        String balanced = "http://127.0.0.1:" + BALANCER_PORT;
        try (Load throughBalancer = new Load(balanced, "lb", 4); Load onB = new Load(nodeB.root(), "b", 1)) {
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
                    .allSatisfy(failure -> assertThat(failure.sentAt()).as(failure.what()).isLessThan(killed + 3_000));
            assertThat(duplicateCostCenters()).as("no write was sent twice (HAProxy retries reads only)").isZero();
            Set<String> stored = storedCostCenters();
            assertThat(stored).as("every write acknowledged through the balancer is stored").containsAll(throughBalancer.acknowledged());
            assertThat(stored).containsAll(onB.acknowledged());
        }
    }

    private static Process startHaProxy() throws Exception {
        Path config = Path.of("target", "two-nodes-haproxy.cfg").toAbsolutePath();
        // Readiness on each node's management port decides where requests go. A request that found no connection is
        // tried on the other node (redispatch): it never reached the platform. One that reached a node and got no answer
        // is tried again only if it is a read: a write may have been committed there.
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
                    bind 127.0.0.1:%d
                    default_backend nodes
                backend nodes
                    balance roundrobin
                    http-request disable-l7-retry unless METH_GET || METH_HEAD
                    option httpchk GET /health/ready
                    http-check expect status 200
                    default-server inter 1s fall 2 rise 2
                    server node-a 127.0.0.1:%d check port %d
                    server node-b 127.0.0.1:%d check port %d
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

    private static Set<String> storedCostCenters() throws Exception {
        Set<String> stored = new HashSet<>();
        try (Connection db = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + PG_PORT + "/platform", "dba", "");
             Statement sql = db.createStatement();
             ResultSet rows = sql.executeQuery("select cost_center_number from cost_center where tenant = '" + TENANT + "'")) {
            while (rows.next()) {
                stored.add(rows.getString(1));
            }
        }
        return stored;
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

    /** A request that got no answer or an error status: when it was sent, what came back. */
    record Failure(long sentAt, boolean write, String what) {
    }

    /** Clients that create cost centers and read them, without pause, until stopped. */
    private static final class Load implements AutoCloseable {

        private static final AtomicInteger NEXT = new AtomicInteger();
        private final String root;
        private final String prefix;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicInteger answers = new AtomicInteger();
        private final ConcurrentLinkedQueue<Failure> failures = new ConcurrentLinkedQueue<>();
        private final ConcurrentLinkedQueue<String> acknowledged = new ConcurrentLinkedQueue<>();
        private final List<Thread> threads = new ArrayList<>();
        private final String authorization = "Basic " + Base64.getEncoder().encodeToString((CHEF + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));

        Load(String root, String prefix, int clients) {
            this.root = root;
            this.prefix = prefix;
            for (int i = 0; i < clients; i++) {
                Thread thread = new Thread(this::run, "load-" + prefix + "-" + i);
                thread.start();
                threads.add(thread);
            }
        }

        private void run() {
            while (running.get()) {
                int n = NEXT.incrementAndGet();
                boolean write = n % 2 == 0;
                String number = prefix + "-" + n;
                HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(root + ODataClient.SERVICE
                                + (write ? "CostCenters" : "CostCenters?$top=3&$orderby=ID%20desc")))
                        .timeout(Duration.ofSeconds(30)).header("Authorization", authorization).header("Accept", "application/json");
                if (write) {
                    request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                            "{\"CostCenterNumber\": \"" + number + "\", \"Name\": \"Last\"}"));
                }
                long sent = System.currentTimeMillis();
                try {
                    HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() == 201) {
                        acknowledged.add(number);
                    } else if (response.statusCode() != 200) {
                        failures.add(new Failure(sent, write, response.statusCode() + " " + response.body()));
                    }
                } catch (IOException e) {
                    failures.add(new Failure(sent, write, e.toString()));
                } catch (InterruptedException e) {
                    return;
                }
                answers.incrementAndGet();
            }
        }

        int answers() {
            return answers.get();
        }

        void awaitAnswers(int count) throws InterruptedException {
            long deadline = System.currentTimeMillis() + 60_000;
            while (answers.get() < count && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }
            assertThat(answers.get()).as("answers of the load " + prefix).isGreaterThanOrEqualTo(count);
        }

        List<Failure> failures() {
            return List.copyOf(failures);
        }

        Set<String> acknowledged() {
            return Set.copyOf(acknowledged);
        }

        void stop() throws InterruptedException {
            running.set(false);
            for (Thread thread : threads) {
                thread.join(35_000);
            }
        }

        @Override
        public void close() throws InterruptedException {
            stop();
        }
    }
}
