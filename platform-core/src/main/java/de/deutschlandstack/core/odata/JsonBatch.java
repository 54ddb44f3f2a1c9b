package de.deutschlandstack.core.odata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.apache.olingo.commons.api.http.HttpHeader;
import org.apache.olingo.commons.api.http.HttpMethod;
import org.apache.olingo.server.api.ODataHandler;
import org.apache.olingo.server.api.ODataRequest;
import org.apache.olingo.server.api.ODataResponse;
import org.apache.olingo.server.api.prefer.Preferences;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code $batch} in OData 4.01's JSON format ({@code {"requests": [...]}}), which Olingo does not parse: each request
 * runs through the same handler as a request of its own. Requests that share an {@code atomicityGroup} (adjacent, as
 * the format demands) run in one transaction ({@link ChangeSets}): when one fails, the group is rolled back, the
 * failing request answers with its error and the others of the group with 424. A request whose {@code dependsOn}
 * names a failed request or group answers 424 and does not run. {@code $<id>} at the start of a URL or of an
 * {@code @odata.bind} value refers to the entity an earlier request created (its {@code Location}). Processing stops
 * at the first failure unless the client prefers {@code odata.continue-on-error}.
 */
final class JsonBatch {

    /** How deep references are looked for in a body; deeper nesting is refused by the deep insert's own limits. */
    private static final int MAX_NESTING = 64;

    /** Segments OData writes with a leading {@code $} ({@code $metadata}, {@code $count}...): no request id may be one. */
    private static final Set<String> RESERVED_IDS = Set.of("metadata", "batch", "root", "all", "crossjoin", "entity", "count",
            "ref", "value", "each", "filter", "apply", "search", "select", "expand", "top", "skip", "orderby", "compute", "format",
            "levels", "skiptoken", "deltatoken", "it", "index", "schemaversion", "id");
    private static final ObjectMapper JSON = new ObjectMapper();
    /** RFC 4918: the request was not run because one it depends on failed. */
    private static final int FAILED_DEPENDENCY = 424;

    private final ODataHandler handler;
    private final ChangeSets changeSets;
    private final BatchParts parts;
    /** The ids of the batch's requests: what {@code $<id>} may refer to. */
    private final Set<String> ids = new HashSet<>();

    /** One request of the batch, as the client wrote it. */
    private record Part(String id, String group, List<String> dependsOn, String method, String url, Map<String, String> headers,
                        JsonNode body) {
    }

    /**
     * One answer, in request order; its body as the handler wrote it: JSON ({@code json}) goes into the batch's answer
     * as it is, without being read into a tree and written once more, anything else as a string.
     */
    private record Answer(Part part, int status, Map<String, String> headers, byte[] body, boolean json) {
    }

    JsonBatch(ODataHandler handler, ChangeSets changeSets, BatchParts parts) {
        this.handler = handler;
        this.changeSets = changeSets;
        this.parts = parts;
    }

