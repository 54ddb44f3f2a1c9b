package de.deutschlandstack.platform.it;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The platform on a bad day: its PostgreSQL stops, or freezes (every process stopped, connections open, nothing
 * answers), under a load of writes and reads; or the identity provider whose tokens it accepts cannot be reached. A node of the test's own runs on a PostgreSQL of the test's own, so that the
 * shared test server is not touched. While the database is away every request is answered at once, 503 with
 * {@code Retry-After} in OData's error format, never 500 and never hanging; readiness answers DOWN within a second; the
 * server log gets one line when the database goes and one when it is back, no stack traces; the platform serves again
 * without a restart; and every write it acknowledged with 201 is in the database. The identity provider's tokens are
 * answered 503 while it is away, logged once, and everything else works on.
 */
class DependencyOutageIT {

    private static final int PORT_OFFSET = 400;
    private static final int PG_PORT = 15436;
    private static final int CLIENTS = 4;
    /** An OpenID Connect issuer the node is configured with, at an address where nothing listens. */
    private static final String UNREACHABLE_ISSUER = "http://127.0.0.1:9/realms/gone";
    private static final String TENANT = "outage-test";
    private static final String ADMIN = "chef@" + TENANT;
    private static final String PASSWORD = "outage-test-passwort-1";
    /**
     * Longer than any answer may take, shorter than the freeze: a request still open after it hangs. The database counts
     * as away two or three seconds after it froze and the connections waiting on it are aborted then (the network
     * timeout alone would take 35 s); a request that was opening a new connection meanwhile waits out its login
     * timeout (3 s), after at most one validation of an idle connection (2 s).
     */
    private static final Duration HANGING = Duration.ofSeconds(10);
    /** How long the database is away: long enough that a request waiting for it to come back is caught as hanging. */
    private static final Duration AWAY = Duration.ofSeconds(15);
    /** By when the platform has noticed the database is away, at the latest: requests sent from then on are refused at once. */
    private static final Duration NOTICED = Duration.ofSeconds(4);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static PlatformNode node;

    @BeforeAll
    static void nodeOnItsOwnDatabase() throws Exception {
        assumeTrue("postgresql".equals(System.getProperty("it.database")), "the outage is one of PostgreSQL");
        TestPostgres.run("start", PG_PORT);
        node = new PlatformNode("outage-node", PORT_OFFSET,
                "jdbc:postgresql://127.0.0.1:" + PG_PORT + "/platform",
                "outage-test-operator-1", Map.of(
                        "PLATFORM_RATE_LIMIT_USER_PER_MINUTE", "10000000",
                        "PLATFORM_RATE_LIMIT_TENANT_PER_MINUTE", "10000000",
                        "PLATFORM_OIDC_ISSUER", UNREACHABLE_ISSUER));
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
        outage("halt", "resume");
    }

    @Test
    void aFrozenDatabaseFailsRequestsInSecondsAndReadinessAnswersAtOnce() throws Exception {
        outage("freeze", "thaw");
    }

