package de.deutschlandstack.platform.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The data lake against the real platform: the lake process (its own JVM on local Spark, started as {@code bin/run-lake}
 * starts it) reads the change feed while two tenants keep writing (and erasing data subjects), and is killed
 * ({@code SIGKILL}) at random moments, in its start, in the middle of its steps and their MERGEs, again and again. Once the writes stop and the restarted lake has caught
 * up, every silver table equals the platform's current objects row for row (checksums per tenant and entity set), and
 * no bronze table holds a change twice.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LakeIT extends PlatformIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** The lake's status port: beside the test server's ports, one per execution of the suite at a time. */
    private static final int LAKE_PORT = 18691;
    private static final int KILLS = 4;
    private static final boolean ON_H2 = "h2".equals(System.getProperty("it.database")) && System.getProperty("it.isolation") == null;

    /** The lake process of the tests, in order: the first leaves it running and caught up for the next. */
    private static Process lake;
    private static final Path lakeRoot = Path.of("target", "it-lake-"
            + System.getProperty("it.isolation", System.getProperty("it.database", "default"))).toAbsolutePath();

    @AfterAll
    static void stopTheLake() {
        if (lake != null) {
            lake.destroyForcibly();
        }
    }

    private Process startLake(int run) throws IOException {
        Path module = Path.of("..", "data-lake").toAbsolutePath().normalize();
        String classpath = module.resolve("target/classes") + ":" + Files.readString(module.resolve("target/lake.classpath")).trim();
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx768m", "@" + module.resolve("src/main/jvm/spark.jvmopts"),
                "-cp", classpath, "de.deutschlandstack.lake.LakeApplication");
        builder.environment().putAll(Map.of(
                "LAKE_PLATFORM_URL", serverRoot(),
                "LAKE_PLATFORM_PASSWORD", ChangeFeedIT.LAKE_PASSWORD,
                "LAKE_ROOT", lakeRoot.toString(),
                "LAKE_HTTP_PORT", String.valueOf(LAKE_PORT),
                "LAKE_INTERVAL_MILLIS", "500",
                // Small batches: more steps, and more moments to die in.
                "LAKE_BATCH", "5000",
                "SPARK_LOCAL_IP", "127.0.0.1"));
        builder.redirectErrorStream(true).redirectOutput(lakeRoot.resolveSibling(lakeRoot.getFileName() + "-run-" + run + ".log").toFile());
        return builder.start();
    }

    /** What the platform shows the lake: HMAC-SHA256 of a fixed text under the lake account's password, hex. */
    private static String platformCredential() {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(ChangeFeedIT.LAKE_PASSWORD.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return java.util.HexFormat.of().formatHex(mac.doFinal("deutschland-stack: platform to lake".getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private JsonNode lakeGet(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + LAKE_PORT + path))
                .header("Authorization", "Bearer " + platformCredential())
                .timeout(Duration.ofMinutes(3)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    /**
     * Writes of two tenants, as a few busy clients write: cost centers created, renamed and deleted, partners created, and
     * some of them erased as data subjects.
     */
    private static final class Writes implements AutoCloseable {
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicInteger acknowledged = new AtomicInteger();
        private final AtomicInteger erased = new AtomicInteger();
        private final List<Thread> threads = new ArrayList<>();

        Writes(List<ODataClient> clients) {
            for (ODataClient client : clients) {
                Thread thread = new Thread(() -> write(client), "lake-writes");
                thread.start();
                threads.add(thread);
            }
        }

        private void write(ODataClient client) {
            Random random = new Random();
            for (int n = 0; running.get(); n++) {
                // A client's pace (some ten changes a second per tenant), not a flood the lake would spend minutes catching up on.
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
                String number = "LK" + Long.toString(System.nanoTime() % 100_000_000L, 36);
                ODataClient.Response created = client.post("CostCenters", "{\"CostCenterNumber\": \"" + number + "\", \"Name\": \"Lake " + n + "\"}");
                if (created.status() != 201) {
                    continue;
                }
                acknowledged.incrementAndGet();
                String id = created.json().path("ID").asText();
                if (client.patch("CostCenters(" + id + ")", "{\"Name\": \"Lake " + n + " renamed\"}").status() == 200) {
                    acknowledged.incrementAndGet();
                }
                if (random.nextInt(3) == 0 && client.delete("CostCenters(" + id + ")").status() == 204) {
                    acknowledged.incrementAndGet();
                }
                if (n % 5 == 0) {
                    ODataClient.Response partner = client.post("BusinessPartners", "{\"PartnerNumber\": \"" + number
                            + "\", \"Name\": \"See " + n + "\", \"Role\": \"CUSTOMER\", \"City\": \"Starnberg\", \"Country\": \"DE\","
                            + " \"Email\": \"see-" + number + "@example.org\"}");
                    if (partner.status() == 201) {
                        acknowledged.incrementAndGet();
                        // Every other one is erased again (GDPR): the lake gets erasures while it is killed, too.
                        if (n % 10 == 0 && client.api("DELETE", "/privacy/subjects/BusinessPartners/" + partner.json().path("ID").asText(),
                                null).status() == 200) {
                            erased.incrementAndGet();
                        }
                    }
                }
            }
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            for (Thread thread : threads) {
                thread.join(30_000);
            }
        }
    }

    @Test
    @Order(1)
    void aLakeKilledAgainAndAgainWhileWritesGoOnEndsEqualToThePlatform() throws Exception {
        // On the embedded database, whose demo data the change log holds (the PostgreSQL of the tests starts from the
        // foundation's database, written before the log existed): the lake depends on the platform's feed alone, which
        // ChangeFeedIT tests on both, and a run on each would double the minutes Spark's first steps take on two cores.
        assumeTrue(ON_H2, "the lake's run against the platform on the embedded database");
        deleteRecursively(lakeRoot);
        Random random = new Random();
        int kills = 0;
        try (Writes writes = new Writes(List.of(as(ANNA), as(BEN)))) {
            long progress = 0;
            for (int run = 1; run <= KILLS; run++) {
                lake = startLake(run);
                if (run % 2 == 1) {
                    // Once this run has moved the lake on (so that the runs get further), at a random moment of its next steps.
                    progress = awaitProgressBeyond(progress);
                    Thread.sleep(random.nextInt(6_000));
                } else {
                    // At a random moment of its start or first step, its first MERGEs among them.
                    Thread.sleep(8_000 + random.nextInt(20_000));
                }
                lake.destroyForcibly().waitFor();
                kills++;
            }
            assertThat(writes.acknowledged.get()).as("writes went on meanwhile").isGreaterThan(20);
            assertThat(writes.erased.get()).as("subjects were erased meanwhile").isPositive();
        }
        lake = startLake(KILLS + 1);
        JsonNode status = awaitCaughtUp();
        assertThat(status.path("lastError").isNull()).as(status.toString()).isTrue();
        assertThat(kills).isEqualTo(KILLS);
        // Every erasure the platform recorded (these writes' and any other test's) is carried out and reported.
        long deadline = System.currentTimeMillis() + 120_000;
        long open;
        do {
            Thread.sleep(500);
            try (Connection db = database(); Statement sql = db.createStatement();
                 ResultSet row = sql.executeQuery("select count(*) from lake_erasure where applied_at is null")) {
                row.next();
                open = row.getLong(1);
            }
        } while (open > 0 && System.currentTimeMillis() < deadline);
        assertThat(open).as("erasures the lake has not applied").isZero();

        assertTheLakeEqualsThePlatform();
    }

    @Test
    @Order(2)
    void eachTenantsReadersGetTheLakesAnalysesOfTheirOwnBooks() throws Exception {
        assumeTrue(ON_H2, "the lake's run against the platform on the embedded database");
        if (lake == null || !lake.isAlive()) {
            lake = startLake(99);
        }
        awaitCaughtUp();
        ODataClient.Response revenue = as(ANNA).api("GET", "/lake/analyses/revenue-by-month-and-customer", null);
        assertThat(revenue.status()).as(revenue.body()).isEqualTo(200);
        JsonNode rows = revenue.json().path("rows");
        assertThat(rows.size()).isPositive();
        // The lake's sum is the platform's: customer invoices posted, paid or not, of Anna's tenant.
        java.math.BigDecimal lakeTotal = java.math.BigDecimal.ZERO;
        for (JsonNode row : rows) {
            lakeTotal = lakeTotal.add(row.path("NetRevenue").decimalValue());
            assertThat(row.path("Month").asText()).matches("\\d{4}-\\d{2}");
        }
        ODataClient.Response platformTotal = as(ANNA).get("Invoices?$apply=filter(Kind eq 'CUSTOMER' and Status in ('POSTED','PARTIALLY_PAID','PAID'))"
                + "/aggregate(NetAmount with sum as Total)");
        assertThat(platformTotal.status()).as(platformTotal.body()).isEqualTo(200);
        assertThat(lakeTotal).isEqualByComparingTo(platformTotal.rows().get(0).path("Total").decimalValue());

        // Each tenant its own: a tenant named in the request changes nothing; Ben's customers are not Anna's.
        ODataClient.Response smuggled = as(ANNA).api("GET", "/lake/analyses/revenue-by-month-and-customer?tenant=bayern-werke", null);
        assertThat(smuggled.json().path("rows")).isEqualTo(rows);
        ODataClient.Response bens = as(BEN).api("GET", "/lake/analyses/revenue-by-month-and-customer", null);
        assertThat(bens.status()).isEqualTo(200);
        java.util.Set<String> annasCustomers = new java.util.HashSet<>();
        rows.forEach(row -> annasCustomers.add(row.path("Customer").asText()));
        bens.json().path("rows").forEach(row -> assertThat(annasCustomers).doesNotContain(row.path("Customer").asText()));

        for (String analysis : List.of("receivables-ageing", "product-demand-by-month")) {
            ODataClient.Response answer = as(LEA).api("GET", "/lake/analyses/" + analysis, null);
            assertThat(answer.status()).as(analysis + ": " + answer.body()).isEqualTo(200);
            assertThat(answer.json().path("rows").size()).as(analysis).isPositive();
        }
        // The lake takes the platform's credential, derived from the lake account's password, never the password itself.
        assertThat(HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + LAKE_PORT + "/status"))
                .header("Authorization", "Bearer " + ChangeFeedIT.LAKE_PASSWORD).build(), HttpResponse.BodyHandlers.ofString())
                .statusCode()).isEqualTo(401);
        // Time travel: the lake as it was after its first step held less of the year's business than it holds now; or,
        // where an erasure has vacuumed a table's files of that time since, the lake says its history does not reach back.
        ODataClient.Response early = as(ANNA).api("GET", "/lake/analyses/revenue-by-month-and-customer?version=0", null);
        assertThat(early.status()).as(early.body()).isIn(200, 409);
        if (early.status() == 200) {
            assertThat(early.json().path("asOf").asText()).isNotEmpty();
            java.math.BigDecimal earlyTotal = java.math.BigDecimal.ZERO;
            for (JsonNode row : early.json().path("rows")) {
                earlyTotal = earlyTotal.add(row.path("NetRevenue").decimalValue());
            }
            assertThat(earlyTotal).isLessThan(lakeTotal);
        } else {
            assertThat(early.json().path("detail").asText()).contains("history");
        }
        // The lake's latest version read by its time: the same as now.
        ODataClient.Response latest = as(ANNA).api("GET", "/lake/analyses/revenue-by-month-and-customer?asOf="
                + java.time.Instant.now().minusSeconds(1), null);
        assertThat(latest.status()).as(latest.body()).isEqualTo(200);
        assertThat(latest.json().path("rows")).isEqualTo(rows);
        assertThat(as(ANNA).api("GET", "/lake/analyses/revenue-by-month-and-customer?asOf=2999-01-01T00:00:00Z", null).status())
                .isEqualTo(400);

        // Who may not, and what cannot be: problems, not 500s.
        assertThat(as(OPERATOR).api("GET", "/lake/analyses/revenue-by-month-and-customer", null).status()).isEqualTo(403);
        assertThat(as(OTTO).api("GET", "/lake/analyses/revenue-by-month-and-customer", null).status()).isEqualTo(403);
        assertThat(as(ChangeFeedIT.LAKE, ChangeFeedIT.LAKE_PASSWORD).api("GET", "/lake/analyses/receivables-ageing", null).status())
                .isEqualTo(403);
        assertThat(as(ANNA).api("GET", "/lake/analyses/select-star-from-everything", null).status()).isEqualTo(404);
        assertThat(as(ANNA).api("GET", "/lake/analyses/receivables-ageing?asOf=gestern", null).status()).isEqualTo(400);
        assertThat(as(ANNA).api("GET", "/lake/analyses/receivables-ageing?version=999999", null).status()).isEqualTo(404);
        assertThat(as(ANNA).api("GET", "/lake/analyses/receivables-ageing?asOf=2001-01-01T00:00:00Z", null).status()).isEqualTo(409);
        ODataClient.Response status = as(OPERATOR).api("GET", "/lake/status", null);
        assertThat(status.status()).isEqualTo(200);
        assertThat(status.json().path("tables").size()).isPositive();
        assertThat(as(ANNA).api("GET", "/lake/status", null).status()).isEqualTo(403);

        theLakeIsWatchedAndALakeThatIsAwayDegradesItsOwnFeaturesOnly();
    }

    /**
     * What an operator sees of the lake: its availability, backlog and freshness in the platform's metrics; and when the
     * lake is away, its analyses answer 503 with Retry-After as problems while the rest of the platform serves on, one
     * log line says so (not one per request) and one says when it is back.
     */
    private void theLakeIsWatchedAndALakeThatIsAwayDegradesItsOwnFeaturesOnly() throws Exception {
        String available = "platform_lake_available{WF_DEPLOYMENT=\"platform.ear\"}";
        String metrics = awaitMetric(available, 1);
        assertThat(ObservabilityIT.valueWith(metrics, "platform_lake_progress", "platform.ear"))
                .as("the position the lake has applied up to").isPositive();
        assertThat(ObservabilityIT.valueWith(metrics, "platform_lake_behind", "platform.ear"))
                .as("the lake's backlog: entries of the change log it has not applied").isGreaterThanOrEqualTo(0);
        assertThat(ObservabilityIT.valueWith(metrics, "platform_lake_freshness_seconds", "quantile=\"0.99\""))
                .as("the freshness of the changes written meanwhile").isPositive();

        Path log = Path.of("target", "server", "standalone", "log", "server.log");
        long awayLinesBefore = linesContaining(log, "is not reachable");
        long backLinesBefore = linesContaining(log, "answers again");
        lake.destroyForcibly().waitFor();
        for (int request = 0; request < 5; request++) {
            ODataClient.Response away = as(ANNA).api("GET", "/lake/analyses/receivables-ageing", null);
            assertThat(away.status()).as(away.body()).isEqualTo(503);
            assertThat(away.header("Retry-After")).as("when to ask again").hasValueSatisfying(after -> assertThat(after).matches("[1-9][0-9]*"));
            assertThat(away.header("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(away.json().path("detail").asText()).contains("not reachable");
        }
        assertThat(as(ANNA).get("CostCenters?$top=1").status()).as("OData serves on without the lake").isEqualTo(200);
        assertThat(HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:10090/health/ready")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).as("the platform stays ready").isEqualTo(200);
        assertThat(linesContaining(log, "is not reachable") - awayLinesBefore).as("one log line for the outage, not one per request")
                .isEqualTo(1);
        awaitMetric(available, 0);

        lake = startLake(97);
        awaitCaughtUp();
        assertThat(as(ANNA).api("GET", "/lake/analyses/receivables-ageing", null).status()).isEqualTo(200);
        assertThat(linesContaining(log, "answers again") - backLinesBefore).as("the lake's return is logged, once").isEqualTo(1);
    }

    /** The metrics once {@code series} shows {@code expected}: the platform reads the lake's report at most every 15 s. */
    private static String awaitMetric(String series, double expected) throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        String metrics;
        do {
            metrics = ObservabilityIT.metrics();
            if (metrics.contains(series + " ") && ObservabilityIT.value(metrics, series) == expected) {
                return metrics;
            }
            Thread.sleep(1000);
        } while (System.currentTimeMillis() < deadline);
        assertThat(metrics).as("the series is there").contains(series + " ");
        assertThat(ObservabilityIT.value(metrics, series)).as(series).isEqualTo(expected);
        return metrics;
    }

    private static long linesContaining(Path log, String text) throws IOException {
        try (java.util.stream.Stream<String> lines = Files.lines(log, StandardCharsets.UTF_8)) {
            return lines.filter(line -> line.contains(text)).count();
        }
    }

    /**
     * The same lake application, as its jar, submitted to a Spark standalone cluster (a Master and a Worker started from
     * the Maven jars on 127.0.0.1): its executors do the work, and the tables end equal to the platform as before.
     */
    /**
     * Sovereign training: each tenant trains the platform's built-in services on its own lake data; the job reports its
     * progress, the trained version names the Delta versions it saw and how it scored on its holdout, serves predictions
     * that follow the tenant's books, and is promoted and rolled back like any other version. Another tenant sees none of it.
     */
    @Test
    @Order(3)
    void eachTenantTrainsTheBuiltInServicesOnItsOwnLakeDataAndPromotesTheResult() throws Exception {
        assumeTrue(ON_H2, "the lake's run against the platform on the embedded database");
        if (lake == null || !lake.isAlive()) {
            lake = startLake(98);
        }
        awaitCaughtUp();
        assertThat(as(LEA).ai("POST", "/services/payment-delay-risk/training", "{}").status()).isEqualTo(403);
        assertThat(as(ANNA).ai("POST", "/services/fortune-telling/training", "{}").status()).isEqualTo(404);

        ODataClient.Response started = as(ANNA).ai("POST", "/services/payment-delay-risk/training", "{}");
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        // A second start while the first is under way is refused; it is taken only if the first has finished already.
        ODataClient.Response again = as(ANNA).ai("POST", "/services/payment-delay-risk/training", "{}");
        if (again.status() == 202) {
            assertThat(as(ANNA).ai("GET", "/training-jobs/" + started.json().path("id").asLong(), null).json().path("status")
                    .asText()).isIn("SUCCEEDED", "FAILED");
            awaitTraining(ANNA, again.json().path("id").asLong());
        } else {
            assertThat(again.status()).as(again.body()).isEqualTo(409);
            assertThat(again.json().path("detail").asText()).contains("under way already");
        }
        JsonNode job = awaitTraining(ANNA, started.json().path("id").asLong());
        assertThat(job.path("status").asText()).as(job.toString()).isEqualTo("SUCCEEDED");
        assertThat(job.path("progress").asInt()).isEqualTo(100);
        JsonNode trainedOn = JSON.readTree(job.path("trainedOn").asText());
        assertThat(trainedOn.path("tables").path("Invoices").isNumber()).isTrue();
        assertThat(trainedOn.path("tables").path("Payments").isNumber()).isTrue();
        assertThat(trainedOn.path("rows").asInt()).isGreaterThan(50);
        JsonNode evaluation = JSON.readTree(job.path("evaluation").asText());
        assertThat(evaluation.path("holdoutRows").asInt()).isPositive();
        assertThat(evaluation.has("auc")).isTrue();

        String version = job.path("modelVersion").asText();
        JsonNode model = as(ANNA).ai("GET", "/models/payment-delay-risk/versions/" + version, null).json();
        assertThat(model.path("source").asText()).isEqualTo("TRAINED");
        assertThat(model.path("trainedOn").asText()).isEqualTo(job.path("trainedOn").asText());
        assertThat(model.path("features").toString()).contains("PriorLateShare");
        // The demo's customers pay by habit: one who paid every earlier invoice late is more likely to again.
        String habitual = "{\"instances\": [{\"LogGrossAmount\": 8, \"TermDays\": 30, \"PriorInvoices\": 10, \"PriorLateShare\": 1}]}";
        String punctual = "{\"instances\": [{\"LogGrossAmount\": 8, \"TermDays\": 30, \"PriorInvoices\": 10, \"PriorLateShare\": 0}]}";
        double late = predictLate(habitual);
        double onTime = predictLate(punctual);
        assertThat(late).isBetween(0.0, 1.0);
        assertThat(late).isGreaterThan(onTime);

        // The model answers as an OData action on the business object: the invoice's features are the platform's to gather.
        String paid = as(ANNA).get("Invoices?$filter=Kind eq 'CUSTOMER' and Status eq 'PAID'&$top=1&$select=ID").rows().get(0)
                .path("ID").asText();
        ODataClient.Response predicted = as(LEA).post("Invoices(" + paid + ")/DeutschlandStack.Erp.PredictPaymentDelay", "{}");
        assertThat(predicted.status()).as(predicted.body()).isEqualTo(200);
        assertThat(predicted.json().path("value").asDouble()).isBetween(0.0, 1.0);
        java.util.List<JsonNode> drafts = as(ANNA).get("Invoices?$filter=Status eq 'DRAFT'&$top=1&$select=ID").rows();
        if (!drafts.isEmpty()) {
            ODataClient.Response draft = as(LEA).post("Invoices(" + drafts.get(0).path("ID").asText()
                    + ")/DeutschlandStack.Erp.PredictPaymentDelay", "{}");
            assertThat(draft.status()).as(draft.body()).isEqualTo(400);
        }

        // A second training makes the next version, which waits to be promoted; rolling back is promoting the first again.
        JsonNode second = awaitTraining(ANNA, as(ANNA).ai("POST", "/services/payment-delay-risk/training", "{}").json().path("id").asLong());
        assertThat(second.path("status").asText()).as(second.toString()).isEqualTo("SUCCEEDED");
        String next = second.path("modelVersion").asText();
        assertThat(next).isNotEqualTo(version);
        assertThat(as(ANNA).ai("POST", "/models/payment-delay-risk/predict", habitual).json().path("version").asText()).isEqualTo(version);
        as(ANNA).ai("POST", "/models/payment-delay-risk/versions/" + next + "/promote", null);
        assertThat(as(ANNA).ai("POST", "/models/payment-delay-risk/predict", habitual).json().path("version").asText()).isEqualTo(next);
        as(ANNA).ai("POST", "/models/payment-delay-risk/versions/" + version + "/promote", null);
        assertThat(as(ANNA).ai("POST", "/models/payment-delay-risk/predict", habitual).json().path("version").asText()).isEqualTo(version);

        // Ben's tenant: none of Anna's models or jobs; its own demand forecast from its own orders.
        assertThat(as(BEN).ai("GET", "/models/payment-delay-risk", null).status()).isEqualTo(404);
        assertThat(as(BEN).ai("GET", "/training-jobs/" + job.path("id").asLong(), null).status()).isEqualTo(404);
        JsonNode demand = awaitTraining(BEN, as(BEN).ai("POST", "/services/product-demand-forecast/training", "{}").json().path("id").asLong());
        assertThat(demand.path("status").asText()).as(demand.toString()).isEqualTo("SUCCEEDED");
        assertThat(JSON.readTree(demand.path("trainedOn").asText()).path("tables").has("SalesOrderItems")).isTrue();
        ODataClient.Response forecast = as(BEN).ai("POST", "/models/product-demand-forecast/predict",
                "{\"instances\": [[10, 12, 8, 0.5, 0.866]]}");
        assertThat(forecast.status()).as(forecast.body()).isEqualTo(200);
        assertThat(as(ANNA).ai("GET", "/models/product-demand-forecast", null).status()).isEqualTo(404);
        // A lake version the lake does not have: the job fails with the lake's reason, nothing is registered.
        JsonNode missing = awaitTraining(BEN, as(BEN).ai("POST", "/services/product-demand-forecast/training",
                "{\"lakeVersion\": \"999999\"}").json().path("id").asLong());
        assertThat(missing.path("status").asText()).isEqualTo("FAILED");
        assertThat(missing.path("message").asText()).contains("999999");
        assertThat(as(BEN).ai("POST", "/services/product-demand-forecast/training", "{\"lakeVersion\": \"x\"}").status())
                .isEqualTo(400);

        // The README's AI examples, as written.
        String readme = ReadmeExamplesIT.run(ReadmeExamplesIT.examples("## AI services"), serverRoot());
        assertThat(readme).contains("\"status\":\"QUEUED\"", "\"service\":\"payment-delay-risk\"", "\"value\":");
    }

    private double predictLate(String body) {
        ODataClient.Response answer = as(LEA).ai("POST", "/models/payment-delay-risk/predict", body);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json().path("predictions").get(0).path("lateProbability").asDouble();
    }

    private JsonNode awaitTraining(String user, long id) throws InterruptedException {
        JsonNode job = null;
        for (int i = 0; i < 600; i++) {
            job = as(user).ai("GET", "/training-jobs/" + id, null).json();
            String status = job.path("status").asText();
            if (status.equals("SUCCEEDED") || status.equals("FAILED")) {
                return job;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("Training job " + id + " did not finish: " + job);
    }

    @Test
    @Order(4)
    void theSameLakeJarRunsOnASparkClusterAndEndsEqualToThePlatform() throws Exception {
        assumeTrue(ON_H2, "the lake's run against the platform on the embedded database");
        stopTheLake();
        Path module = Path.of("..", "data-lake").toAbsolutePath().normalize();
        String classpath = Files.readString(module.resolve("target/lake.classpath")).trim();
        Path work = Path.of("target", "it-spark-cluster").toAbsolutePath();
        deleteRecursively(work);
        // The Worker starts its executors from SPARK_HOME/jars: the Maven jars, linked.
        Path jars = Files.createDirectories(work.resolve("spark-home/jars"));
        for (String jar : classpath.split(":")) {
            Files.createSymbolicLink(jars.resolve(Path.of(jar).getFileName()), Path.of(jar));
        }
        Path jvmOptions = module.resolve("src/main/jvm/spark.jvmopts");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // SPARK_SCALA_VERSION: the Worker's launcher would look for Spark's own build directories to learn it.
        Map<String, String> sparkEnvironment = Map.of("SPARK_HOME", work.resolve("spark-home").toString(), "SPARK_LOCAL_IP", "127.0.0.1",
                "SPARK_SCALA_VERSION", "2.13");
        List<Process> cluster = new ArrayList<>();
        Path lakeJar;
        try (var built = Files.list(module.resolve("target"))) {
            lakeJar = built.filter(f -> f.getFileName().toString().matches("data-lake-.*\\.jar")).findFirst()
                    .orElseThrow(() -> new AssertionError("data-lake's jar is not built"));
        }
        try {
            cluster.add(start(work.resolve("master.log"), sparkEnvironment, java, "-Xmx256m", "@" + jvmOptions, "-cp", classpath,
                    "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", "--port", String.valueOf(MASTER_PORT),
                    "--webui-port", String.valueOf(MASTER_PORT + 1)));
            cluster.add(start(work.resolve("worker.log"), sparkEnvironment, java, "-Xmx256m", "@" + jvmOptions, "-cp", classpath,
                    "org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1", "--cores", "2", "--memory", "1g",
                    "--webui-port", String.valueOf(MASTER_PORT + 2), "--work-dir", work.resolve("work").toString(),
                    "spark://127.0.0.1:" + MASTER_PORT));
            awaitWorkers(1);

            Path clusterLake = work.resolve("lake");
            Map<String, String> lakeEnvironment = new HashMap<>(sparkEnvironment);
            lakeEnvironment.putAll(Map.of(
                    "LAKE_SPARK_MASTER", "spark://127.0.0.1:" + MASTER_PORT,
                    "LAKE_PLATFORM_URL", serverRoot(),
                    "LAKE_PLATFORM_PASSWORD", ChangeFeedIT.LAKE_PASSWORD,
                    "LAKE_ROOT", clusterLake.toString(),
                    "LAKE_HTTP_PORT", String.valueOf(LAKE_PORT),
                    "LAKE_BATCH", "10000"));
            lake = start(work.resolve("lake.log"), lakeEnvironment, java, "-Xmx768m", "@" + jvmOptions, "-cp", classpath,
                    "org.apache.spark.deploy.SparkSubmit", "--master", "spark://127.0.0.1:" + MASTER_PORT, "--deploy-mode", "client",
                    "--conf", "spark.executor.memory=768m", "--conf", "spark.driver.host=127.0.0.1",
                    "--class", "de.deutschlandstack.lake.LakeApplication", lakeJar.toString());
            awaitCaughtUp();
            assertTheLakeEqualsThePlatform();
            // The work was the cluster's: the Master ran the lake as an application, and the Worker's executor logged it.
            JsonNode master = JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + (MASTER_PORT + 1) + "/json/"))
                    .build(), HttpResponse.BodyHandlers.ofString()).body());
            assertThat(master.path("activeapps")).anySatisfy(app -> assertThat(app.path("name").asText()).isEqualTo("deutschland-stack-lake"));
            try (var executors = Files.walk(work.resolve("work"))) {
                assertThat(executors.filter(f -> f.getFileName().toString().equals("stderr")).toList()).as("executor logs").isNotEmpty();
            }
        } finally {
            stopTheLake();
            cluster.forEach(Process::destroyForcibly);
        }
    }

    private static final int MASTER_PORT = 17077;

    private static Process start(Path log, Map<String, String> environment, String... command) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(environment);
        builder.redirectErrorStream(true).redirectOutput(log.toFile());
        return builder.start();
    }

    private static void awaitWorkers(int count) throws Exception {
        long deadline = System.currentTimeMillis() + Duration.ofMinutes(2).toMillis();
        while (System.currentTimeMillis() < deadline) {
            try {
                JsonNode master = JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + (MASTER_PORT + 1) + "/json/"))
                        .build(), HttpResponse.BodyHandlers.ofString()).body());
                if (master.path("aliveworkers").asInt() >= count) {
                    return;
                }
            } catch (IOException starting) {
                // the Master's web UI is not up yet
            }
            Thread.sleep(500);
        }
        throw new AssertionError("No Spark worker registered with the Master");
    }

    /**
     * Silver equals the platform's current objects row for row (rows and checksum per tenant and entity set, both ways),
     * bronze holds no change twice, and the change log's view of the objects is the tables' own (cost centers).
     */
    private void assertTheLakeEqualsThePlatform() throws Exception {
        Map<String, Map<String, long[]>> platform = platformChecksums();
        JsonNode lakeChecksums = lakeGet("/checksums");
        for (Map.Entry<String, Map<String, long[]>> set : platform.entrySet()) {
            JsonNode silver = lakeChecksums.path("silver/" + set.getKey());
            for (Map.Entry<String, long[]> tenant : set.getValue().entrySet()) {
                JsonNode lakeSide = silver.path(tenant.getKey());
                assertThat(new long[]{lakeSide.path("rows").asLong(), lakeSide.path("checksum").asLong()})
                        .as("silver/%s of %s: rows and checksum", set.getKey(), tenant.getKey()).containsExactly(tenant.getValue());
            }
        }
        lakeChecksums.fieldNames().forEachRemaining(table -> {
            if (table.startsWith("silver/")) {
                lakeChecksums.path(table).fieldNames().forEachRemaining(tenant -> assertThat(platform.getOrDefault(
                        table.substring("silver/".length()), Map.of())).as("%s holds objects of %s", table, tenant).containsKey(tenant));
            }
            if (table.startsWith("bronze/")) {
                lakeChecksums.path(table).forEach(tenant -> assertThat(tenant.path("distinctSeqs").asLong())
                        .as("%s: every change once", table).isEqualTo(tenant.path("rows").asLong()));
            }
        });
        // The change log's view of the current objects is the tables' own: the cost centers the database holds.
        try (Connection db = database(); Statement sql = db.createStatement();
             ResultSet rows = sql.executeQuery("select tenant, count(*) from cost_center group by tenant")) {
            while (rows.next()) {
                assertThat(lakeChecksums.path("silver/CostCenters").path(rows.getString(1)).path("rows").asLong())
                        .as("cost centers of " + rows.getString(1)).isEqualTo(rows.getLong(2));
            }
        }
    }

    /** Waits until the lake's progress is beyond {@code progress}, and answers it. */
    private long awaitProgressBeyond(long progress) throws Exception {
        long deadline = System.currentTimeMillis() + Duration.ofMinutes(5).toMillis();
        while (System.currentTimeMillis() < deadline) {
            assertThat(lake.isAlive()).as("the lake process runs").isTrue();
            try {
                long now = lakeGet("/status?tables=false").path("progress").asLong();
                if (now > progress) {
                    return now;
                }
            } catch (IOException starting) {
                // the lake's HTTP server is not up yet
            }
            Thread.sleep(250);
        }
        throw new AssertionError("The lake made no progress beyond " + progress);
    }

    private JsonNode awaitCaughtUp() throws Exception {
        long position;
        try (Connection db = database(); Statement sql = db.createStatement();
             ResultSet row = sql.executeQuery("select last_seq from change_log_position where id = 1")) {
            row.next();
            position = row.getLong(1);
        }
        long deadline = System.currentTimeMillis() + Duration.ofMinutes(6).toMillis();
        JsonNode status = null;
        while (System.currentTimeMillis() < deadline) {
            try {
                status = lakeGet("/status?tables=false");
                if (status.path("progress").asLong() >= position) {
                    return status;
                }
            } catch (IOException starting) {
                // the lake's HTTP server is not up yet
            }
            assertThat(lake.isAlive()).as("the lake process runs").isTrue();
            Thread.sleep(1000);
        }
        throw new AssertionError("The lake did not catch up with position " + position + ": " + status);
    }

    /**
     * Per entity set and tenant, the platform's current objects as rows and checksum, computed as the lake computes its
     * own: the newest change log entry of each object that still exists, its key, sequence number and state.
     */
    private Map<String, Map<String, long[]>> platformChecksums() throws Exception {
        Map<String, Object[]> newest = new HashMap<>();
        Map<String, String> activeTenants = new HashMap<>();
        try (Connection db = database(); Statement sql = db.createStatement()) {
            try (ResultSet rows = sql.executeQuery("select tenant from platform_tenant where status in ('ACTIVE', 'SUSPENDED')")) {
                while (rows.next()) {
                    activeTenants.put(rows.getString(1), rows.getString(1));
                }
            }
            sql.setFetchSize(1000);
            try (ResultSet rows = sql.executeQuery("select tenant, entity_set, entity_key, seq, operation, state from change_log order by seq")) {
                while (rows.next()) {
                    newest.put(rows.getString(1) + "\u0000" + rows.getString(2) + "\u0000" + rows.getString(3), new Object[]{
                            rows.getString(1), rows.getString(2), rows.getString(3), rows.getLong(4), rows.getString(5), rows.getString(6)});
                }
            }
        }
        Map<String, Map<String, long[]>> checksums = new TreeMap<>();
        for (Object[] entry : newest.values()) {
            if (entry[4].equals("DELETED") || !activeTenants.containsKey((String) entry[0])) {
                continue;
            }
            CRC32 crc = new CRC32();
            crc.update((entry[2] + "\n" + entry[3] + "\n" + (entry[5] == null ? "" : entry[5])).getBytes(StandardCharsets.UTF_8));
            long[] sums = checksums.computeIfAbsent((String) entry[1], set -> new TreeMap<>())
                    .computeIfAbsent((String) entry[0], tenant -> new long[2]);
            sums[0]++;
            sums[1] += crc.getValue();
        }
        return checksums;
    }

    private static Connection database() throws Exception {
        return DriverManager.getConnection(System.getProperty("it.db.url"), System.getProperty("it.db.user"),
                System.getProperty("it.db.password"));
    }

    private static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (var files = Files.walk(path)) {
            for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }
}
