package de.deutschlandstack.benchmarks;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Closed-loop load on loopback: N clients send the same query back to back to the OData service and to the
 * baseline servlet, alternating per concurrency level, and report throughput and latency percentiles. Bounded
 * by time: every phase stops by itself. {@code -Dbenchmarks} picks what runs (default {@code get}):
 * {@code get} (the read of issue 2), {@code apply}, {@code batch} and {@code expand} (issue 6, {@link AdvancedODataBenchmarks}).
 *
 * <pre>java -Drounds=3 -Dbenchmarks=get,apply LoadDriver http://127.0.0.1:8280 ben@bayern-werke demo 15 10 1,16</pre>
 * (base URL, user, password, warm-up seconds, measured seconds per round, concurrency levels of {@code get})
 */
public final class LoadDriver {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    record Result(String target, int clients, long requests, long errors, double seconds, long[] latenciesNanos) {
        double throughput() {
            return requests / seconds;
        }

        double percentileMillis(double p) {
            if (latenciesNanos.length == 0) {
                return Double.NaN;
            }
            int index = (int) Math.min(latenciesNanos.length - 1, Math.ceil(p / 100.0 * latenciesNanos.length) - 1);
            return latenciesNanos[Math.max(0, index)] / 1e6;
        }
    }

    private LoadDriver() {
    }

    public static void main(String[] args) throws Exception {
        String base = args[0];
        String authorization = "Basic " + Base64.getEncoder().encodeToString((args[1] + ":" + args[2]).getBytes(StandardCharsets.UTF_8));
        int warmup = Integer.parseInt(args[3]);
        int measured = Integer.parseInt(args[4]);
        int[] levels = Arrays.stream(args[5].split(",")).mapToInt(Integer::parseInt).toArray();
        int rounds = Integer.parseInt(System.getProperty("rounds", "3"));
        List<String> benchmarks = List.of(System.getProperty("benchmarks", "get").split(","));

        if (benchmarks.contains("get")) {
            String odata = base + "/odata/v4/erp/SalesOrders?$filter=" + encode("Status eq 'OPEN' and NetAmount gt 1000")
                    + "&$orderby=" + encode("OrderDate desc") + "&$top=100";
            String baseline = base + "/benchmark-baseline/sales-orders?status=OPEN&minAmount=1000&top=100";
            checkSameRows(odata, baseline, authorization);
            System.out.println("## GET: 100 sales orders by filter and order (OData vs JDBC + Jackson servlet)");
            compareThroughput(odata, baseline, authorization, warmup, measured, rounds, levels);
        }
        if (benchmarks.contains("twonodes")) {
            String query = "/odata/v4/erp/SalesOrders?$filter=" + encode("Status eq 'OPEN' and NetAmount gt 1000")
                    + "&$orderby=" + encode("OrderDate desc") + "&$top=100";
            String balanced = System.getProperty("balanced.url");
            if (!send(base + query, authorization).body().equals(send(balanced + query, authorization).body())) {
                throw new IllegalStateException("One node and two nodes behind HAProxy see different rows");
            }
            System.out.println("## GET on two nodes behind HAProxy vs one node directly: the same 100 sales orders");
            compareThroughput(new Target("one node", base + query, authorization), new Target("two nodes", balanced + query, authorization),
                    warmup, measured, rounds, levels);
        }
        if (benchmarks.contains("token")) {
            String odata = base + "/odata/v4/erp/SalesOrders?$filter=" + encode("Status eq 'OPEN' and NetAmount gt 1000")
                    + "&$orderby=" + encode("OrderDate desc") + "&$top=100";
            String bearer = "Bearer " + token(base, authorization);
            if (!send(odata, bearer).body().equals(send(odata, authorization).body())) {
                throw new IllegalStateException("A bearer token and Basic see different rows");
            }
            System.out.println("## GET with a bearer token vs with HTTP Basic: the same 100 sales orders");
            compareThroughput(new Target("Basic", odata, authorization), new Target("Bearer", odata, bearer), warmup, measured, rounds, levels);
        }
        if (benchmarks.contains("apply")) {
            String odata = base + "/odata/v4/erp/SalesOrders?$apply=" + encode("groupby((Status),aggregate(NetAmount with sum as Total))");
            String baseline = base + "/benchmark-baseline/revenue-by-status";
            AdvancedODataBenchmarks.checkSameTotals(send(odata, authorization).body(), send(baseline, authorization).body());
            int[] applyLevels = Arrays.stream(System.getProperty("apply.levels", "1").split(",")).mapToInt(Integer::parseInt).toArray();
            System.out.println("## $apply: net amount summed per status over all sales orders (OData vs SQL GROUP BY servlet)");
            compareThroughput(odata, baseline, authorization, warmup, measured, rounds, applyLevels);
        }
        if (benchmarks.contains("batch")) {
            int size = Integer.parseInt(System.getProperty("batch.size", "1000"));
            int batchRounds = Integer.parseInt(System.getProperty("batch.rounds", "9"));
            System.out.printf("## $batch: %d creates of CostCenters in one change set or atomicity group (OData vs JDBC batch servlet)%n", size);
            AdvancedODataBenchmarks.compareBatchInsert(base, authorization, size, batchRounds);
        }
        if (benchmarks.contains("expand")) {
            System.out.println("## $expand=Items: SQL statements PostgreSQL runs for 100 sales orders with their items");
            AdvancedODataBenchmarks.countExpandStatements(base, authorization, System.getProperty("pg.url"));
        }
    }

