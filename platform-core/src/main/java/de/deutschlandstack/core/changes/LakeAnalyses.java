package de.deutschlandstack.core.changes;

import de.deutschlandstack.core.config.PlatformSettings;
import de.deutschlandstack.core.web.RequestRefused;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Semaphore;

/**
 * The data lake's analyses and status, asked of the lake process over HTTP ({@code PLATFORM_LAKE_URL}) with a credential
 * derived from the lake account's password: Spark never runs inside the platform. The tenant of an analysis is the caller's,
 * taken from the authenticated principal by the caller of this class and sent as the lake's filter; nothing of the
 * request but the analysis's name and a point in time reaches the lake. Bounded: {@value #AT_ONCE} analyses at once per
 * node (the lake's cores are few), {@value #PER_TENANT} of them for one tenant, each answered within {@value #TIMEOUT_SECONDS} s; the report for the metrics within
 * {@value #STATUS_TIMEOUT_SECONDS} s.
 *
 * <p>A lake that is away degrades its own features only: they answer 503 with {@code Retry-After}, and the server log
 * has one line when the lake stops answering and one when it answers again, not one per request. The readiness of
 * the platform does not depend on it. {@link #lastReport()} keeps what the lake last said of itself for the metrics
 * (freshness, backlog), read again in the background at most every {@value #REPORT_EVERY_SECONDS} s, never on the
 * scrape's thread.
 */
@ApplicationScoped
public class LakeAnalyses {

    private static final Logger LOG = Logger.getLogger(LakeAnalyses.class);
    static final int AT_ONCE = 4;
    static final int TIMEOUT_SECONDS = 90;
    static final int STATUS_TIMEOUT_SECONDS = 5;
    static final int PER_TENANT = AT_ONCE / 2;
    static final int REPORT_EVERY_SECONDS = 15;
    /** When to ask again after the lake did not answer: about the time it takes to restart. */
    static final int RETRY_AFTER_SECONDS = 30;
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    @Inject
    PlatformSettings settings;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private final Semaphore running = new Semaphore(AT_ONCE);
    /** Asks under way per tenant (a counter per tenant that has asked: tenants are few and registered). */
    private final java.util.concurrent.ConcurrentHashMap<String, java.util.concurrent.atomic.AtomicInteger> perTenant =
            new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicBoolean reachable = new java.util.concurrent.atomic.AtomicBoolean(true);
    private final java.util.concurrent.atomic.AtomicReference<Report> report = new java.util.concurrent.atomic.AtomicReference<>();
    private final java.util.concurrent.atomic.AtomicBoolean reporting = new java.util.concurrent.atomic.AtomicBoolean();
    /** When the report was last asked for (System.nanoTime); null: never. */
    private volatile Long reportAskedAt;

    /**
     * What the lake last said of itself: whether it answered, the change log's position it has applied up to
     * ({@code progress}), how many entries it knew of and had not applied yet ({@code behind}), and the median and 99th percentile of its freshness (commit in the platform to the change in
     * silver), in seconds; NaN where not known.
     */
    public record Report(boolean available, double progress, double behind, double freshnessP50Seconds, double freshnessP99Seconds) {
        static final Report AWAY = new Report(false, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }

    /** The lake's answer, passed through: its status and JSON body. */
    public record Answer(int status, String body, String retryAfter) {
    }

    /**
     * Runs {@code analysis} for {@code tenant}, now or as of a timestamp or a lake version, receivables aged on
     * {@code keyDate} (each null: not given).
     */
    public Answer analysis(String analysis, String tenant, String asOf, String version, String keyDate) {
        StringBuilder path = new StringBuilder("/analyses/").append(URLEncoder.encode(analysis, StandardCharsets.UTF_8))
                .append("?tenant=").append(URLEncoder.encode(tenant, StandardCharsets.UTF_8));
        if (asOf != null) {
            path.append("&asOf=").append(URLEncoder.encode(asOf, StandardCharsets.UTF_8));
        }
        if (version != null) {
            path.append("&version=").append(URLEncoder.encode(version, StandardCharsets.UTF_8));
        }
        if (keyDate != null) {
            path.append("&keyDate=").append(URLEncoder.encode(keyDate, StandardCharsets.UTF_8));
        }
        return forTenant(tenant, () -> ask(path.toString()));
    }

