package de.deutschlandstack.core.odata;

import org.apache.olingo.commons.api.http.HttpHeader;
import org.apache.olingo.commons.api.http.HttpMethod;
import org.apache.olingo.commons.api.http.HttpStatusCode;
import org.apache.olingo.server.api.ODataApplicationException;
import org.apache.olingo.server.api.ODataRequest;
import org.apache.olingo.server.api.deserializer.batch.BatchRequestPart;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads a multipart {@code $batch} body (OData 4.01 Part 1 §11.7.7, RFC 2046 {@code multipart/mixed}) into the parts
 * Olingo's batch facade runs: single requests and change sets, each request an {@code application/http} part. It
 * checks what Olingo's own reader checks (request line, HTTP/1.1, only writes in a change set, a Content-ID for each of
 * them, no nested change set, no credentials or other forbidden headers inside, a {@code Host} that names this
 * service) and answers a malformed batch with a 400 that says what is wrong and where.
 *
 * <p>Why not Olingo's reader: it converts the body to lines and matches regular expressions against each of them; for
 * a change set of 1,000 creates that took as long as running the creates (docs/benchmarks.md). This one scans the
 * bytes once for the boundaries and keeps each body as the bytes the client sent.
 */
final class MultipartBatchReader {

    private static final Set<HttpMethod> CHANGE_SET_METHODS = Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE);
    private static final Set<String> FORBIDDEN_HEADERS = Set.of("authorization", "www-authenticate", "expect", "from",
            "max-forwards", "range", "te");
    /** Header lines per part or request: Olingo's request headers cost time per header already stored. */
    static final int MAX_HEADERS = 100;
    /** Characters of one header line. */
    static final int MAX_HEADER_LINE = 8192;

    private final byte[] body;
    private final String rawBaseUri;
    private final String rawServiceResolutionUri;
    private final String basePath;
    private final String authority;

    private MultipartBatchReader(byte[] body, String rawBaseUri, String rawServiceResolutionUri) {
        this.body = body;
        this.rawBaseUri = rawBaseUri;
        this.rawServiceResolutionUri = rawServiceResolutionUri;
        URI base = URI.create(rawBaseUri);
        this.basePath = base.getRawPath();
        this.authority = base.getRawAuthority();
    }

    /** The batch's parts in the order sent; the requests' bodies are the bytes the client sent. */
    static List<BatchRequestPart> read(byte[] body, String boundary, String rawBaseUri, String rawServiceResolutionUri)
            throws ODataApplicationException {
        if (boundary == null || boundary.isEmpty() || boundary.length() > 70) {
            throw malformed("the Content-Type needs a boundary of 1 to 70 characters");
        }
        MultipartBatchReader reader = new MultipartBatchReader(body, rawBaseUri, rawServiceResolutionUri);
        List<BatchRequestPart> parts = new ArrayList<>();
        for (int[] part : reader.split(0, body.length, boundary)) {
            parts.add(reader.part(part[0], part[1]));
        }
        return parts;
    }

    /** One part of the batch: a request of its own, or a change set. */
    private BatchRequestPart part(int start, int end) throws ODataApplicationException {
        Headers mime = new Headers();
        int content = headers(start, end, mime);
        String contentType = mime.first("content-type");
        if (contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("multipart/mixed")) {
            String boundary = boundaryOf(contentType);
            List<ODataRequest> requests = new ArrayList<>();
            Set<String> contentIds = new java.util.HashSet<>();
            for (int[] request : split(content, end, boundary)) {
                ODataRequest read = request(request[0], request[1], true);
                if (!contentIds.add(read.getHeader(HttpHeader.CONTENT_ID))) {
                    throw malformed("the Content-ID " + ErrorMapping.quoted(read.getHeader(HttpHeader.CONTENT_ID))
                            + " is given to two requests of a change set; a reference to it must name one request");
                }
                requests.add(read);
            }
            return new BatchRequestPart(true, requests);
        }
        return new BatchRequestPart(false, List.of(request(start, end, false)));
    }

    /** One {@code application/http} part: its MIME headers, then the request line, the request's headers and body. */
    private ODataRequest request(int start, int end, boolean inChangeSet) throws ODataApplicationException {
        Headers mime = new Headers();
        int position = headers(start, end, mime);
        String contentType = mime.first("content-type");
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("application/http")) {
            throw malformed(inChangeSet && contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("multipart/")
                    ? "a change set cannot hold another change set" : "each request part needs Content-Type: application/http");
        }
        String encoding = mime.first("content-transfer-encoding");
        if (encoding != null && !encoding.equalsIgnoreCase("binary")) {
            throw malformed("Content-Transfer-Encoding must be binary");
        }
        int lineEnd = lineEnd(position, end);
        String[] requestLine = ascii(position, lineEnd).split(" ", -1);
        position = next(lineEnd, end);
        if (requestLine.length != 3 || !requestLine[2].equals("HTTP/1.1")) {
            throw malformed("a request line must read METHOD URL HTTP/1.1, not \"" + ErrorMapping.quoted(String.join(" ", requestLine)) + "\"");
        }
        HttpMethod method;
        try {
            method = HttpMethod.valueOf(requestLine[0]);
        } catch (IllegalArgumentException e) {
            throw malformed("unknown method " + ErrorMapping.quoted(requestLine[0]));
        }
        if (inChangeSet && !CHANGE_SET_METHODS.contains(method)) {
            throw malformed("a change set holds only POST, PUT, PATCH and DELETE requests, not " + method);
        }
        Headers headers = new Headers();
        int bodyStart = headers(position, end, headers);
        for (String name : headers.names()) {
            if (FORBIDDEN_HEADERS.contains(name)) {
                throw malformed("the header " + name + " is not allowed inside a batch");
            }
        }
        String host = headers.first("host");
        if (host != null && !host.equalsIgnoreCase(authority)) {
            throw malformed("the Host header " + ErrorMapping.quoted(host) + " does not name this service");
        }
        String contentId = mime.first("content-id") != null ? mime.first("content-id") : headers.first("content-id");
        if (inChangeSet && contentId == null) {
            throw malformed("each request of a change set needs a Content-ID");
        }
        ODataRequest request = new ODataRequest();
        request.setMethod(method);
        request.setProtocol("HTTP/1.1");
        target(request, requestLine[1]);
        headers.values.forEach((name, values) -> request.addHeader(headers.spelling.get(name), values));
        if (contentId != null) {
            request.setHeader(HttpHeader.CONTENT_ID, contentId);
        }
        request.setBody(new ByteArrayInputStream(body(request, headers, bodyStart, end, method)));
        return request;
    }

    private byte[] body(ODataRequest request, Headers headers, int start, int end, HttpMethod method) throws ODataApplicationException {
        String declared = headers.first("content-length");
        int length = end - start;
        if (declared != null) {
            try {
                length = Integer.parseInt(declared.trim());
            } catch (NumberFormatException e) {
                length = -1;
            }
            if (length < 0 || length > end - start) {
                throw malformed("the Content-Length " + ErrorMapping.quoted(declared) + " of " + ErrorMapping.quoted(request.getRawODataPath()) + " does not fit its part");
            }
        }
        byte[] bytes = java.util.Arrays.copyOfRange(body, start, start + length);
        if (method == HttpMethod.GET && !ascii(start, start + length).isBlank()) {
            throw malformed("a GET request has no body");
        }
        return bytes;
    }

    /**
     * Where the request goes, as Olingo's reader takes it: a URL relative to the service root, an absolute path that
     * starts with the service's path, or an absolute URL that starts with the service root.
     */
    private void target(ODataRequest request, String url) throws ODataApplicationException {
        String relative;
        if (absolute(url)) {
            if (!url.startsWith(rawBaseUri)) {
                throw malformed("the URL " + ErrorMapping.quoted(url) + " is not in this service");
            }
            relative = url.substring(rawBaseUri.length());
        } else if (url.startsWith(basePath)) {
            relative = url.substring(basePath.length());
        } else {
            relative = url;
        }
        if (relative.startsWith("/")) {
            relative = relative.substring(1);
        }
        if (relative.isEmpty() || relative.startsWith("/")) {
            throw malformed("the URL " + ErrorMapping.quoted(url) + " names no resource of this service");
        }
        if (relative.equals("$batch") || relative.startsWith("$batch?")) {
            throw malformed("a batch cannot hold another batch");
        }
        int query = relative.indexOf('?');
        String path = "/" + (query < 0 ? relative : relative.substring(0, query));
        request.setRawBaseUri(rawBaseUri);
        request.setRawServiceResolutionUri(rawServiceResolutionUri);
        request.setRawODataPath(path);
        request.setRawQueryPath(query < 0 ? "" : relative.substring(query + 1));
        request.setRawRequestUri(rawBaseUri + path + (query < 0 ? "" : "?" + relative.substring(query + 1)));
    }

    /** Whether the URL starts with a scheme ({@code https:}), as an absolute URL does (RFC 3986 §3.1). */
    private static boolean absolute(String url) {
        for (int i = 0; i < url.length(); i++) {
            char c = url.charAt(i);
            if (c == ':') {
                return i > 0;
            }
            boolean letter = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
            if (!letter && (i == 0 || !(c >= '0' && c <= '9' || c == '+' || c == '.' || c == '-'))) {
                return false;
            }
        }
        return false;
    }

    /**
     * The parts between the boundaries in {@code [start, end)}: each from after its delimiter line to the line break
     * before the next delimiter. Text before the first delimiter and after the last one is ignored (RFC 2046).
     */
    private List<int[]> split(int start, int end, String boundary) throws ODataApplicationException {
        byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        List<int[]> parts = new ArrayList<>();
        int partStart = -1;
        int position = start;
        while (true) {
            int found = delimiter(delimiter, position, end);
            if (found < 0) {
                throw malformed("the closing delimiter --" + boundary + "-- is missing");
            }
            int after = found + delimiter.length;
            if (partStart >= 0) {
                // The line break before a delimiter belongs to it.
                int partEnd = found >= 2 && body[found - 2] == '\r' ? found - 2 : found - 1;
                parts.add(new int[]{partStart, Math.max(partStart, partEnd)});
            }
            if (after + 1 < end && body[after] == '-' && body[after + 1] == '-') {
                if (parts.isEmpty()) {
                    throw malformed("no part between --" + boundary + " and --" + boundary + "--");
                }
                return parts;
            }
            int lineEnd = lineEnd(after, end);
            if (!ascii(after, lineEnd).isBlank()) {
                throw malformed("a delimiter line holds nothing but --" + boundary);
            }
            partStart = next(lineEnd, end);
            position = partStart;
        }
    }

    /** The next delimiter at the start of a line from {@code position} on, or -1. */
    private int delimiter(byte[] delimiter, int position, int end) {
        for (int i = position; i + delimiter.length <= end; i++) {
            if ((i == position || body[i - 1] == '\n') && startsWith(delimiter, i)) {
                return i;
            }
            // Skip to the next line start.
            while (i < end && body[i] != '\n') {
                i++;
            }
        }
        return -1;
    }

    private boolean startsWith(byte[] prefix, int at) {
        for (int j = 0; j < prefix.length; j++) {
            if (body[at + j] != prefix[j]) {
                return false;
            }
        }
        return true;
    }

    /** Header lines from {@code start} to the first empty line; answers where the content after it starts. */
    private int headers(int start, int end, Headers headers) throws ODataApplicationException {
        int position = start;
        String last = null;
        int lines = 0;
        while (position < end) {
            int lineEnd = lineEnd(position, end);
            if (lineEnd == position) {
                return next(lineEnd, end);
            }
            if (++lines > MAX_HEADERS || lineEnd - position > MAX_HEADER_LINE) {
                throw malformed("a part or request has at most " + MAX_HEADERS + " header lines of at most " + MAX_HEADER_LINE
                        + " characters each");
            }
            String line = ascii(position, lineEnd);
            if ((line.startsWith(" ") || line.startsWith("\t")) && last != null) {
                // A folded header line (RFC 5322 §2.2.3) continues the one before it.
                headers.add(last, line.trim());
            } else {
                int colon = line.indexOf(':');
                if (colon <= 0) {
                    throw malformed("\"" + ErrorMapping.quoted(line) + "\" is not a header line (Name: value), or the empty line after the headers is missing");
                }
                last = line.substring(0, colon).trim();
                headers.add(last, line.substring(colon + 1).trim());
            }
            position = next(lineEnd, end);
        }
        return end;
    }

    /** The end of the line at {@code position}: its CR LF (or LF), or {@code end}. */
    private int lineEnd(int position, int end) {
        for (int i = position; i < end; i++) {
            if (body[i] == '\n') {
                return i > position && body[i - 1] == '\r' ? i - 1 : i;
            }
        }
        return end;
    }

    /** Where the line after the one ending at {@code lineEnd} starts. */
    private int next(int lineEnd, int end) {
        if (lineEnd < end && body[lineEnd] == '\r') {
            lineEnd++;
        }
        return Math.min(end, lineEnd + 1);
    }

    private String ascii(int start, int end) {
        return new String(body, start, end - start, StandardCharsets.ISO_8859_1);
    }

    private static String boundaryOf(String contentType) throws ODataApplicationException {
        for (String parameter : contentType.split(";")) {
            int equals = parameter.indexOf('=');
            if (equals > 0 && parameter.substring(0, equals).trim().equalsIgnoreCase("boundary")) {
                String boundary = parameter.substring(equals + 1).trim();
                if (boundary.length() >= 2 && boundary.startsWith("\"") && boundary.endsWith("\"")) {
                    boundary = boundary.substring(1, boundary.length() - 1);
                }
                if (!boundary.isEmpty() && boundary.length() <= 70) {
                    return boundary;
                }
            }
        }
        throw malformed("a change set's Content-Type needs a boundary of 1 to 70 characters");
    }

    private static ODataApplicationException malformed(String what) {
        return ErrorMapping.error(HttpStatusCode.BAD_REQUEST, "Malformed batch: " + what);
    }

    /** Header values by lower-case name, each value list split at commas as Olingo does, with the name as sent. */
    private static final class Headers {
        final Map<String, List<String>> values = new LinkedHashMap<>();
        final Map<String, String> spelling = new LinkedHashMap<>();

        void add(String name, String value) {
            String key = name.toLowerCase(Locale.ROOT);
            spelling.putIfAbsent(key, name);
            List<String> list = values.computeIfAbsent(key, k -> new ArrayList<>());
            for (String single : value.split(",")) {
                if (!single.isBlank()) {
                    list.add(single.trim());
                }
            }
        }

        String first(String name) {
            List<String> list = values.get(name);
            return list == null || list.isEmpty() ? null : list.get(0);
        }

        Set<String> names() {
            return values.keySet();
        }
    }
}
