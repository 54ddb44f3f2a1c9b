package de.deutschlandstack.lake;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Executors;

/**
 * The lake process: reads the platform's change feed in micro-batches, every {@code LAKE_INTERVAL_MILLIS} while it is up
 * to date and without pause while it catches up, and applies each batch to bronze and silver ({@link LakeIngestion});
 * serves its status, the tenant-scoped analyses ({@link LakeAnalyses}) for the platform, and checksums over HTTP.
 * Runs in its own JVM, on local Spark or the cluster {@code LAKE_SPARK_MASTER} names. The analyses and the checksums
 * answer the platform alone: it sends the lake account's password as a bearer credential; {@code /health} answers anyone.
 *
 * <p>Settings (environment): {@code LAKE_PLATFORM_URL} (default {@code http://127.0.0.1:8080}),
 * {@code LAKE_PLATFORM_PASSWORD} (the platform's {@code PLATFORM_LAKE_PASSWORD}; required), {@code LAKE_ROOT} (default
 * {@code data/lake}), {@code LAKE_INTERVAL_MILLIS} (1000), {@code LAKE_BATCH} (10000 changes at most),
 * {@code LAKE_HTTP_ADDRESS} and {@code LAKE_HTTP_PORT} (127.0.0.1:8091). With {@code --backfill} it rebuilds the lake
 * from the whole change log (the old one moved aside), reporting its progress, and exits.
 */
public final class LakeApplication {

