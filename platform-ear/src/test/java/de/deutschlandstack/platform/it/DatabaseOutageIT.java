package de.deutschlandstack.platform.it;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
 * The platform on a bad day: its PostgreSQL stops, or freezes (every process stopped, connections open, nothing
 * answers), under a load of writes and reads. A node of the test's own runs on a PostgreSQL of the test's own, so that the
 * shared test server is not touched. While the database is away every request is answered at once, 503 with
 * {@code Retry-After} in OData's error format, never 500 and never hanging; readiness answers DOWN within a second; the
 * server log gets one line when the database goes and one when it is back, no stack traces; the platform serves again
 * without a restart; and every write it acknowledged with 201 is in the database.
 */
class DatabaseOutageIT {

    private static final int PORT_OFFSET = 400;
    private static final int PG_PORT = 15436;
    private static final int CLIENTS = 4;
    private static final String TENANT = "outage-test";
    private static final String ADMIN = "chef@" + TENANT;
    private static final String PASSWORD = "outage-test-passwort-1";
    /**
     * Far longer than any answer may take (the database counts as away about two seconds after it froze, and the requests
     * waiting on it are cut off then; the network timeout alone would take 35 s): a request still open after it hangs.
     */
    private static final Duration HANGING = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static PlatformNode node;

    @BeforeAll
    static void nodeOnItsOwnDatabase() throws Exception {
        assumeTrue("postgresql".equals(System.getProperty("it.database")), "the outage is one of PostgreSQL");
        TestPostgres.run("start", PG_PORT);
        node = new PlatformNode("outage-node", PORT_OFFSET,
                "jdbc:postgresql://127.0.0.1:" + PG_PORT + "/platform?connectTimeout=5&loginTimeout=5",
                "outage-test-operator-1", Map.of(
                        "PLATFORM_RATE_LIMIT_USER_PER_MINUTE", "10000000",
                        "PLATFORM_RATE_LIMIT_TENANT_PER_MINUTE", "10000000"));
        node.start();
        ODataClient operator = new ODataClient(node.root(), "operator@platform", "outage-test-operator-1");
        ODataClient.Response onboarded = operator.api("POST", "/admin/tenants", """
                {"tenant": "%s", "admin": {"user": "%s", "password": "%s"}}""".formatted(TENANT, ADMIN, PASSWORD));
        assertThat(onboarded.status()).as(onboarded.body()).isEqualTo(201);
    }

    @AfterAll
    static void stopAll() throws Exception {
        if (node != null) {
            node.kill();
            TestPostgres.run("stop", PG_PORT);
        }
    }

    @Test
    void aStoppedDatabaseIsAnswered503WithRetryAfterAndThePlatformRecoversWithoutRestart() throws Exception {
        outage("halt", "resume", CLIENTS * 10 * 5);
    }

    @Test
    void aFrozenDatabaseFailsRequestsInSecondsAndReadinessAnswersAtOnce() throws Exception {
        // Fewer refusals: a request under way when the database froze waits until the outage is noticed (about two
        // seconds) and its connection aborted; one that waits in a place no abort reaches (observed once: all clients for
        // most of the outage) still ends within HANGING.
        outage("freeze", "thaw", 1);
    }

    private void outage(String begin, String end, int minimumRefused) throws Exception {
        long logLinesBefore = logLines().size();
        int refused;
        String timeline;
        try (Load load = new Load(CLIENTS)) {
            load.awaitAnswers(50);
            int answersBefore = load.answers();
            TestPostgres.run(begin, PG_PORT);
            long away = System.currentTimeMillis();
            List<Integer> readiness = new ArrayList<>();
            while (System.currentTimeMillis() - away < 8_000) {
                readiness.add(node.readiness(Duration.ofSeconds(1)));
                Thread.sleep(250);
            }
            int answersWhileAway = load.answers() - answersBefore;
            TestPostgres.run(end, PG_PORT);
            long back = System.currentTimeMillis();
            while (node.readiness(Duration.ofSeconds(1)) != 200 && System.currentTimeMillis() - back < 30_000) {
                Thread.sleep(100);
            }
            if (node.readiness(Duration.ofSeconds(1)) != 200) {
                throw new AssertionError("Not ready again 30 s after the database came back; threads: " + node.threadDump());
            }
            load.awaitAnswers(load.answers() + 50);
            load.stop();

            assertThat(readiness).as("readiness while the database is away: answered within a second (-1: no answer)")
                    .doesNotContain(-1).contains(503);
            assertThat(load.statuses()).as("statuses of the requests under load; others: " + load.unexpected())
                    .isSubsetOf(200, 201, 503).contains(503);
            assertThat(load.hanging()).as("requests not answered within " + HANGING).isZero();
            assertThat(load.unavailable()).as("every 503 has Retry-After and an OData error").allSatisfy(answer -> {
                assertThat(answer.retryAfter()).isEqualTo("5");
                assertThat(JSON.readTree(answer.body()).path("error").path("code").asText()).isEqualTo("503");
            });
            assertThat(answersWhileAway).as("the load was answered while the database was away").isGreaterThan(0);
            assertThat(load.afterRecovery(back)).as("writes succeed again once the database is back").contains(201);
            assertThatEveryAcknowledgedWriteIsStored(load.acknowledged());
            refused = load.unavailable().size();
            timeline = load.timeline(away);
        }
        List<String> log = logLines().subList((int) logLinesBefore, logLines().size());
        assertThat(log.stream().filter(line -> line.contains("Platform database unavailable")))
                .as("one line when the database goes").hasSize(1);
        assertThat(log.stream().filter(line -> line.contains("Platform database available again")))
                .as("one line when it is back").hasSize(1);
        // The requests under way when the database went fail with what the driver, Hibernate and the transaction
        // manager log about them; those refused afterwards, many more, log nothing.
        long warnings = log.stream().filter(line -> line.matches("^\\d{4}-\\d\\d-\\d\\d .* (WARN|ERROR) .*")).count();
        assertThat(warnings).as("warnings and errors in the log during the outage, bounded by the requests under way:\n"
                + String.join("\n", log)).isLessThanOrEqualTo(CLIENTS * 10L);
        assertThat(refused).as("requests refused with 503; per second after the database went: " + timeline)
                .isGreaterThanOrEqualTo(minimumRefused);
    }

