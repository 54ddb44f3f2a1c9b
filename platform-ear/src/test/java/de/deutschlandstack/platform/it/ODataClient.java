package de.deutschlandstack.platform.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A small OData client for the tests: JSON in, JSON out, with the caller's credentials. */
final class ODataClient {

    static final String SERVICE = "/odata/v4/erp/";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private final String serverRoot;
    private final String authorization;

    ODataClient(String serverRoot, String user, String password) {
        this(serverRoot, user == null ? null
                : "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }

    private ODataClient(String serverRoot, String authorization) {
        this.serverRoot = serverRoot;
        this.authorization = authorization;
    }

    /** A client that sends {@code Authorization: Bearer <token>}. */
    static ODataClient bearer(String serverRoot, String token) {
        return new ODataClient(serverRoot, "Bearer " + token);
    }

    record Response(int status, Map<String, List<String>> headers, String body) {

        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("Not JSON (" + status + "): " + body, e);
            }
        }

        /** The rows of a collection response. */
        List<JsonNode> rows() {
            List<JsonNode> rows = new ArrayList<>();
            json().path("value").forEach(rows::add);
            return rows;
        }

        Optional<String> header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream()).findFirst();
        }

        String errorMessage() {
            return json().path("error").path("message").asText();
        }
    }

    /** GET a path below the ERP service root, e.g. {@code SalesOrders?$top=5}. Spaces may be written as is. */
    Response get(String path, String... headers) {
        return send("GET", url(path), null, headers);
    }

    Response getAbsolute(String url, String... headers) {
        return send("GET", url, null, headers);
    }

    Response post(String path, String json, String... headers) {
        return send("POST", url(path), json, headers);
    }

    /** PATCH; without an If-Match of the test's own, with {@code If-Match: *} (the platform requires one). */
    Response patch(String path, String json, String... headers) {
        return send("PATCH", url(path), json, withIfMatch(headers));
    }

    Response put(String path, String json, String... headers) {
        return send("PUT", url(path), json, withIfMatch(headers));
    }

    Response delete(String path, String... headers) {
        return send("DELETE", url(path), null, withIfMatch(headers));
    }

    private static String[] withIfMatch(String... headers) {
        for (int i = 0; i + 1 < headers.length; i += 2) {
            if (headers[i].equalsIgnoreCase("If-Match") || headers[i].equalsIgnoreCase("If-None-Match")) {
                return headers;
            }
        }
        String[] withStar = java.util.Arrays.copyOf(headers, headers.length + 2);
        withStar[headers.length] = "If-Match";
        withStar[headers.length + 1] = "*";
        return withStar;
    }

    /** Any request to an absolute URL (another service than the ERP one), with extra headers as name, value pairs. */
    Response absolute(String method, String url, String body, String... headers) {
        return send(method, url, body, headers);
    }

    /** A call of the platform's REST API: {@code api("POST", "/admin/tenants", json)} goes to {@code /api/admin/tenants}. */
    Response api(String method, String path, String json) {
        return send(method, serverRoot + "/api" + path, json);
    }

    /** A call of the AI services' API: {@code ai("GET", "/models", null)} goes to {@code /ai/v1/models}. */
    Response ai(String method, String path, String json) {
        return send(method, serverRoot + "/ai/v1" + path, json);
    }

    /** Uploads bytes to the AI services' API (a model archive). */
    Response aiUpload(String path, byte[] body, String contentType) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(serverRoot + "/ai/v1" + path))
                .timeout(Duration.ofSeconds(120)).header("Content-Type", contentType).header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.headers().map(), response.body());
        } catch (IOException | InterruptedException e) {
            throw new AssertionError("POST " + path + " failed", e);
        }
    }

    /** Sends with an explicit content type (for tests of bad input). */
    Response send(String method, String path, String body, String contentType) {
        return send(method, url(path), body, new String[]{"Content-Type", contentType});
    }

    private String url(String path) {
        return serverRoot + SERVICE + path.replace("%", "%25").replace(" ", "%20").replace("'", "%27").replace("\"", "%22");
    }

    private Response send(String method, String url, String body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        boolean hasContentType = false;
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
            hasContentType |= headers[i].equalsIgnoreCase("Content-Type");
        }
        boolean hasAccept = false;
        for (int i = 0; i + 1 < headers.length; i += 2) {
            hasAccept |= headers[i].equalsIgnoreCase("Accept");
        }
        if (!hasAccept) {
            request.header("Accept", "application/json");
        }
        if (body != null && !hasContentType) {
            request.header("Content-Type", "application/json");
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.headers().map(), response.body());
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(method + " " + url + " failed", e);
        }
    }
}