    private static final Logger LOG = LoggerFactory.getLogger(LakeApplication.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SparkSession spark;
    private final Path root;
    private final LakeIngestion ingestion;
    private final LakeStatus status = new LakeStatus();
    private final long intervalMillis;
    private final LakeAnalyses analyses;
    /** The platform's credential for the analyses and checksums: the lake account's password, which both sides hold. */
    private final byte[] secret;
    /** Analyses at once: Spark shares the cores with the ingestion, which must keep up. */
    private final java.util.concurrent.Semaphore analysesRunning = new java.util.concurrent.Semaphore(2);
    private final java.util.concurrent.ScheduledExecutorService timeouts = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "lake-analysis-timeouts");
        thread.setDaemon(true);
        return thread;
    });
    /** How long one analysis may run before its Spark jobs are cancelled. */
    static final long ANALYSIS_TIMEOUT_SECONDS = 60;
    private volatile boolean stopped;

    LakeApplication(SparkSession spark, Path root, ChangeSource source, int batch, long intervalMillis, String secret) {
        this.spark = spark;
        this.root = root;
        this.ingestion = new LakeIngestion(spark, root, source, batch);
        this.intervalMillis = intervalMillis;
        this.analyses = new LakeAnalyses(spark, root);
        this.secret = secret.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> env = System.getenv();
        String password = env.get("LAKE_PLATFORM_PASSWORD");
        if (password == null || password.isBlank()) {
            System.err.println("LAKE_PLATFORM_PASSWORD is not set: the lake reads the platform's change feed with the password"
                    + " the platform has as PLATFORM_LAKE_PASSWORD");
            System.exit(2);
        }
        URI platform = URI.create(env.getOrDefault("LAKE_PLATFORM_URL", "http://127.0.0.1:8080"));
        if ("http".equals(platform.getScheme()) && !isLoopback(platform.getHost())
                && !"true".equals(env.get("LAKE_PLATFORM_PLAINTEXT"))) {
            // The account reads every tenant's changes: its password and the changes cross no network in the clear.
            System.err.println("LAKE_PLATFORM_URL " + platform + " is plain HTTP to another machine: use https (a TLS-terminating"
                    + " proxy in front of the platform), or set LAKE_PLATFORM_PLAINTEXT=true on a network of your own");
            System.exit(2);
        }
        Path root = Path.of(env.getOrDefault("LAKE_ROOT", "data/lake")).toAbsolutePath();
        // The feed serves at most 10,000 changes a page.
        int batch = Math.max(1, Math.min(10_000, Integer.parseInt(env.getOrDefault("LAKE_BATCH", "10000"))));
        boolean backfill = java.util.Arrays.asList(args).contains("--backfill");
        Path aside = null;
        if (backfill && java.nio.file.Files.exists(root)) {
            aside = root.resolveSibling(root.getFileName() + ".before-backfill-" + System.currentTimeMillis());
            java.nio.file.Files.move(root, aside);
            LOG.info("Backfill: the lake so far is moved to {} until the new one is complete", aside);
        }
        LakeApplication lake = new LakeApplication(LakeSpark.session(null), root, new PlatformChangeFeed(platform, password),
                batch, Long.parseLong(env.getOrDefault("LAKE_INTERVAL_MILLIS", "1000")), password);
        if (backfill) {
            lake.backfill();
            if (aside != null) {
                // It may hold what erasures since have removed from the platform: it goes once the new lake is complete.
                deleteRecursively(aside);
                LOG.info("Backfill: the lake before it is deleted");
            }
            System.exit(0);
        }
        HttpServer http = lake.serve(new InetSocketAddress(env.getOrDefault("LAKE_HTTP_ADDRESS", "127.0.0.1"),
                Integer.parseInt(env.getOrDefault("LAKE_HTTP_PORT", "8091"))));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            lake.stopped = true;
            http.stop(0);
        }, "lake-shutdown"));
        LOG.info("The lake reads {} into {}; serves http://{}:{}/ (status, analyses, checksums for the platform; health)", platform, root,
                http.getAddress().getHostString(), http.getAddress().getPort());
        lake.run();
    }

    /**
     * Rebuilds the lake from the platform's whole change log, step after step without pause, and says how far it is
     * (changes applied of the log's position, rows per second) after each step; returns once it has caught up.
     */
    void backfill() throws IOException {
        long started = System.nanoTime();
        long applied = 0;
        while (true) {
            LakeIngestion.Step step = ingestion.step();
            applied += step.changes();
            double seconds = Math.max(0.001, (System.nanoTime() - started) / 1e9);
            LOG.info("Backfill: {} of {} changes ({} %), {} changes/s", step.progress(), step.position(),
                    step.position() == 0 ? 100 : 100 * step.progress() / step.position(), Math.round(applied / seconds));
            if (step.caughtUp()) {
                LOG.info("Backfill done: {} changes in {} s", applied, Math.round(seconds));
                return;
            }
        }
    }

    /** Steps until stopped: at once again while behind, after the interval when up to date, backing off after failures. */
    void run() throws InterruptedException {
        long backoff = intervalMillis;
        while (!stopped) {
            try {
                LakeIngestion.Step step = ingestion.step();
                status.applied(step, Instant.now());
                backoff = intervalMillis;
                if (step.caughtUp()) {
                    Thread.sleep(intervalMillis);
                }
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) { // Spark's failures are checked exceptions thrown undeclared: they end no lake either
                // The platform may be restarting, or the lake's disk full: say so, and try again, less often.
                status.failed(e.getMessage());
                LOG.warn("The lake's step failed (trying again in {} ms): {}", backoff, e.getMessage());
                Thread.sleep(backoff);
                backoff = Math.min(30_000, backoff * 2);
            }
        }
    }

    private static boolean isLoopback(String host) {
        return host != null && (host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]") || host.equals("::1"));
    }

    private static void deleteRecursively(Path path) throws IOException {
        try (var files = java.nio.file.Files.walk(path)) {
            for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                java.nio.file.Files.delete(file);
            }
        }
    }

    HttpServer serve(InetSocketAddress address) throws IOException {
        // A client that sends its request slowly, or not at all, is cut off: the server's few threads serve the platform.
        System.setProperty("sun.net.httpserver.maxReqTime", "10");
        System.setProperty("sun.net.httpserver.maxReqHeaders", "50");
        HttpServer server = HttpServer.create(address, 16);
        server.createContext("/health", exchange -> {
            try (exchange) {
                respond(exchange, 200, "application/json", JSON.writeValueAsBytes(Map.of("status", "UP")));
            }
        });
        server.createContext("/status", exchange -> {
            try (exchange) {
                if (!authorised(exchange)) {
                    return;
                }
                if (!"GET".equals(exchange.getRequestMethod())) {
                    problem(exchange, 405, "GET the status");
                    return;
                }
                boolean tables = !"tables=false".equals(exchange.getRequestURI().getRawQuery());
                respond(exchange, 200, "application/json", JSON.writeValueAsBytes(status.report(spark, root, tables)));
            } catch (Exception e) {
                LOG.warn("Status failed", e);
                problem(exchange, 500, "The status could not be read; the lake's log has the details");
            }
        });
        server.createContext("/analyses", exchange -> {
            try (exchange) {
                if (!authorised(exchange)) {
                    return;
                }
                String name = exchange.getRequestURI().getPath().substring("/analyses".length()).replaceFirst("^/", "");
                if (name.isEmpty()) {
                    respond(exchange, 200, "application/json", JSON.writeValueAsBytes(Map.of("analyses", LakeAnalyses.NAMES)));
                    return;
                }
                Map<String, String> query;
                try {
                    query = query(exchange);
                } catch (IllegalArgumentException malformed) {
                    problem(exchange, 400, "The query string is not URL-encoded");
                    return;
                }
                analyse(exchange, name, query);
            }
        });
        server.createContext("/checksums", exchange -> {
            try (exchange) {
                if (!authorised(exchange)) {
                    return;
                }
                respond(exchange, 200, "application/json", JSON.writeValueAsBytes(LakeChecksums.of(spark, root)));
            } catch (Exception e) {
                LOG.warn("Checksums failed", e);
                problem(exchange, 500, "The checksums could not be computed; the lake's log has the details");
            }
        });
        server.createContext("/", exchange -> {
            try (exchange) {
                problem(exchange, 404, "The lake serves /health, and /status, /analyses and /checksums to the platform");
            }
        });
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
        return server;
    }

    /** Runs an analysis for the tenant the platform names, bounded in number and time; refusals as problems. */
    private void analyse(HttpExchange exchange, String name, Map<String, String> query) throws IOException {
        if (!analysesRunning.tryAcquire()) {
            exchange.getResponseHeaders().set("Retry-After", "5");
            problem(exchange, 503, "The lake runs as many analyses as it may at once; try again shortly");
            return;
        }
        String group = "analysis-" + java.util.UUID.randomUUID();
        java.util.concurrent.ScheduledFuture<?> timeout = timeouts.schedule(() -> spark.sparkContext().cancelJobGroup(group),
                ANALYSIS_TIMEOUT_SECONDS, java.util.concurrent.TimeUnit.SECONDS);
        try {
            spark.sparkContext().setJobGroup(group, name, true);
            LakeAnalyses.Result result = analyses.run(name, query.get("tenant"), query.get("asOf"), query.get("version"),
                    query.get("keyDate"));
            respond(exchange, 200, "application/json", JSON.writeValueAsBytes(result));
        } catch (LakeAnalyses.Refused refused) {
            problem(exchange, refused.status, refused.getMessage());
        } catch (Exception e) { // Spark's exceptions are checked ones thrown undeclared
            if (timeout.isDone()) {
                problem(exchange, 503, "The analysis ran longer than " + ANALYSIS_TIMEOUT_SECONDS + " s and was stopped");
            } else {
                LOG.warn("Analysis {} failed", name, e);
                problem(exchange, 500, "The analysis failed; the lake's log has the details");
            }
        } finally {
            timeout.cancel(false);
            spark.sparkContext().clearJobGroup();
            analysesRunning.release();
        }
    }

    /** Whether the request carries the platform's credential ({@code Authorization: Bearer <secret>}); answers 401 if not. */
    private boolean authorised(HttpExchange exchange) throws IOException {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        byte[] given = header != null && header.startsWith("Bearer ")
                ? header.substring("Bearer ".length()).getBytes(java.nio.charset.StandardCharsets.UTF_8) : new byte[0];
        if (java.security.MessageDigest.isEqual(given, secret)) {
            return true;
        }
        exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer");
        problem(exchange, 401, "The lake answers the platform alone");
        return false;
    }

    private static Map<String, String> query(HttpExchange exchange) {
        Map<String, String> values = new java.util.HashMap<>();
        String raw = exchange.getRequestURI().getRawQuery();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int equals = pair.indexOf('=');
                if (equals > 0) {
                    values.putIfAbsent(java.net.URLDecoder.decode(pair.substring(0, equals), java.nio.charset.StandardCharsets.UTF_8),
                            java.net.URLDecoder.decode(pair.substring(equals + 1), java.nio.charset.StandardCharsets.UTF_8));
                }
            }
        }
        return values;
    }

    private static void problem(HttpExchange exchange, int status, String detail) throws IOException {
        respond(exchange, status, "application/problem+json", JSON.writeValueAsBytes(Map.of("status", status, "title", detail, "detail", detail)));
    }

    private static void respond(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