    /**
     * The training data the lake computes for one of the AI services' datasets, from the tenant's silver tables, now or
     * at a lake version: the Delta version of each table read, a key, features and labels per row.
     */
    public Answer dataset(String dataset, String tenant, String version) {
        StringBuilder path = new StringBuilder("/datasets/").append(URLEncoder.encode(dataset, StandardCharsets.UTF_8))
                .append("?tenant=").append(URLEncoder.encode(tenant, StandardCharsets.UTF_8));
        if (version != null) {
            path.append("&version=").append(URLEncoder.encode(version, StandardCharsets.UTF_8));
        }
        return forTenant(tenant, () -> ask(path.toString()));
    }

    public Answer analyses() {
        return ask("/analyses");
    }

    /** The lake's status with its tables (Spark reads each table: seconds), for the platform admin. */
    public Answer status() {
        return ask("/status", TIMEOUT_SECONDS, true);
    }

    /** Whether this platform has a data lake at all ({@code PLATFORM_LAKE_PASSWORD}). */
    public boolean configured() {
        return settings.lakePassword().isPresent();
    }

    /**
     * The lake's last report (null before the first), and a new one asked for in the background when it is older than
     * {@value #REPORT_EVERY_SECONDS} s: a caller, such as a metrics scrape, never waits for the lake.
     */
    public Report lastReport() {
        long now = System.nanoTime();
        Long askedAt = reportAskedAt;
        boolean due = askedAt == null || now - askedAt > REPORT_EVERY_SECONDS * 1_000_000_000L;
        if (configured() && due && reporting.compareAndSet(false, true)) {
            reportAskedAt = now;
            Thread reader = new Thread(() -> {
                try {
                    report.set(readReport());
                } finally {
                    reporting.set(false);
                }
            }, "lake-report");
            reader.setDaemon(true);
            try {
                reader.start();
            } catch (RuntimeException | OutOfMemoryError e) {
                reporting.set(false); // asked again at the next call
            }
        }
        return report.get();
    }

    private Report readReport() {
        try {
            // Beside the analyses' bound: one status at a time, which a busy lake must not hide.
            Answer answer = ask("/status?tables=false", STATUS_TIMEOUT_SECONDS, false);
            if (answer.status() != 200) {
                return Report.AWAY;
            }
            com.fasterxml.jackson.databind.JsonNode status = JSON.readTree(answer.body());
            com.fasterxml.jackson.databind.JsonNode freshness = status.path("freshness");
            return new Report(true, number(status.path("progress"), 1), number(status.path("behind"), 1), number(freshness.path("p50Millis"), 1000),
                    number(freshness.path("p99Millis"), 1000));
        } catch (IOException | RuntimeException e) { // a refusal (RequestRefused) or an answer that is no status
            return Report.AWAY;
        }
    }

    /** The lake did not take the connection: an outage, logged once until it answers again. */
    private RequestRefused away(URI lake, IOException e) {
        if (reachable.compareAndSet(true, false)) {
            // Once per outage: every request meanwhile is answered 503 without a line of its own.
            LOG.warnf("The data lake at %s is not reachable (%s); its analyses and datasets answer 503 until it is back",
                    lake, e.toString());
        }
        return new RequestRefused(503, RETRY_AFTER_SECONDS, "The data lake is not reachable; try again later");
    }

    private static double number(com.fasterxml.jackson.databind.JsonNode value, double per) {
        return value.isNumber() ? value.asDouble() / per : Double.NaN;
    }