    /**
     * Closed-loop throughput of two GET targets per concurrency level: both warmed up, then measured in alternating
     * rounds, and the table of per-round ratios with their median.
     */
    private static void compareThroughput(String odata, String baseline, String authorization, int warmup, int measured,
                                          int rounds, int[] levels) throws Exception {
        compareThroughput(new Target("baseline", baseline, authorization), new Target("odata", odata, authorization),
                warmup, measured, rounds, levels);
    }

    /** One side of a comparison: a URL and the credentials it is called with. */
    record Target(String name, String url, String authorization) {
    }

    private static void compareThroughput(Target baselineTarget, Target measuredTarget, int warmup, int measured,
                                          int rounds, int[] levels) throws Exception {
        List<Result> results = new ArrayList<>();
        for (int clients : levels) {
            run(baselineTarget.url(), baselineTarget.authorization(), clients, warmup);
            run(measuredTarget.url(), measuredTarget.authorization(), clients, warmup);
            // Alternate the targets over several rounds: the machine's background load then hits both alike.
            for (int round = 1; round <= rounds; round++) {
                for (Target target : new Target[]{baselineTarget, measuredTarget}) {
                    Result result = run(target.url(), target.authorization(), clients, measured);
                    String side = target == baselineTarget ? "baseline" : "odata";
                    results.add(new Result(side, clients, result.requests(), result.errors(), result.seconds(), result.latenciesNanos()));
                    System.out.printf(Locale.ROOT, "round %d %-8s %2d clients: %8.1f req/s  p50 %6.2f ms  p99 %6.2f ms  errors %d%n",
                            round, target.name(), clients, result.throughput(), result.percentileMillis(50), result.percentileMillis(99), result.errors());
                }
            }
        }
        System.out.println();
        System.out.printf("Medians of %d alternating rounds per level:%n%n", rounds);
        System.out.printf("| clients | %s req/s | %s req/s | ratio per round | **median ratio** | %s p50 / p99 ms | %s p50 / p99 ms |%n",
                baselineTarget.name(), measuredTarget.name(), baselineTarget.name(), measuredTarget.name());
        System.out.println("|---:|---:|---:|---:|---:|---:|---:|");
        for (int clients : levels) {
            Result b = median(results, clients, "baseline");
            Result o = median(results, clients, "odata");
            // Each round measures both targets back to back: its ratio is the least disturbed by the machine's load.
            List<Result> baselines = results.stream().filter(r -> r.clients() == clients && r.target().equals("baseline")).toList();
            List<Result> odatas = results.stream().filter(r -> r.clients() == clients && r.target().equals("odata")).toList();
            List<Double> ratios = new ArrayList<>();
            for (int i = 0; i < baselines.size(); i++) {
                ratios.add(odatas.get(i).throughput() / baselines.get(i).throughput());
            }
            System.out.printf(Locale.ROOT, "| %d | %.0f | %.0f | %s | **%.2f** | %.2f / %.2f | %.2f / %.2f |%n", clients,
                    b.throughput(), o.throughput(), ratios(ratios), medianOf(ratios),
                    b.percentileMillis(50), b.percentileMillis(99), o.percentileMillis(50), o.percentileMillis(99));
        }
        System.out.println();
    }

