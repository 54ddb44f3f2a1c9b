package de.deutschlandstack.core.observability;

import de.deutschlandstack.core.changes.LakeAnalyses;
import de.deutschlandstack.core.health.DatabaseAvailability;
import de.deutschlandstack.core.odata.ODataServices;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.Tags;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The platform's own metrics, in the server's Micrometer registry, which WildFly serves for Prometheus on the management
 * port ({@code /metrics}) beside its own (data source pools, transactions, JVM). Every request counts, also those
 * refused before a protocol runtime sees them (a missing login, a database that is away):
 * <ul>
 *   <li>{@code platform_requests_seconds} — count, total and maximum latency per API ({@code odata}, {@code rest}),
 *   resource (an entity set of the OData service, the REST API's first segment), method and status;</li>
 *   <li>{@code platform_request_latency_seconds_total} — the latency histogram of the requests served (not those refused
 *   with 401 or 429) per API and method, one series per upper bound {@code le}, as {@code histogram_quantile} reads
 *   it;</li>
 *   <li>{@code platform_tenant_requests_total} — requests per tenant and status class;</li>
 *   <li>{@code platform_database_available} — 1 while the database answers ({@link DatabaseAvailability});</li>
 *   <li>{@code platform_change_log_position} — the newest sequence number of the change log;</li>
 *   <li>where the platform has a data lake: {@code platform_lake_available} (1 while the lake answers),
 *   {@code platform_lake_progress} (the change log's position the lake has applied up to: its backlog is
 *   {@code platform_change_log_position - platform_lake_progress}), {@code platform_lake_behind} (the entries it knew of
 *   and had not applied at its last step) and
 *   {@code platform_lake_freshness_seconds} per {@code quantile} (0.5, 0.99: commit in the platform to the change in the
 *   lake's silver tables), as the lake last reported them ({@link LakeAnalyses#lastReport()}, at most 15 s old);</li>
 *   <li>{@code platform_model_predictions_seconds} and the histogram {@code platform_model_latency_seconds_total} — the
 *   AI models' answers per tenant and model (queueing, batching and the forward pass), beside the requests' own
 *   figures under {@code api="ai"}.</li>
 * </ul>
 * Label values come from fixed sets (declared entity sets, a fixed list of REST resources, methods, statuses, tenants),
 * never from what a client writes into a URL, so that no client can grow the registry.
 */
@ApplicationScoped
public class PlatformMetrics {

    /** Upper bounds of the latency histogram, in seconds: what a person waits for, from instant to far too long. */
    private static final double[] BUCKETS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, Double.POSITIVE_INFINITY};
    private static final String[] BUCKET_LABELS = java.util.Arrays.stream(BUCKETS)
            .mapToObj(bound -> Double.isInfinite(bound) ? "+Inf" : String.valueOf(bound)).toArray(String[]::new);
    private static final java.util.Set<Integer> REFUSALS = java.util.Set.of(401, 429);
    private static final java.util.Set<String> METHODS = java.util.Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE");
    private static final java.util.Set<String> REST_RESOURCES = java.util.Set.of("admin", "me", "token", "privacy", "audit",
            "users", "openapi.yaml", "lake");
    /** The AI API's resources ({@code /ai/v1/<first>}); a model's predictions are {@code models/predict}. */
    private static final java.util.Set<String> AI_RESOURCES = java.util.Set.of("models", "devices", "services",
            "training-jobs", "modules");
    /** Upper bounds of the models' latency histogram, in seconds: a forward pass is milliseconds. */
    private static final double[] MODEL_BUCKETS = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5, 30,
            Double.POSITIVE_INFINITY};
    private static final String[] MODEL_BUCKET_LABELS = java.util.Arrays.stream(MODEL_BUCKETS)
            .mapToObj(bound -> Double.isInfinite(bound) ? "+Inf" : String.valueOf(bound)).toArray(String[]::new);

    @Inject
    MeterRegistry registry;

    @Inject
    ODataServices services;

    @Inject
    DatabaseAvailability database;

    @Inject
    LakeAnalyses lake;


    /**
     * The meters of this deployment by their name and tags, looked up once: the registry WildFly hands a deployment
     * searches all of its meters on every lookup (a fifth of an OData read's time went there).
     */
    private final java.util.concurrent.ConcurrentHashMap<String, Timer> timers = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.concurrent.ConcurrentHashMap<String, Counter> counters = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.concurrent.ConcurrentHashMap<String, Counter[]> histograms = new java.util.concurrent.ConcurrentHashMap<>();

    /** The gauges of this deployment: they read its beans, and go with it (the registry is the server's). */
    private final java.util.List<io.micrometer.core.instrument.Meter> gauges = new java.util.concurrent.CopyOnWriteArrayList<>();

    synchronized void register(@Observes @Initialized(ApplicationScoped.class) Object started) {
        if (!gauges.isEmpty()) {
            return; // each module of the EAR announces its start
        }
        // The registry WildFly hands a deployment takes meters by name and tags only (its builders and configuration
        // are not supported): hence the counters of the histogram below instead of a timer with buckets.
        gauge("platform_database_available", database, available -> available.available() ? 1 : 0);
        gauge("platform_change_log_position", this, PlatformMetrics::changeLogPosition);
        if (lake.configured()) {
            gauge("platform_lake_available", lake, l -> lakeFigure(l, r -> r.available() ? 1 : 0));
            gauge("platform_lake_behind", lake, l -> lakeFigure(l, LakeAnalyses.Report::behind));
            gauge("platform_lake_progress", lake, l -> lakeFigure(l, LakeAnalyses.Report::progress));
            gauge("platform_lake_freshness_seconds", Tags.of("quantile", "0.5"), lake,
                    l -> lakeFigure(l, LakeAnalyses.Report::freshnessP50Seconds));
            gauge("platform_lake_freshness_seconds", Tags.of("quantile", "0.99"), lake,
                    l -> lakeFigure(l, LakeAnalyses.Report::freshnessP99Seconds));
        }
    }

    private static double lakeFigure(LakeAnalyses lake, java.util.function.ToDoubleFunction<LakeAnalyses.Report> figure) {
        LakeAnalyses.Report report = lake.lastReport();
        return report == null ? Double.NaN : figure.applyAsDouble(report);
    }

    private <T> void gauge(String name, T state, java.util.function.ToDoubleFunction<T> value) {
        gauge(name, Tags.empty(), state, value);
    }

    private <T> void gauge(String name, Tags tags, T state, java.util.function.ToDoubleFunction<T> value) {
        // One a deployment before this one left (the registry would hand that back, reading a bean that is gone).
        Optional.ofNullable(registry.find(name).tags(tags).gauge()).ifPresent(registry::remove);
        registry.gauge(name, tags, state, value);
        gauges.add(registry.find(name).tags(tags).gauge());
    }

    /**
     * Counts one answer of an AI model ({@code failed}: the model failed on the rows), from its queueing to its answer.
     * {@code model} is a registered model's name, never a request's text: the tenant's quota bounds how many there are,
     * and {@link #forgetModels} removes their series when they go.
     */
    public void modelAnswered(String tenant, String model, long nanos, boolean failed) {
        String outcome = failed ? "failed" : "answered";
        timers.computeIfAbsent(modelKey(tenant, model) + outcome, key -> registry.timer("platform_model_predictions",
                "tenant", tenant, "model", model, "outcome", outcome)).record(nanos, TimeUnit.NANOSECONDS);
        Counter[] buckets = histograms.computeIfAbsent(modelKey(tenant, model), key -> {
            Counter[] counters = new Counter[MODEL_BUCKETS.length];
            for (int i = 0; i < MODEL_BUCKETS.length; i++) {
                counters[i] = registry.counter("platform_model_latency_seconds", "tenant", tenant, "model", model, "le", MODEL_BUCKET_LABELS[i]);
            }
            return counters;
        });
        double seconds = nanos / 1e9;
        for (int i = 0; i < MODEL_BUCKETS.length; i++) {
            if (seconds <= MODEL_BUCKETS[i]) {
                buckets[i].increment();
            }
        }
    }

    private static String modelKey(String tenant, String model) {
        return "model " + tenant + " " + (model == null ? "" : model + " ");
    }

    @jakarta.annotation.PreDestroy
    void unregister() {
        gauges.forEach(registry::remove);
        gauges.clear();
    }

    /**
     * Counts one finished request. {@code path} is the path below the context root ({@code /odata/v4/erp/SalesOrders(7)}),
     * {@code tenant} the authenticated caller's (null before a login).
     */
    public void requestCompleted(String path, String method, int status, long nanos, String tenant) {
        String api = path.startsWith("/odata/") ? "odata" : path.startsWith("/api/") ? "rest" : path.startsWith("/ai/") ? "ai" : "other";
        String knownMethod = METHODS.contains(method) ? method : "OTHER";
        String resource = resource(api, path);
        timers.computeIfAbsent("requests " + api + " " + resource + " " + knownMethod + " " + status, key -> registry.timer(
                "platform_requests", "api", api, "resource", resource, "method", knownMethod, "status", String.valueOf(status)))
                .record(nanos, TimeUnit.NANOSECONDS);
        if (tenant != null) {
            counters.computeIfAbsent("tenant " + tenant + " " + status / 100, key -> registry.counter("platform_tenant_requests",
                    "tenant", tenant, "status", status / 100 + "xx")).increment();
        }
        // A cumulative histogram as Prometheus reads one (a series per upper bound "le", each counting the requests that
        // took at most that long), per API and method:
        // (Prometheus's exposition names the counter platform_request_latency_seconds_total):
        //   histogram_quantile(0.99, sum by (le) (rate(platform_request_latency_seconds_total[5m])))
        double seconds = nanos / 1e9;
        if (REFUSALS.contains(status)) {
            // Refused before any work (no login, too many requests): answered in no time and as many as a client likes,
            // they would only pull the latency of the work served down. Counted above. (A 503 is counted: one may have
            // waited for the pool or on a database that stopped answering.)
            return;
        }
        Counter[] buckets = histograms.computeIfAbsent("latency " + api + " " + knownMethod, key -> {
            Counter[] counters = new Counter[BUCKETS.length];
            for (int i = 0; i < BUCKETS.length; i++) {
                counters[i] = registry.counter("platform_request_latency_seconds", "api", api, "method", knownMethod, "le", BUCKET_LABELS[i]);
            }
            return counters;
        });
        for (int i = 0; i < BUCKETS.length; i++) {
            if (seconds <= BUCKETS[i]) {
                buckets[i].increment();
            }
        }
    }

    /**
     * Forgets the series of a tenant's model ({@code model} null: of every model of the tenant), so that a model
     * unregistered or a tenant offboarded leaves none behind: registering and unregistering models under new names
     * must not grow the registry.
     */
    public void forgetModels(String tenant, String model) {
        String prefix = modelKey(tenant, model);
        timers.keySet().removeIf(key -> key.startsWith(prefix));
        histograms.keySet().removeIf(key -> key.startsWith(prefix));
        for (String name : java.util.List.of("platform_model_predictions", "platform_model_latency_seconds")) {
            io.micrometer.core.instrument.search.Search series = registry.find(name).tag("tenant", tenant);
            if (model != null) {
                series = series.tag("model", model);
            }
            series.meters().forEach(registry::remove);
        }
    }

    /** An entity set of the service in its declared spelling, {@code $batch} or {@code $metadata}, or "other". */
    private String resource(String api, String path) {
        String[] segments = path.split("/");
        if (api.equals("rest")) {
            return segments.length > 2 && REST_RESOURCES.contains(segments[2]) ? segments[2] : "other";
        }
        if (api.equals("ai")) {
            // /ai/v1/<resource>[/...], predictions /ai/v1/models/{name}[/versions/{v}]/predict
            if (segments.length < 4 || !"v1".equals(segments[2]) || !AI_RESOURCES.contains(segments[3])) {
                return "other";
            }
            return segments[3].equals("models") && segments[segments.length - 1].equals("predict") ? "models/predict" : segments[3];
        }
        if (!api.equals("odata") || segments.length < 4) {
            return "other";
        }
        String service = segments[3];
        if (services.service(service).isEmpty()) {
            return "other";
        }
        if (segments.length == 4) {
            return service + "/";
        }
        String first = segments[4].replaceAll("[(].*", "");
        if (first.equals("$batch") || first.equals("$metadata")) {
            return service + "/" + first;
        }
        Optional<String> entitySet = services.service(service).flatMap(odata -> odata.model().entitySets().stream()
                .map(set -> set.name()).filter(name -> name.equalsIgnoreCase(first)).findFirst());
        return entitySet.map(name -> service + "/" + name).orElse("other");
    }

    private double changeLogPosition() {
        if (!database.available()) {
            return Double.NaN;
        }
        try (Connection connection = database.sideConnection()) {
            // A scrape never waits long on the database (nor for a connection: the probe's pool): the management port
            // also answers readiness.
            connection.setNetworkTimeout(Runnable::run, 2_000);
            try (PreparedStatement position = connection.prepareStatement("select last_seq from change_log_position where id = 1");
                 ResultSet row = position.executeQuery()) {
                return row.next() ? row.getLong(1) : Double.NaN;
            }
        } catch (SQLException e) {
            DatabaseAvailability.reportIfUnavailability(e);
            return Double.NaN;
        }
    }
}