    private static void assertThatEveryAcknowledgedWriteIsStored(Set<String> acknowledged) throws Exception {
        Set<String> stored = new HashSet<>();
        try (Connection db = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + PG_PORT + "/platform", "dba", "");
             Statement sql = db.createStatement();
             ResultSet rows = sql.executeQuery("select cost_center_number from cost_center where tenant = '" + TENANT + "'")) {
            while (rows.next()) {
                stored.add(rows.getString(1));
            }
        }
        assertThat(acknowledged).as("acknowledged writes").isNotEmpty();
        assertThat(stored).as("every write acknowledged with 201 is stored").containsAll(acknowledged);
    }

    private static List<String> logLines() throws IOException {
        return Files.exists(node.serverLog()) ? Files.readAllLines(node.serverLog(), StandardCharsets.UTF_8) : List.of();
    }

    /** One answer the load got: its status, when it came, its Retry-After and body. */
    record Answer(int status, long at, String retryAfter, String body, String costCenter) {
    }

    /** Threads that create cost centers and read them back, without pause, until stopped. */
    private static final class Load implements AutoCloseable {

        private final AtomicBoolean running = new AtomicBoolean(true);
        private final ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();
        private final AtomicInteger hanging = new AtomicInteger();
        /** Numbers of cost centers, unique over all loads of the test class. */
        private static final AtomicInteger next = new AtomicInteger();
        private final List<Thread> threads = new ArrayList<>();
        private final String authorization = "Basic " + Base64.getEncoder()
                .encodeToString((ADMIN + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));

        Load(int clients) {
            for (int i = 0; i < clients; i++) {
                Thread thread = new Thread(this::run, "load-" + i);
                thread.start();
                threads.add(thread);
            }
        }

        private void run() {
            while (running.get()) {
                int n = next.incrementAndGet();
                String number = "O-" + n;
                boolean write = n % 2 == 0;
                HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(node.root() + ODataClient.SERVICE
                                + (write ? "CostCenters" : "CostCenters?$top=5&$orderby=CostCenterNumber%20desc")))
                        .timeout(HANGING).header("Authorization", authorization).header("Accept", "application/json");
                if (write) {
                    request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                            "{\"CostCenterNumber\": \"" + number + "\", \"Name\": \"Last " + n + "\"}"));
                }
                try {
                    HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
                    answers.add(new Answer(response.statusCode(), System.currentTimeMillis(),
                            response.headers().firstValue("Retry-After").orElse(null), response.body(), write ? number : null));
                } catch (HttpTimeoutException e) {
                    hanging.incrementAndGet();
                } catch (IOException e) {
                    answers.add(new Answer(-1, System.currentTimeMillis(), null, e.toString(), null));
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        int answers() {
            return answers.size();
        }

        void awaitAnswers(int count) throws InterruptedException {
            long deadline = System.currentTimeMillis() + 60_000;
            while (answers.size() < count && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
            assertThat(answers.size()).as("answers of the load").isGreaterThanOrEqualTo(count);
        }

        Set<Integer> statuses() {
            Set<Integer> statuses = new java.util.TreeSet<>();
            answers.forEach(answer -> statuses.add(answer.status()));
            return statuses;
        }

        /** Statuses per second from {@code since} on, with the longest answer of each second: what the outage looked like. */
        String timeline(long since) {
            java.util.Map<Long, java.util.Map<Integer, Long>> seconds = new java.util.TreeMap<>();
            answers.forEach(answer -> seconds.computeIfAbsent((answer.at() - since) / 1000, s -> new java.util.TreeMap<>())
                    .merge(answer.status(), 1L, Long::sum));
            return seconds.toString();
        }

        List<Answer> unexpected() {
            return answers.stream().filter(answer -> !Set.of(200, 201, 503).contains(answer.status())).limit(5).toList();
        }

        List<Answer> unavailable() {
            return answers.stream().filter(answer -> answer.status() == 503).toList();
        }

        Set<Integer> afterRecovery(long since) {
            Set<Integer> statuses = new java.util.TreeSet<>();
            answers.stream().filter(answer -> answer.at() > since).forEach(answer -> statuses.add(answer.status()));
            return statuses;
        }

        Set<String> acknowledged() {
            Set<String> numbers = new HashSet<>();
            answers.stream().filter(answer -> answer.status() == 201).forEach(answer -> numbers.add(answer.costCenter()));
            return numbers;
        }

        int hanging() {
            return hanging.get();
        }

        void stop() throws InterruptedException {
            running.set(false);
            for (Thread thread : threads) {
                thread.join(HANGING.toMillis() + 5_000);
            }
        }

        @Override
        public void close() throws InterruptedException {
            stop();
        }
    }
}