    void process(ODataRequest batch, ODataResponse response, Preferences preferences) {
        List<Part> requests;
        try {
            requests = parse(batch.getBody());
            parts.checkCount(requests.size());
            requests.forEach(request -> ids.add(request.id()));
        } catch (BadBatch e) {
            answer(response, ODataErrors.response(400, e.getMessage()));
            return;
        } catch (org.apache.olingo.server.api.ODataApplicationException e) {
            answer(response, ODataErrors.response(e.getStatusCode(), e.getMessage()));
            return;
        }
        boolean continueOnError = preferences.hasContinueOnError();
        Map<String, String> locations = new HashMap<>();
        Set<String> failed = new HashSet<>();
        List<Answer> answers = new ArrayList<>();
        for (int i = 0; i < requests.size(); ) {
            Part first = requests.get(i);
            int end = i + 1;
            while (first.group() != null && end < requests.size() && first.group().equals(requests.get(end).group())) {
                end++;
            }
            List<Part> unit = requests.subList(i, end);
            i = end;
            List<Answer> unitAnswers = run(batch, unit, locations, failed);
            answers.addAll(unitAnswers);
            boolean unitFailed = unitAnswers.stream().anyMatch(a -> a.status() >= 400);
            if (unitFailed) {
                // What a rolled-back group created does not exist: references to it are not resolved.
                unit.forEach(p -> locations.remove(p.id()));
                unit.forEach(p -> failed.add(p.id()));
                if (first.group() != null) {
                    failed.add(first.group());
                }
                if (!continueOnError) {
                    break;
                }
            }
        }
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        try (com.fasterxml.jackson.core.JsonGenerator json = JSON.getFactory().createGenerator(body)) {
            json.writeStartObject();
            json.writeArrayFieldStart("responses");
            for (Answer answer : answers) {
                json.writeStartObject();
                json.writeStringField("id", answer.part().id());
                if (answer.part().group() != null) {
                    json.writeStringField("atomicityGroup", answer.part().group());
                }
                json.writeNumberField("status", answer.status());
                if (!answer.headers().isEmpty()) {
                    json.writeObjectFieldStart("headers");
                    for (Map.Entry<String, String> header : answer.headers().entrySet()) {
                        json.writeStringField(header.getKey(), header.getValue());
                    }
                    json.writeEndObject();
                }
                if (answer.body() != null) {
                    json.writeFieldName("body");
                    if (answer.json()) {
                        // Written by the platform's own serializers (entities, errors): JSON already.
                        json.writeRawValue(new String(answer.body(), StandardCharsets.UTF_8));
                    } else {
                        json.writeString(new String(answer.body(), StandardCharsets.UTF_8));
                    }
                }
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        response.setStatusCode(200);
        response.setHeader(HttpHeader.CONTENT_TYPE, "application/json");
        response.setHeader(HttpHeader.ODATA_VERSION, "4.01");
        if (continueOnError) {
            response.setHeader(HttpHeader.PREFERENCE_APPLIED, "odata.continue-on-error");
        }
        response.setContent(new ByteArrayInputStream(body.toByteArray()));
    }

    /** Runs a request on its own, or an atomicity group, in a transaction unless it only reads. */
    private List<Answer> run(ODataRequest batch, List<Part> unit, Map<String, String> locations, Set<String> failed) {
        for (Part part : unit) {
            for (String dependency : part.dependsOn()) {
                if (failed.contains(dependency)) {
                    return unit.stream().map(p -> error(p, FAILED_DEPENDENCY, "Not run: " + dependency + ", which "
                            + part.id() + " depends on, failed")).toList();
                }
            }
        }
        boolean reads = unit.size() == 1 && unit.get(0).group() == null && unit.get(0).method().equals("GET");
        if (reads) {
            return List.of(execute(batch, unit.get(0), locations));
        }
        long spent = parts.spent();
        java.util.function.Supplier<Outcome> work = () -> {
            List<Answer> answers = new ArrayList<>();
            for (Part part : unit) {
                Answer answer = execute(batch, part, locations);
                if (answer.status() >= 400) {
                    // The group is rolled back: its other requests are reported as not done.
                    List<Answer> all = new ArrayList<>();
                    for (Part other : unit) {
                        all.add(other == part ? answer : error(other, FAILED_DEPENDENCY,
                                "Not stored: " + part.id() + " in the same atomicity group failed"));
                    }
                    return new Outcome(all, true);
                }
                answers.add(answer);
                changeSets.settle();
            }
            return new Outcome(answers, false);
        };
        try {
            if (unit.size() == 1) {
                return changeSets.atomically(work).answers();
            }
            // Run once more (ChangeSets): what the first run created is no longer there to refer to or to count.
            return changeSets.atomically(work, () -> {
                unit.forEach(p -> locations.remove(p.id()));
                parts.rewind(spent);
            }).answers();
        } catch (RuntimeException e) {
            int status = ErrorMapping.commitFailure(e, "A $batch atomicity group");
            return unit.stream().map(p -> error(p, status, status == 503 ? de.deutschlandstack.core.health.DatabaseAvailability.MESSAGE
                    : "The change could not be committed and was not stored; please retry")).toList();
        }
    }

    private record Outcome(List<Answer> answers, boolean failed) implements ChangeSets.Outcome {
    }

    private Answer execute(ODataRequest batch, Part part, Map<String, String> locations) {
        // A URL in JSON is text: a space in its query is meant as one, as a client would percent-encode it.
        String url = part.url().replace(" ", "%20");
        int end = 1;
        while (url.startsWith("$") && end < url.length() && url.charAt(end) != '/' && url.charAt(end) != '?') {
            end++;
        }
        // $<id> refers to a request of the batch; $metadata, $batch and the like stay what they are.
        if (url.startsWith("$") && !url.substring(1, end).isEmpty() && ids.contains(url.substring(1, end))) {
            String location = locations.get(url.substring(1, end));
            if (location == null) {
                return error(part, 400, "The URL " + url + " refers to no entity created earlier in the batch");
            }
            url = location + url.substring(end);
        }
        String base = batch.getRawBaseUri();
        if (url.startsWith(base)) {
            url = url.substring(base.length());
        } else {
            String servicePath = java.net.URI.create(base).getRawPath();
            if (url.startsWith(servicePath)) {
                url = url.substring(servicePath.length());
            }
        }
        url = url.startsWith("/") ? url : "/" + url;
        int query = url.indexOf('?');
        ODataRequest request = new ODataRequest();
        request.setMethod(HttpMethod.valueOf(part.method()));
        request.setProtocol("HTTP/1.1");
        request.setRawBaseUri(base);
        request.setRawServiceResolutionUri(batch.getRawServiceResolutionUri());
        request.setRawODataPath(query < 0 ? url : url.substring(0, query));
        request.setRawQueryPath(query < 0 ? null : url.substring(query + 1));
        request.setRawRequestUri(base + url);
        part.headers().forEach(request::setHeader);
        if (part.body() != null) {
            try {
                request.setBody(new ByteArrayInputStream(JSON.writeValueAsBytes(resolve(part.body(), locations))));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (request.getHeader(HttpHeader.CONTENT_TYPE) == null) {
                request.setHeader(HttpHeader.CONTENT_TYPE, "application/json");
            }
        }
        ODataResponse refused = parts.exhausted() ? parts.exhaustedError() : parts.admit(request);
        ODataResponse response = parts.spend(refused != null ? refused : handler.process(request));
        Map<String, String> headers = new LinkedHashMap<>();
        response.getAllHeaders().forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (!lower.equals("content-length") && !values.isEmpty()) {
                headers.put(lower, String.join(", ", values));
            }
        });
        String location = headers.get("location");
        if (location != null && response.getStatusCode() < 400) {
            locations.put(part.id(), location.startsWith(base) ? location.substring(base.length() + 1) : location);
        }
        return answer(part, response, headers);
    }

    /**
     * {@code $1} or {@code $1/...} in an {@code @odata.bind} value: the entity the request with id 1 created. Also in
     * the entities a body nests (a deep insert's items binding their product) and in arrays of references.
     */
    private static JsonNode resolve(JsonNode body, Map<String, String> locations) {
        if (body == null || !body.isContainerNode() || locations.isEmpty() || !refersBack(body, 0)) {
            return body;
        }
        JsonNode resolved = body.deepCopy();
        resolveIn(resolved, locations, 0);
        return resolved;
    }

    private static void resolveIn(JsonNode node, Map<String, String> locations, int depth) {
        if (depth > MAX_NESTING) {
            return;
        }
        if (node instanceof ArrayNode array) {
            array.forEach(element -> resolveIn(element, locations, depth + 1));
            return;
        }
        if (!(node instanceof ObjectNode object)) {
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> fields = object.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (!field.getKey().endsWith("@odata.bind")) {
                resolveIn(field.getValue(), locations, depth + 1);
            } else if (field.getValue().isTextual()) {
                field.setValue(reference(field.getValue().asText(), locations));
            } else if (field.getValue() instanceof ArrayNode references) {
                for (int i = 0; i < references.size(); i++) {
                    if (references.get(i).isTextual()) {
                        references.set(i, reference(references.get(i).asText(), locations));
                    }
                }
            }
        }
    }

    /** Whether an {@code @odata.bind} value in the body starts with {@code $}: only then is the body copied. */
    private static boolean refersBack(JsonNode node, int depth) {
        if (depth > MAX_NESTING) {
            return false;
        }
        if (node instanceof ArrayNode array) {
            for (JsonNode element : array) {
                if (refersBack(element, depth + 1)) {
                    return true;
                }
            }
            return false;
        }
        if (!(node instanceof ObjectNode object)) {
            return false;
        }
        for (Iterator<Map.Entry<String, JsonNode>> fields = object.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode value = field.getValue();
            if (!field.getKey().endsWith("@odata.bind") ? refersBack(value, depth + 1)
                    : value.isTextual() ? value.asText().startsWith("$")
                    : value instanceof ArrayNode references && java.util.stream.StreamSupport.stream(references.spliterator(), false)
                            .anyMatch(reference -> reference.isTextual() && reference.asText().startsWith("$"))) {
                return true;
            }
        }
        return false;
    }

    private static TextNode reference(String value, Map<String, String> locations) {
        if (!value.startsWith("$")) {
            return TextNode.valueOf(value);
        }
        int end = value.indexOf('/') < 0 ? value.length() : value.indexOf('/');
        String location = locations.get(value.substring(1, end));
        return TextNode.valueOf(location == null ? value : location + value.substring(end));
    }

    private static Answer answer(Part part, ODataResponse response, Map<String, String> headers) {
        InputStream content = response.getContent();
        if (content == null) {
            return new Answer(part, response.getStatusCode(), headers, null, false);
        }
        try (content) {
            byte[] bytes = content.readAllBytes();
            String contentType = headers.get("content-type");
            boolean json = contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("application/json");
            return new Answer(part, response.getStatusCode(), headers, bytes.length == 0 ? null : bytes, json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Answer error(Part part, int status, String message) {
        return answer(part, ODataErrors.response(status, message), Map.of("content-type", "application/json"));
    }

    private static void answer(ODataResponse response, ODataResponse error) {
        response.setStatusCode(error.getStatusCode());
        error.getAllHeaders().forEach((name, values) -> response.setHeader(name, String.join(", ", values)));
        response.setContent(error.getContent());
    }

    private static final class BadBatch extends Exception {
        BadBatch(String message) {
            super(message);
        }
    }

    private static List<Part> parse(InputStream body) throws BadBatch {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            throw new BadBatch("The batch is not valid JSON");
        }
        if (root == null || !root.path("requests").isArray()) {
            throw new BadBatch("A JSON batch is an object with an array \"requests\"");
        }
        List<Part> parts = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        Set<String> closedGroups = new HashSet<>();
        String openGroup = null;
        for (JsonNode request : root.path("requests")) {
            String id = text(request, "id");
            String method = text(request, "method");
            String url = text(request, "url");
            if (id == null || method == null || url == null) {
                throw new BadBatch("Every request of a batch needs \"id\", \"method\" and \"url\"");
            }
            if (!ids.add(id)) {
                throw new BadBatch("The id " + ErrorMapping.quoted(id) + " is used twice");
            }
            if (RESERVED_IDS.contains(id.toLowerCase(Locale.ROOT))) {
                // $metadata, $batch and the like keep their meaning in the batch's URLs.
                throw new BadBatch("The id " + id + " is reserved: $" + id + " names a resource of the service");
            }
            method = method.toUpperCase(Locale.ROOT);
            if (!Set.of("GET", "POST", "PUT", "PATCH", "DELETE").contains(method)) {
                throw new BadBatch("Request " + ErrorMapping.quoted(id) + ": the method " + ErrorMapping.quoted(method)
                        + " is not allowed in a batch");
            }
            String group = text(request, "atomicityGroup");
            if (group != null && ids.contains(group) && !group.equals(id)) {
                throw new BadBatch("The atomicity group " + ErrorMapping.quoted(group) + " has the name of a request");
            }
            if (!java.util.Objects.equals(group, openGroup)) {
                if (openGroup != null) {
                    closedGroups.add(openGroup);
                }
                if (group != null && closedGroups.contains(group)) {
                    throw new BadBatch("The requests of atomicity group " + ErrorMapping.quoted(group) + " must be adjacent");
                }
                openGroup = group;
            }
            List<String> dependsOn = new ArrayList<>();
            for (JsonNode dependency : request.path("dependsOn")) {
                if (!ids.contains(dependency.asText()) && !closedGroups.contains(dependency.asText())
                        && !dependency.asText().equals(openGroup)) {
                    throw new BadBatch("Request " + ErrorMapping.quoted(id) + " depends on " + ErrorMapping.quoted(dependency.asText()) + ", which does not come before it");
                }
                dependsOn.add(dependency.asText());
            }
            Map<String, String> headers = new LinkedHashMap<>();
            if (request.path("headers").size() > MultipartBatchReader.MAX_HEADERS) {
                throw new BadBatch("Request " + ErrorMapping.quoted(id) + " has more than " + MultipartBatchReader.MAX_HEADERS + " headers");
            }
            for (Iterator<Map.Entry<String, JsonNode>> fields = request.path("headers").fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> header = fields.next();
                if (header.getKey().length() + header.getValue().asText().length() > MultipartBatchReader.MAX_HEADER_LINE) {
                    throw new BadBatch("Request " + ErrorMapping.quoted(id) + " has a header longer than " + MultipartBatchReader.MAX_HEADER_LINE + " characters");
                }
                headers.put(header.getKey(), header.getValue().asText());
            }
            JsonNode requestBody = request.get("body");
            parts.add(new Part(id, group, dependsOn, method, url, headers, requestBody == null || requestBody.isNull() ? null : requestBody));
        }
        return parts;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || !value.isTextual() || value.asText().isEmpty() ? null : value.asText();
    }
}
