package de.deutschlandstack.benchmarks;

import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import de.deutschlandstack.ai.serving.TabularTranslator;
import de.deutschlandstack.ai.training.TabularNetwork;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The AI serving benchmarks of docs/benchmarks.md, against a running platform (run-ai-benchmark.sh starts it):
 * <ol>
 *     <li>latency: one client predicting one row at a time over HTTP ({@code POST /ai/v1/models/{name}/predict}) vs DJL's
 *     own Predictor on the same model directory in this JVM (goal: p50 within +1 ms);</li>
 *     <li>throughput: 32 clients predicting one row each, rows/s with dynamic batching ({@code batch_size=32}) vs
 *     {@code batch_size=1}, on the same model (goal: at least 3×).</li>
 * </ol>
 * Rounds alternate between the two sides of each ratio, so that both see the same machine.
 */
public final class AiServingBenchmark {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private final String server;
    private final String authorization;

    private AiServingBenchmark(String server, String user, String password) {
        this.server = server;
        this.authorization = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    public static void main(String[] args) throws Exception {
        String server = args[0];
        int warmup = Integer.parseInt(args[1]);
        int measure = Integer.parseInt(args[2]);
        int rounds = Integer.parseInt(args[3]);
        int clients = Integer.parseInt(System.getProperty("clients", "32"));
        int features = 16;
        int[] small = {64, 64};
        int[] wide = Arrays.stream(System.getProperty("wide", "1024,1024").split(",")).mapToInt(Integer::parseInt).toArray();
        AiServingBenchmark bench = new AiServingBenchmark(server, "anna@stadt-muenchen", "demo");
        String run = Long.toString(System.nanoTime(), 36);

        Path mlp = modelDirectory(features, small, 3, "batch_size=1\nmaxWorkers=2");
        bench.register("bench-mlp-" + run, mlp);
        latency(bench, "bench-mlp-" + run, mlp, small, features, warmup, measure, rounds);

        Path single = modelDirectory(features, wide, 3, "batch_size=1\nmaxWorkers=2");
        Path batched = Files.createTempDirectory("ai-bench");
        for (String file : List.of("model-0000.params")) {
            Files.copy(single.resolve(file), batched.resolve(file));
        }
        Files.writeString(batched.resolve("serving.properties"), Files.readString(single.resolve("serving.properties"))
                .replace("batch_size=1", "batch_size=" + clients + "\nmax_batch_delay=" + System.getProperty("delay", "2")));
        bench.register("bench-single-" + run, single);
        bench.register("bench-batched-" + run, batched);
        throughput(bench, "bench-single-" + run, "bench-batched-" + run, features, clients, warmup, measure, rounds);
    }

    private static void latency(AiServingBenchmark bench, String name, Path directory, int[] hidden, int features,
                                int warmup, int measure, int rounds) throws Exception {
        try (Model model = Model.newInstance("model", "PyTorch")) {
            model.setBlock(TabularNetwork.of(hidden, 3));
            model.load(directory, "model");
            try (Predictor<float[][], float[][]> predictor = model.newPredictor(new TabularTranslator(3))) {
                float[][] row = {randomRow(features, 1)};
                String body = "{\"instances\": [" + Arrays.toString(row[0]) + "]}";
                timed(() -> predictor.predict(row), warmup);
                timed(() -> bench.predict(name, body), warmup);
                timed(bench::ping, warmup);
                List<Long> direct = new ArrayList<>();
                List<Long> http = new ArrayList<>();
                List<Long> floor = new ArrayList<>();
                for (int round = 1; round <= rounds; round++) {
                    List<Long> d = timed(() -> predictor.predict(row), measure);
                    List<Long> h = timed(() -> bench.predict(name, body), measure);
                    List<Long> f = timed(bench::ping, measure);
                    System.out.printf(Locale.ROOT, "latency round %d: in-process p50 %.3f ms (%d calls), HTTP predict p50 %.3f ms"
                                    + " (%d calls), HTTP GET /api/me p50 %.3f ms (%d calls)%n",
                            round, percentile(d, 50), d.size(), percentile(h, 50), h.size(), percentile(f, 50), f.size());
                    direct.addAll(d);
                    http.addAll(h);
                    floor.addAll(f);
                }
                System.out.printf(Locale.ROOT, "LATENCY one row, 16-64-64-3 MLP: in-process DJL p50 %.3f p99 %.3f ms;"
                                + " HTTP predict p50 %.3f p99 %.3f ms; HTTP - in-process at p50: +%.3f ms;"
                                + " the platform's HTTP floor (GET /api/me, same client, same login) p50 %.3f ms: predict - floor +%.3f ms%n",
                        percentile(direct, 50), percentile(direct, 99), percentile(http, 50), percentile(http, 99),
                        percentile(http, 50) - percentile(direct, 50), percentile(floor, 50),
                        percentile(http, 50) - percentile(floor, 50));
            }
        }
    }

    private static void throughput(AiServingBenchmark bench, String single, String batched, int features, int clients,
                                   int warmup, int measure, int rounds) throws Exception {
        load(bench, single, features, clients, warmup);
        load(bench, batched, features, clients, warmup);
        double singleRows = 0;
        double batchedRows = 0;
        for (int round = 1; round <= rounds; round++) {
            double s = load(bench, single, features, clients, measure);
            double b = load(bench, batched, features, clients, measure);
            System.out.printf(Locale.ROOT, "throughput round %d: batch_size=1 %.0f rows/s, batch_size=%d %.0f rows/s (%.2fx)%n",
                    round, s, clients, b, b / s);
            singleRows += s;
            batchedRows += b;
        }
        System.out.printf(Locale.ROOT, "THROUGHPUT %d clients, one row each: batch_size=1 %.0f rows/s, batch_size=%d %.0f rows/s:"
                + " %.2fx%n", clients, singleRows / rounds, clients, batchedRows / rounds, batchedRows / singleRows);
        System.out.println("batches of " + batched + ": " + bench.get("/models/" + batched + "/versions/1"));
    }

    /** Clients predicting one row each, as fast as answers come, for the given seconds: rows per second. */
    private static double load(AiServingBenchmark bench, String name, int features, int clients, int seconds) throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong rows = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<?>> workers = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            String body = "{\"instances\": [" + Arrays.toString(randomRow(features, c)) + "]}";
            workers.add(pool.submit(() -> {
                while (running.get()) {
                    try {
                        bench.predict(name, body);
                        rows.incrementAndGet();
                    } catch (Exception e) {
                        errors.incrementAndGet();
                    }
                }
            }));
        }
        long start = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        long counted = rows.get();
        double elapsed = (System.nanoTime() - start) / 1e9;
        running.set(false);
        for (Future<?> worker : workers) {
            worker.get();
        }
        pool.shutdown();
        if (errors.get() > 0) {
            System.out.println("  (" + errors.get() + " failed requests on " + name + ")");
        }
        return counted / elapsed;
    }

    private interface Call {
        void run() throws Exception;
    }

    private static List<Long> timed(Call call, int seconds) throws Exception {
        List<Long> nanos = new ArrayList<>();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < end) {
            long start = System.nanoTime();
            call.run();
            nanos.add(System.nanoTime() - start);
        }
        return nanos;
    }

    private static double percentile(List<Long> nanos, double p) {
        long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
        return sorted[Math.max(0, (int) Math.ceil(p / 100 * sorted.length) - 1)] / 1e6;
    }

    private static float[] randomRow(int features, int seed) {
        java.util.Random random = new java.util.Random(seed);
        float[] row = new float[features];
        for (int i = 0; i < features; i++) {
            row[i] = random.nextFloat();
        }
        return row;
    }

    private void predict(String name, String body) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(server + "/ai/v1/models/" + name + "/predict"))
                .header("Authorization", authorization).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(response.statusCode() + " " + response.body());
        }
    }

    /** The cheapest authenticated request of the platform: who am I. */
    private void ping() throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(server + "/api/me"))
                .header("Authorization", authorization).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(response.statusCode() + " " + response.body());
        }
    }

    private String get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(server + "/ai/v1" + path)).header("Authorization", authorization)
                .GET().build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private void register(String name, Path directory) throws Exception {
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(zip); var files = Files.list(directory)) {
            for (Path file : files.toList()) {
                out.putNextEntry(new ZipEntry(file.getFileName().toString()));
                out.write(Files.readAllBytes(file));
                out.closeEntry();
            }
        }
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(server + "/ai/v1/models?name=" + name + "&version=1"))
                .header("Authorization", authorization).header("Content-Type", "application/zip")
                .POST(HttpRequest.BodyPublishers.ofByteArray(zip.toByteArray())).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201 || !response.body().contains("\"READY\"")) {
            throw new IllegalStateException("Registering " + name + ": " + response.statusCode() + " " + response.body());
        }
    }

    private static Path modelDirectory(int features, int[] hidden, int outputs, String extra) throws Exception {
        Path directory = Files.createTempDirectory("ai-bench");
        try (Model model = Model.newInstance("model", "PyTorch")) {
            model.setBlock(TabularNetwork.of(hidden, outputs));
            model.getBlock().initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, features));
            model.save(directory, "model");
        }
        StringBuilder names = new StringBuilder();
        for (int i = 0; i < features; i++) {
            names.append(i == 0 ? "" : ",").append("f").append(i);
        }
        Files.writeString(directory.resolve("serving.properties"), "engine=PyTorch\nblockFactory=" + TabularNetwork.class.getName()
                + "\nhidden=" + String.join(",", Arrays.stream(hidden).mapToObj(String::valueOf).toList())
                + "\nfeatures=" + names + "\noutputs=a,b,c\n" + extra + "\n");
        return directory;
    }
}