    static String ratios(List<Double> ratios) {
        return ratios.stream().map(r -> String.format(Locale.ROOT, "%.2f", r)).collect(java.util.stream.Collectors.joining(" "));
    }

    static double medianOf(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    /** The round with the median throughput of one target at one level. */
    private static Result median(List<Result> results, int clients, String target) {
        List<Result> rounds = results.stream().filter(r -> r.clients() == clients && r.target().equals(target))
                .sorted(java.util.Comparator.comparingDouble(Result::throughput)).toList();
        return rounds.get(rounds.size() / 2);
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Both targets must answer the same 100 orders, or the comparison means nothing. */
    private static void checkSameRows(String odata, String baseline, String authorization) throws Exception {
        String a = send(odata, authorization).body();
        String b = send(baseline, authorization).body();
        List<String> idsA = ids(a);
        List<String> idsB = ids(b);
        if (idsA.size() != 100 || !idsA.equals(idsB)) {
            throw new IllegalStateException("OData and baseline disagree: " + idsA.size() + " vs " + idsB.size() + " rows");
        }
        // A fair comparison writes the same fields: the baseline must follow when the entity gains properties.
        if (!fieldsOfFirstRow(a).equals(fieldsOfFirstRow(b))) {
            throw new IllegalStateException("OData and baseline write different fields: " + fieldsOfFirstRow(a) + " vs " + fieldsOfFirstRow(b));
        }
    }

    private static java.util.Set<String> fieldsOfFirstRow(String json) {
        int start = json.indexOf('{', json.indexOf("\"value\""));
        String row = json.substring(start, json.indexOf('}', start));
        java.util.Set<String> fields = new java.util.TreeSet<>();
        java.util.regex.Matcher field = java.util.regex.Pattern.compile("\"([A-Za-z@.]+)\":").matcher(row);
        while (field.find()) {
            fields.add(field.group(1));
        }
        return fields;
    }

    private static List<String> ids(String json) {
        List<String> ids = new ArrayList<>();
        int at = 0;
        while ((at = json.indexOf("\"ID\":", at)) >= 0) {
            int end = json.indexOf(',', at);
            ids.add(json.substring(at + 5, end));
            at = end;
        }
        return ids;
    }

    /** A bearer token from the platform's token endpoint, for the user of the Basic credentials. */
    private static String token(String base, String basic) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/token"))
                .header("Authorization", basic).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("No token: " + response.statusCode() + " " + response.body());
        }
        return response.body().replaceAll(".*\"access_token\"\\s*:\\s*\"([^\"]+)\".*", "$1");
    }

    static HttpResponse<String> send(String url, String authorization) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Authorization", authorization).header("Accept", "application/json").GET().build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static Result run(String url, String authorization, int clients, int seconds) throws Exception {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        AtomicLong errors = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<long[]>> futures = new ArrayList<>();
        long started = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            futures.add(pool.submit(() -> {
                long[] latencies = new long[1024];
                int count = 0;
                while (System.nanoTime() < deadline) {
                    long t0 = System.nanoTime();
                    try {
                        HttpResponse<String> response = send(url, authorization);
                        if (response.statusCode() != 200) {
                            errors.incrementAndGet();
                            continue;
                        }
                    } catch (Exception e) {
                        errors.incrementAndGet();
                        continue;
                    }
                    if (count == latencies.length) {
                        latencies = Arrays.copyOf(latencies, count * 2);
                    }
                    latencies[count++] = System.nanoTime() - t0;
                }
                return Arrays.copyOf(latencies, count);
            }));
        }
        List<long[]> perClient = new ArrayList<>();
        for (Future<long[]> future : futures) {
            perClient.add(future.get());
        }
        double elapsed = (System.nanoTime() - started) / 1e9;
        pool.shutdown();
        long[] all = perClient.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        return new Result("", clients, all.length, errors.get(), elapsed, all);
    }
}
