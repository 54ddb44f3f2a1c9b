package de.deutschlandstack.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The lake's freshness under load (docs/benchmarks.md, "Data lake: freshness"): changes of cost centers written through
 * the OData API at a sustained rate (JSON {@code $batch}es of creates and updates, both demo tenants), and for every
 * change of the measured window the time from its commit in the platform to its arrival in the lake.
 *
 * <p>How the times are taken, from outside both processes: the platform's change log numbers changes in commit order, and
 * its position (the highest number committed) is polled from PostgreSQL every {@value #POLL_MILLIS} ms; the lake's
 * progress (the highest number it has applied to bronze and silver, in its memory) is polled from its status endpoint as
 * often. A change committed after the poll before the first that sees it: that earlier poll's start is taken as its
 * commit; it arrived before the first poll of the lake that sees it: that poll's end is taken as its arrival. So each
 * figure errs by at most two poll intervals, and only towards more. A rate the platform did not take is flagged.
 */
public final class FreshnessDriver {

    static final int POLL_MILLIS = 50;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] USERS = {"anna@stadt-muenchen", "ben@bayern-werke"};
    /** Cost center numbers are at most ten characters; a run's own prefix keeps them apart from an earlier run's. */
    private static final String RUN = Long.toString(System.currentTimeMillis() / 1000 % 46656, 36);
    private static final AtomicLong NUMBERS = new AtomicLong();

    public static void main(String[] args) throws Exception {
        String base = args[0];
        String lake = args[1];
        String lakeToken = HexFormat.of().formatHex(hmac(args[2], "deutschland-stack: platform to lake"));
        String pgUrl = args[3];
        int[] rates = Arrays.stream(args[4].split(",")).mapToInt(Integer::parseInt).toArray();
        int warmup = Integer.parseInt(args[5]);
        int measure = Integer.parseInt(args[6]);
        int perBatch = Integer.parseInt(System.getProperty("freshness.batch", "20"));
        int clients = Integer.parseInt(System.getProperty("freshness.clients", "8"));

        try (Connection db = DriverManager.getConnection(pgUrl, "dba", "");
             Connection observed = DriverManager.getConnection(pgUrl, "dba", "")) {
            long start = position(db);
            System.out.printf(Locale.ROOT, "The platform's change log is at %d; waiting for the lake to apply it%n", start);
            awaitLake(lake, lakeToken, start, Duration.ofMinutes(15));
            System.out.println();
            System.out.println("| offered changes/s | committed changes/s | changes measured | failed batches (whole run) | p50 s | p99 s | max s |");
            System.out.println("|---:|---:|---:|---:|---:|---:|---:|");
            for (int rate : rates) {
                Observer observer = new Observer(observed, lake, lakeToken);
                Thread observing = new Thread(observer, "observer");
                observing.start();
                Writers writers = new Writers(base, rate, perBatch, clients);
                writers.start();
                Thread.sleep(warmup * 1000L);
                long windowStart = observer.position();
                long windowStartNanos = System.nanoTime();
                Thread.sleep(measure * 1000L);
                long windowEnd = observer.position();
                double seconds = (System.nanoTime() - windowStartNanos) / 1e9;
                writers.stop();
                awaitLake(lake, lakeToken, position(db), Duration.ofMinutes(10));
                Thread.sleep(3 * POLL_MILLIS);
                observer.stop();
                observing.join();
                long[] lags = observer.lags(windowStart, windowEnd);
                Arrays.sort(lags);
                double committed = (windowEnd - windowStart) / seconds;
                System.out.printf(Locale.ROOT, "| %d | %.0f%s | %d | %d | %.2f | %.2f | %.2f |%n", rate, committed,
                        committed < 0.95 * rate ? " (**below the offered rate**)" : "", lags.length, writers.failures.get(),
                        percentile(lags, 0.5) / 1000.0, percentile(lags, 0.99) / 1000.0,
                        lags.length == 0 ? 0 : lags[lags.length - 1] / 1000.0);
            }
        }
    }

    /** Waits until the lake's progress reaches {@code seq}, printing how far it is every ten seconds. */
    private static void awaitLake(String lake, String token, long seq, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        long lastPrinted = 0;
        while (true) {
            long progress = lakeStatus(lake, token).path("progress").asLong(-1);
            if (progress >= seq) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("The lake did not reach " + seq + " in " + timeout + ": at " + progress);
            }
            if (System.nanoTime() - lastPrinted > 10_000_000_000L) {
                System.out.printf(Locale.ROOT, "  lake at %d of %d%n", progress, seq);
                lastPrinted = System.nanoTime();
            }
            Thread.sleep(500);
        }
    }

    private static JsonNode lakeStatus(String lake, String token) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(lake + "/status?tables=false"))
                    .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? JSON.readTree(response.body()) : JSON.createObjectNode();
        } catch (Exception e) {
            return JSON.createObjectNode(); // the lake restarting: no progress this poll
        }
    }

    private static long position(Connection db) throws Exception {
        try (Statement statement = db.createStatement();
             ResultSet rs = statement.executeQuery("select last_seq from change_log_position where id = 1")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Sleeps until {@code nanoTime} reaches {@code due}; false when interrupted. */
    private static boolean sleepUntil(long due) {
        long wait = due - System.nanoTime();
        if (wait > 0) {
            try {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    private static long percentile(long[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[(int) Math.ceil(p * (sorted.length - 1))];
    }

    private static byte[] hmac(String key, String message) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
    }

    /** Polls the platform's position and the lake's progress, each into a list of (time, number) that only grows. */
    private static final class Observer implements Runnable {
        private final Connection db;
        private final String lake;
        private final String token;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final List<long[]> positions = new ArrayList<>();
        private final List<long[]> progress = new ArrayList<>();
        private volatile long lastPosition;

        Observer(Connection db, String lake, String token) {
            this.db = db;
            this.lake = lake;
            this.token = token;
        }

        long position() {
            return lastPosition;
        }

        void stop() {
            running.set(false);
        }

        @Override
        public void run() {
            Thread lakePoller = new Thread(() -> poll(() -> lakeStatus(lake, token).path("progress").asLong(-1), progress), "lake-poller");
            lakePoller.start();
            poll(() -> {
                try {
                    long p = FreshnessDriver.position(db);
                    lastPosition = p;
                    return p;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, positions);
            try {
                lakePoller.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private void poll(java.util.function.LongSupplier read, List<long[]> into) {
            long due = System.nanoTime();
            while (running.get()) {
                long start = System.nanoTime();
                long value = read.getAsLong();
                long end = System.nanoTime();
                synchronized (into) {
                    into.add(new long[]{start, end, value});
                }
                due += POLL_MILLIS * 1_000_000L;
                if (!sleepUntil(due)) {
                    return;
                }
            }
        }

        /**
         * Per change numbered in (from, to]: milliseconds from the start of the poll before the first that saw it
         * committed to the end of the first poll that saw it in the lake.
         */
        long[] lags(long from, long to) {
            long[] lags = new long[(int) Math.max(0, to - from)];
            int p = 0;
            int l = 0;
            for (long seq = from + 1; seq <= to; seq++) {
                while (p < positions.size() && positions.get(p)[2] < seq) {
                    p++;
                }
                while (l < progress.size() && progress.get(l)[2] < seq) {
                    l++;
                }
                if (p == positions.size() || l == progress.size()) {
                    throw new IllegalStateException("Change " + seq + " was not seen committed and applied");
                }
                long committed = positions.get(Math.max(0, p - 1))[0];
                lags[(int) (seq - from - 1)] = Math.max(0, (progress.get(l)[1] - committed) / 1_000_000);
            }
            return lags;
        }
    }

    /**
     * {@code clients} threads that together send {@code rate / perBatch} JSON {@code $batch}es per second, each one
     * atomicity group of {@code perBatch} changes of one tenant's cost centers: half creates, half updates of cost centers
     * the thread created in its batch before (all creates in its first). A batch due while one is still running is sent
     * at once after it, none is skipped; so the offered rate is kept unless the platform cannot take it.
     */
    private static final class Writers {
        private final String base;
        private final double batchesPerSecond;
        private final int perBatch;
        private final int clients;
        private final AtomicBoolean running = new AtomicBoolean(true);
        final AtomicLong failures = new AtomicLong();
        private final List<Thread> threads = new ArrayList<>();

        Writers(String base, int rate, int perBatch, int clients) {
            this.base = base;
            this.batchesPerSecond = (double) rate / perBatch;
            this.perBatch = perBatch;
            this.clients = clients;
        }

        void start() {
            for (int c = 0; c < clients; c++) {
                int client = c;
                Thread thread = new Thread(() -> write(client), "writer-" + c);
                thread.start();
                threads.add(thread);
            }
        }

        void stop() throws InterruptedException {
            running.set(false);
            for (Thread thread : threads) {
                thread.join();
            }
        }

        private void write(int client) {
            long interval = (long) (1e9 * clients / batchesPerSecond);
            long due = System.nanoTime() + interval * client / clients;
            Map<String, ArrayDeque<Long>> createdBy = new LinkedHashMap<>();
            for (long n = client; running.get(); n += clients) {
                if (!sleepUntil(due)) {
                    return;
                }
                due += interval;
                String user = USERS[(int) ((n / clients) % USERS.length)];
                ArrayDeque<Long> mine = createdBy.computeIfAbsent(user, u -> new ArrayDeque<>());
                try {
                    batch(user, mine);
                } catch (Exception e) {
                    failures.incrementAndGet();
                }
            }
        }

        private void batch(String user, ArrayDeque<Long> created) throws Exception {
            List<Map<String, Object>> requests = new ArrayList<>();
            List<Long> updated = new ArrayList<>();
            while (updated.size() < perBatch / 2 && !created.isEmpty()) {
                updated.add(created.poll());
            }
            for (Long id : updated) {
                requests.add(Map.of("id", String.valueOf(requests.size() + 1), "atomicityGroup", "g", "method", "PATCH",
                        "url", "CostCenters(" + id + ")", "headers", Map.of("content-type", "application/json", "if-match", "*"),
                        "body", Map.of("Name", "Geändert " + System.nanoTime() % 100_000)));
            }
            while (requests.size() < perBatch) {
                String number = "F" + RUN + Long.toString(NUMBERS.incrementAndGet(), 36);
                requests.add(Map.of("id", String.valueOf(requests.size() + 1), "atomicityGroup", "g", "method", "POST",
                        "url", "CostCenters", "headers", Map.of("content-type", "application/json"),
                        "body", Map.of("CostCenterNumber", number, "Name", "Frische " + number)));
            }
            HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/odata/v4/erp/$batch")).timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":demo").getBytes(StandardCharsets.UTF_8)))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("requests", requests)))).build();
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("$batch answered " + response.statusCode());
            }
            for (JsonNode answer : JSON.readTree(response.body()).path("responses")) {
                int status = answer.path("status").asInt();
                if (status == 201) {
                    created.add(answer.path("body").path("ID").asLong());
                } else if (status / 100 != 2) {
                    throw new IllegalStateException("A request of the $batch answered " + status + ": " + answer);
                }
            }
        }
    }
}