    /** The lake's URL, refused where it would carry the password in the clear to another machine. */
    private URI lake() {
        URI lake;
        try {
            lake = URI.create(settings.lakeUrl());
        } catch (IllegalArgumentException e) {
            LOG.errorf("PLATFORM_LAKE_URL is no URL: %s", e.getMessage());
            throw new RequestRefused(503, "The data lake is not configured correctly; the server log says why");
        }
        String host = lake.getHost();
        boolean loopback = host != null && (host.equals("localhost") || host.matches("127(\\.\\d{1,3}){3}") || host.equals("[::1]"));
        if (!"https".equals(lake.getScheme()) && !(("http".equals(lake.getScheme())) && (loopback || settings.lakeOverPlaintext()))) {
            LOG.errorf("PLATFORM_LAKE_URL %s is neither HTTPS nor on this machine (PLATFORM_LAKE_PLAINTEXT=true allows it)", lake);
            throw new RequestRefused(503, "The data lake is not configured correctly; the server log says why");
        }
        return lake;
    }

    /**
     * What the platform shows the lake: HMAC-SHA256 of a fixed text under the lake account's password, not the password
     * itself, so that a process that answers in the lake's place learns nothing that reads the change feed. The lake
     * derives the same ({@code LakeApplication.platformCredential}).
     */
    static String lakeCredential(String password) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(password.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return java.util.HexFormat.of().formatHex(mac.doFinal("deutschland-stack: platform to lake".getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private Answer ask(String path) {
        return ask(path, TIMEOUT_SECONDS, true);
    }

    /**
     * At most {@value #PER_TENANT} of the node's {@value #AT_ONCE} asks for one tenant at once: one tenant's slow
     * analyses never take the lake from the others (their analyses and their training jobs' datasets).
     */
    private Answer forTenant(String tenant, java.util.function.Supplier<Answer> ask) {
        java.util.concurrent.atomic.AtomicInteger asking = perTenant.computeIfAbsent(tenant, t -> new java.util.concurrent.atomic.AtomicInteger());
        if (asking.incrementAndGet() > PER_TENANT) {
            asking.decrementAndGet();
            throw new RequestRefused(503, 5, "This tenant has " + PER_TENANT + " questions to the data lake under way; try again when they are answered");
        }
        try {
            return ask.get();
        } finally {
            asking.decrementAndGet();
        }
    }

    /** {@code bounded}: counts against the analyses at once. */
    private Answer ask(String path, int timeoutSeconds, boolean bounded) {
        String secret = settings.lakePassword()
                .orElseThrow(() -> new RequestRefused(503, "This platform has no data lake (PLATFORM_LAKE_PASSWORD is not set)"));
        if (bounded && !running.tryAcquire()) {
            throw new RequestRefused(503, 5, "The platform asks the data lake as many analyses as it may at once; try again shortly");
        }
        URI lake = null;
        try {
            lake = lake();
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(lake.toString().replaceAll("/+$", "") + path))
                            .timeout(Duration.ofSeconds(timeoutSeconds))
                            .header("Authorization", "Bearer " + lakeCredential(secret))
                            .header("Accept", "application/json").GET().build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (response.statusCode() == 401 || response.statusCode() >= 500 && response.statusCode() != 503) {
                // The lake does not know this platform's password, or failed: the caller can do nothing about either.
                LOG.warnf("The data lake answered %d to %s: %s", response.statusCode(), path.replaceAll("tenant=[^&]*", "tenant=..."),
                        response.body());
                throw new RequestRefused(503, RETRY_AFTER_SECONDS, "The data lake could not answer; the server log has the details");
            }
            if (reachable.compareAndSet(false, true)) {
                LOG.infof("The data lake at %s answers again", lake);
            }
            return new Answer(response.statusCode(), response.body(), response.headers().firstValue("Retry-After").orElse(null));
        } catch (java.net.http.HttpConnectTimeoutException e) {
            throw away(lake, e);
        } catch (java.net.http.HttpTimeoutException e) {
            // A lake that is busy (a long analysis, Spark reading its tables): this request's 503, not an outage.
            throw new RequestRefused(503, RETRY_AFTER_SECONDS, "The data lake did not answer in time; try again later");
        } catch (IOException e) {
            throw away(lake, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RequestRefused(503, RETRY_AFTER_SECONDS, "The data lake is not reachable; try again later");
        } finally {
            if (bounded) {
                running.release();
            }
        }
    }
}
