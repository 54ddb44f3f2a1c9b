package de.deutschlandstack.lake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The platform's change feed over HTTP ({@code GET /api/lake/changes}, {@code POST /api/lake/erasures/applied}), read
 * with the lake's technical account ({@code lake@platform}, whose password the platform has as
 * {@code PLATFORM_LAKE_PASSWORD}). HTTP rather than JDBC: the lake may run on another machine than the platform and
 * needs no database credentials, and the embedded database is one process's file.
 */
public final class PlatformChangeFeed implements ChangeSource {

    static final String ACCOUNT = "lake@platform";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI platform;
    private final String authorization;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** @param platform the platform's root, e.g. {@code http://127.0.0.1:8080} */
    public PlatformChangeFeed(URI platform, String password) {
        this.platform = platform;
        this.authorization = "Basic " + Base64.getEncoder().encodeToString((ACCOUNT + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public Page after(long after, int max) throws IOException {
        JsonNode page = call("GET", "/api/lake/changes?after=" + after + "&limit=" + max);
        List<ChangeEvent> changes = new ArrayList<>();
        for (JsonNode change : page.path("changes")) {
            changes.add(new ChangeEvent(change.path("seq").asLong(), change.path("tenant").asText(), change.path("entitySet").asText(),
                    change.path("key").asText(), change.path("operation").asText(), text(change.path("state")),
                    Timestamp.from(Instant.parse(change.path("changedAt").asText()))));
        }
        List<Erasure> erasures = new ArrayList<>();
        for (JsonNode erasure : page.path("erasures")) {
            if (!erasure.path("upToSeq").isNumber()) {
                // A platform that does not say which states held the erased data: nothing is erased, nothing reported.
                throw new IOException("The platform's erasure " + erasure.path("id").asText() + " names no upToSeq");
            }
            erasures.add(new Erasure(erasure.path("id").asLong(), erasure.path("tenant").asText(), text(erasure.path("entitySet")),
                    text(erasure.path("key")), erasure.path("upToSeq").asLong()));
        }
        return new Page(page.path("after").asLong(), page.path("upTo").asLong(), page.path("position").asLong(),
                text(page.path("schemaVersion")), changes, erasures);
    }

    @Override
    public java.util.Map<String, List<Column>> schema() throws IOException {
        java.util.Map<String, List<Column>> sets = new java.util.TreeMap<>();
        for (JsonNode set : call("GET", "/api/lake/schema").path("entitySets")) {
            List<Column> columns = new ArrayList<>();
            for (JsonNode column : set.path("columns")) {
                columns.add(new Column(column.path("name").asText(), column.path("attribute").asText(), column.path("type").asText(),
                        column.path("precision").isNumber() ? column.path("precision").asInt() : null,
                        column.path("scale").isNumber() ? column.path("scale").asInt() : null, column.path("key").asBoolean()));
            }
            sets.put(set.path("entitySet").asText(), List.copyOf(columns));
        }
        return sets;
    }

    @Override
    public void erasuresApplied(List<Long> ids) throws IOException {
        call("POST", "/api/lake/erasures/applied", JSON.writeValueAsString(java.util.Map.of("ids", ids)));
    }

    private JsonNode call(String method, String path) throws IOException {
        return call(method, path, null);
    }

    private JsonNode call(String method, String path, String json) throws IOException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(platform.resolve(path))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", authorization)
                .header("Accept", "application/json");
        if (json != null) {
            builder.header("Content-Type", "application/json");
        }
        HttpRequest request = builder.method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)).build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while asking the platform", e);
        }
        if (response.statusCode() != 200) {
            // A problem's detail says what is wrong (401: the password; 409: the lake is ahead of the log).
            String detail = response.body();
            try {
                detail = JSON.readTree(detail).path("detail").asText(detail);
            } catch (IOException notJson) {
                // the body as it came
            }
            throw new IOException("The platform answered " + response.statusCode() + " to " + method + " " + path + ": " + detail);
        }
        return JSON.readTree(response.body());
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode() ? null : node.asText();
    }
}
