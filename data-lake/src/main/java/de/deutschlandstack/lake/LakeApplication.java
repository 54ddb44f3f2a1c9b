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
 * serves its status over HTTP. Runs in its own JVM, on local Spark or the cluster {@code LAKE_SPARK_MASTER} names.
 *
 * <p>Settings (environment): {@code LAKE_PLATFORM_URL} (default {@code http://127.0.0.1:8080}),
 * {@code LAKE_PLATFORM_PASSWORD} (the platform's {@code PLATFORM_LAKE_PASSWORD}; required), {@code LAKE_ROOT} (default
 * {@code data/lake}), {@code LAKE_INTERVAL_MILLIS} (1000), {@code LAKE_BATCH} (10000 changes at most),
 * {@code LAKE_HTTP_ADDRESS} and {@code LAKE_HTTP_PORT} (127.0.0.1:8091).
 */
public final class LakeApplication {

    private static final Logger LOG = LoggerFactory.getLogger(LakeApplication.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SparkSession spark;
    private final Path root;
    private final LakeIngestion ingestion;
    private final LakeStatus status = new LakeStatus();
    private final long intervalMillis;
    private volatile boolean stopped;

    LakeApplication(SparkSession spark, Path root, ChangeSource source, int batch, long intervalMillis) {
        this.spark = spark;
        this.root = root;
        this.ingestion = new LakeIngestion(spark, root, source, batch);
        this.intervalMillis = intervalMillis;
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
        Path root = Path.of(env.getOrDefault("LAKE_ROOT", "data/lake")).toAbsolutePath();
        LakeApplication lake = new LakeApplication(LakeSpark.session(null), root, new PlatformChangeFeed(platform, password),
                Integer.parseInt(env.getOrDefault("LAKE_BATCH", "10000")),
                Long.parseLong(env.getOrDefault("LAKE_INTERVAL_MILLIS", "1000")));
        HttpServer http = lake.serve(new InetSocketAddress(env.getOrDefault("LAKE_HTTP_ADDRESS", "127.0.0.1"),
                Integer.parseInt(env.getOrDefault("LAKE_HTTP_PORT", "8091"))));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            lake.stopped = true;
            http.stop(0);
        }, "lake-shutdown"));
        LOG.info("The lake reads {} into {}; status at http://{}:{}/status", platform, root,
                http.getAddress().getHostString(), http.getAddress().getPort());
        lake.run();
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
            } catch (IOException | RuntimeException e) {
                // The platform may be restarting, or the lake's disk full: say so, and try again, less often.
                status.failed(e.getMessage());
                LOG.warn("The lake's step failed (trying again in {} ms): {}", backoff, e.getMessage());
                Thread.sleep(backoff);
                backoff = Math.min(30_000, backoff * 2);
            }
        }
    }

    HttpServer serve(InetSocketAddress address) throws IOException {
        HttpServer server = HttpServer.create(address, 16);
        server.createContext("/status", exchange -> {
            try (exchange) {
                if (!"GET".equals(exchange.getRequestMethod())) {
                    problem(exchange, 405, "GET the status");
                    return;
                }
                respond(exchange, 200, "application/json", JSON.writeValueAsBytes(status.report(spark, root)));
            } catch (RuntimeException e) {
                LOG.warn("Status failed", e);
                problem(exchange, 500, "The status could not be read; the lake's log has the details");
            }
        });
        server.createContext("/checksums", exchange -> {
            try (exchange) {
                respond(exchange, 200, "application/json", JSON.writeValueAsBytes(LakeChecksums.of(spark, root)));
            } catch (RuntimeException e) {
                LOG.warn("Checksums failed", e);
                problem(exchange, 500, "The checksums could not be computed; the lake's log has the details");
            }
        });
        server.createContext("/", exchange -> {
            try (exchange) {
                problem(exchange, 404, "The lake serves /status and /checksums");
            }
        });
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
        return server;
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