    @Test
    void anUnreachableIdentityProviderIsAnswered503ForItsTokensOnlyAndLoggedOnce() throws Exception {
        long logLinesBefore = logLines().size();
        // A token that names the configured issuer (nothing listens at its address): its signature cannot be checked
        // without the issuer's keys, so it is neither accepted nor refused as invalid.
        java.util.Base64.Encoder base64 = java.util.Base64.getUrlEncoder().withoutPadding();
        String token = base64.encodeToString("{\"alg\":\"RS256\",\"kid\":\"k1\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + base64.encodeToString(("{\"iss\":\"" + UNREACHABLE_ISSUER + "\",\"sub\":\"someone\",\"aud\":\"deutschland-stack\","
                + "\"exp\":" + (System.currentTimeMillis() / 1000 + 600) + "}").getBytes(StandardCharsets.UTF_8)) + "."
                + base64.encodeToString(new byte[256]);
        for (int i = 0; i < 3; i++) {
            ODataClient.Response odata = ODataClient.bearer(node.root(), token).get("CostCenters?$top=1");
            assertThat(odata.status()).as(odata.body()).isEqualTo(503);
            assertThat(odata.header("Retry-After")).contains("30");
            assertThat(odata.errorMessage()).contains("identity provider");
            ODataClient.Response rest = ODataClient.bearer(node.root(), token).api("GET", "/me", null);
            assertThat(rest.status()).isEqualTo(503);
            assertThat(rest.header("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        }
        ODataClient basic = new ODataClient(node.root(), ADMIN, PASSWORD);
        assertThat(basic.get("CostCenters?$top=1").status()).as("Basic logins work on").isEqualTo(200);
        String platformToken = basic.api("POST", "/token", null).json().path("access_token").asText();
        assertThat(ODataClient.bearer(node.root(), platformToken).get("CostCenters?$top=1").status())
                .as("the platform's own tokens work on").isEqualTo(200);
        assertThat(node.readiness(Duration.ofSeconds(1))).as("readiness: the platform is ready").isEqualTo(200);
        List<String> log = logLines().subList((int) logLinesBefore, logLines().size());
        assertThat(log.stream().filter(line -> line.contains("OIDC issuer unreachable"))).as("one line for six requests").hasSize(1);
    }

    private void outage(String begin, String end) throws Exception {
        long logLinesBefore = logLines().size();
        String timeline;
        String threadsWhileAway = "(no request waited longer than " + NOTICED.plusSeconds(1) + ")";
        try (CostCenterLoad load = new CostCenterLoad(node.root(), ADMIN, PASSWORD, "O", CLIENTS, HANGING)) {
            load.awaitAnswers(50);
            int answersBefore = load.answers();
            TestPostgres.run(begin, PG_PORT);
            long away = System.currentTimeMillis();
            List<Integer> readiness = new ArrayList<>();
            while (System.currentTimeMillis() - away < AWAY.toMillis()) {
                readiness.add(node.readiness(Duration.ofSeconds(1)));
                if (load.oldestPendingMillis() > NOTICED.toMillis() + 1000 && threadsWhileAway.startsWith("(")) {
                    threadsWhileAway = node.threadDump().toString(); // where a request waits that should have been answered
                }
                Thread.sleep(250);
            }
            int answersWhileAway = load.answers() - answersBefore;
            long ending = System.currentTimeMillis();
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
            assertThat(load.statuses()).as("statuses of the requests under load; others: " + load.other(Set.of(200, 201, 503)))
                    .isSubsetOf(200, 201, 503).contains(503);
            assertThat(load.hanging()).as("requests not answered within " + HANGING + "; threads: " + threadsWhileAway).isZero();
            long noticed = away + NOTICED.toMillis();
            assertThat(load.answersSent(noticed, ending)).as("requests sent while the database was known to be away; statuses per second after it went: "
                            + load.timeline(away))
                    .isNotEmpty().allSatisfy(answer -> {
                        assertThat(answer.status()).isEqualTo(503);
                        assertThat(answer.at() - answer.sentAt()).as("refused at once (ms)").isLessThan(2000);
                    });
            assertThat(load.withStatus(503)).as("every 503 has Retry-After and an OData error").allSatisfy(answer -> {
                assertThat(answer.retryAfter()).isEqualTo("5");
                assertThat(JSON.readTree(answer.body()).path("error").path("code").asText()).isEqualTo("503");
            });
            assertThat(answersWhileAway).as("the load was answered while the database was away").isGreaterThan(0);
            assertThat(load.statusesAfter(back)).as("writes succeed again once the database is back").contains(201);
            assertThatEveryAcknowledgedWriteIsStored(load.acknowledged());
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
        assertThat(warnings).as("warnings and errors in the log during the outage, bounded by the requests under way "
                + "(statuses per second after the database went: " + timeline + "):\n"
                + String.join("\n", log)).isLessThanOrEqualTo(CLIENTS * 10L);
    }

    private static void assertThatEveryAcknowledgedWriteIsStored(Set<String> acknowledged) throws Exception {
        assertThat(acknowledged).as("acknowledged writes").isNotEmpty();
        assertThat(CostCenterLoad.stored("jdbc:postgresql://127.0.0.1:" + PG_PORT + "/platform", TENANT))
                .as("every write acknowledged with 201 is stored").containsAll(acknowledged);
    }

    private static List<String> logLines() throws IOException {
        return Files.exists(node.serverLog()) ? Files.readAllLines(node.serverLog(), StandardCharsets.UTF_8) : List.of();
    }
}
