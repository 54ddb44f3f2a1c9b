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
 * The lake process: reads the platform's change feed in micro-batches, a step starting at most every
 * {@code LAKE_INTERVAL_MILLIS} (at once after a longer one, and without pause while it catches up), and applies each batch to bronze and silver ({@link LakeIngestion});
 * serves its status, the tenant-scoped analyses ({@link LakeAnalyses}) for the platform, and checksums over HTTP.
 * Runs in its own JVM, on local Spark or the cluster {@code LAKE_SPARK_MASTER} names. The analyses and the checksums
 * answer the platform alone: it sends a credential derived from the lake account's password as a bearer credential
 * ({@link #platformCredential}); {@code /health} answers anyone.
 *
 * <p>Settings (environment): {@code LAKE_PLATFORM_URL} (default {@code http://127.0.0.1:8080}),
 * {@code LAKE_PLATFORM_PASSWORD} (the platform's {@code PLATFORM_LAKE_PASSWORD}; required), {@code LAKE_ROOT} (default
 * {@code data/lake}), {@code LAKE_INTERVAL_MILLIS} (1000), {@code LAKE_BATCH} (changes per step at most: 50000, up to 100000),
 * {@code LAKE_HTTP_ADDRESS} and {@code LAKE_HTTP_PORT} (127.0.0.1:8091). With {@code --backfill} it rebuilds the lake
 * from the whole change log (the old one moved aside), reporting its progress, and exits.
 */
public final class LakeApplication {

    private static final Logger LOG = LoggerFactory.getLogger(LakeApplication.class);
    /** This process's hold on its lake directory (kept reachable: a collected channel would let the lock go). */
    private static java.nio.channels.FileLock directoryLock;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SparkSession spark;
    private final Path root;
    private final LakeIngestion ingestion;
    private final LakeStatus status = new LakeStatus();
    private final long intervalMillis;
    private final LakeAnalyses analyses;
    /** The training data of the platform's AI services, computed here where the data lives. */
    private final LakeDatasets datasets;
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
        this.datasets = new LakeDatasets(spark, root, analyses);
        this.secret = platformCredential(secret).getBytes(java.nio.charset.StandardCharsets.UTF_8);
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
        // Changes per step, read in pages of at most 10,000 (the feed's limit): about 800 bytes each in memory.
        int batch = Math.max(1, Math.min(100_000, Integer.parseInt(env.getOrDefault("LAKE_BATCH", "50000"))));
        boolean backfill = java.util.Arrays.asList(args).contains("--backfill");
        // One lake process per lake directory, held for the process's life: a second one (a backfill beside a running
        // lake, a lake started twice) would write the same tables.
        java.nio.file.Files.createDirectories(root.getParent());
        java.nio.channels.FileChannel lockFile = java.nio.channels.FileChannel.open(root.resolveSibling(root.getFileName() + ".lock"),
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE);
        directoryLock = lockFile.tryLock();
        if (directoryLock == null) {
            System.err.println("Another lake process writes " + root + ": stop it first (bin/run-platform restarts its lake;"
                    + " stop the platform, or run the backfill while it is down)");
            System.exit(2);
        }
        if (backfill && java.nio.file.Files.exists(root)) {
            // The change log is the source: the lake before it goes first, since it may hold what erasures removed since.
            deleteRecursively(root);
            LOG.info("Backfill: the lake before it is deleted; it is rebuilt from the change log");
        }
        int exit = 1;
        try {
            LakeApplication lake = new LakeApplication(LakeSpark.session(null), root, new PlatformChangeFeed(platform, password),
                    batch, Long.parseLong(env.getOrDefault("LAKE_INTERVAL_MILLIS", "1000")), password);
            if (backfill) {
                lake.backfill();
                exit = 0;
                return;
            }
            HttpServer http = lake.serve(new InetSocketAddress(env.getOrDefault("LAKE_HTTP_ADDRESS", "127.0.0.1"),
                    Integer.parseInt(env.getOrDefault("LAKE_HTTP_PORT", "8091"))));
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                lake.stopped = true;
                http.stop(0);
            }, "lake-shutdown"));
            LOG.info("The lake reads {} into {}; serves http://{}:{}/ (status, analyses, checksums for the platform; health)",
                    platform, root, http.getAddress().getHostString(), http.getAddress().getPort());
            lake.run();
            exit = 0;
        } catch (Throwable e) {
            // Whatever ends the loop ends the process (its HTTP threads would keep a lake that no longer steps alive).
            LOG.error("The lake stops", e);
        } finally {
            System.exit(exit);
        }
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
                ingestion.recordProgress();
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
                long started = System.nanoTime();
                LakeIngestion.Step step = ingestion.step();
                status.applied(step, Instant.now());
                backoff = intervalMillis;
                // A step starts at most every interval: idle, the lake looks that often; under load a step takes longer
                // than the interval and the next starts at once with what arrived meanwhile, no change waiting besides.
                long rest = intervalMillis - (System.nanoTime() - started) / 1_000_000;
                if (rest > 0 && step.caughtUp()) {
                    Thread.sleep(rest);
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
        return host != null && (host.equals("localhost") || host.matches("127(\\.\\d{1,3}){3}") || host.equals("[::1]") || host.equals("::1"));
    }

    /**
     * The credential the platform sends the lake: derived from the lake account's password (HMAC-SHA256 of
     * {@value #PLATFORM_TO_LAKE}, hex), so that whoever receives it (a process that took the lake's port while the lake
     * restarted) holds nothing that reads the change feed. The platform derives it the same way
     * ({@code core.changes.LakeAnalyses}).
     */
    static String platformCredential(String password) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(password.getBytes(java.nio.charset.StandardCharsets.UTF_8), "HmacSHA256"));
            return java.util.HexFormat.of().formatHex(mac.doFinal(PLATFORM_TO_LAKE.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static final String PLATFORM_TO_LAKE = "deutschland-stack: platform to lake";

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
        named(server, "analyses", LakeAnalyses.NAMES, (exchange, name, query) -> bounded(exchange, name,
                () -> analyses.run(name, query.get("tenant"), query.get("asOf"), query.get("version"), query.get("keyDate"))));
        named(server, "datasets", LakeDatasets.NAMES, (exchange, name, query) -> bounded(exchange, "dataset " + name,
                () -> datasets.run(name, query.get("tenant"), query.get("version"))));
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
                problem(exchange, 404, "The lake serves /health, and /status, /analyses, /datasets and /checksums to the platform");
            }
        });
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
        return server;
    }

    /** What the platform asks of a named program of the lake: its name (from the path) and the query's parameters. */
    private interface NamedWork {
        void run(HttpExchange exchange, String name, Map<String, String> query) throws IOException;
    }

    /**
     * {@code /<kind>} lists the names, {@code /<kind>/<name>?...} runs one, for the platform alone (its credential); a
     * query that is not URL-encoded is a 400.
     */
    private void named(HttpServer server, String kind, java.util.List<String> names, NamedWork work) {
        server.createContext("/" + kind, exchange -> {
            try (exchange) {
                if (!authorised(exchange)) {
                    return;
                }
                String name = exchange.getRequestURI().getPath().substring(kind.length() + 1).replaceFirst("^/", "");
                if (name.isEmpty()) {
                    respond(exchange, 200, "application/json", JSON.writeValueAsBytes(Map.of(kind, names)));
                    return;
                }
                Map<String, String> query;
                try {
                    query = query(exchange);
                } catch (IllegalArgumentException malformed) {
                    problem(exchange, 400, "The query string is not URL-encoded");
                    return;
                }
                work.run(exchange, name, query);
            }
        });
    }

    /** Work on the lake's tables for the platform: at most two at once, each stopped after its time; refusals as problems. */
    private void bounded(HttpExchange exchange, String name, java.util.function.Supplier<Object> work) throws IOException {
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
            respond(exchange, 200, "application/json", JSON.writeValueAsBytes(work.get()));
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
