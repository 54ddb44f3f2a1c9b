package de.deutschlandstack.core.odata;

import de.deutschlandstack.core.audit.RequestAudit;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import de.deutschlandstack.core.config.PlatformSettings;
import de.deutschlandstack.core.health.DatabaseAvailability;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import org.apache.olingo.commons.api.format.AcceptType;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Optional;

/**
 * The HTTP entry of all OData services: {@code /odata/v4/<service>/...}. Picks the service by the first path
 * segment, refuses what is beyond the platform's limits or unreadable before anything parses it
 * ({@link RequestGuard}, body size, headers), and hands the request to Olingo: a read on its own entity manager,
 * a write inside one transaction whose response leaves only after the commit ({@link ODataRequestExecution}).
 */
public class ODataServlet extends HttpServlet {

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(ODataServlet.class);
    private static final JsonFactory JSON = new JsonFactory();
    static final java.util.List<String> METHODS = java.util.List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE");

    // Declared in the web module's web.xml but loaded from the EAR's lib/, where the container does not inject
    // servlets: look the beans up once instead.
    private ODataServices services;
    private ODataRequestExecution execution;
    private RequestGuard guard;
    private int maxBodyBytes;

    @Override
    public void init() {
        services = CDI.current().select(ODataServices.class).get();
        execution = CDI.current().select(ODataRequestExecution.class).get();
        PlatformSettings settings = CDI.current().select(PlatformSettings.class).get();
        guard = new RequestGuard(new RequestGuard.Limits(settings.maxUrlLength(), settings.maxExpressionDepth(),
                settings.maxExpressionOperators(), settings.maxListItems()));
        maxBodyBytes = settings.maxBodyBytes();
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = Optional.ofNullable(request.getPathInfo()).orElse("/");
        String[] segments = path.split("/", 3);
        String name = segments.length > 1 ? segments[1] : "";
        Optional<ODataService> service = services.service(name);
        if (service.isEmpty()) {
            ODataErrors.write(response, HttpServletResponse.SC_NOT_FOUND, "No OData service '"
                    + name.replaceAll("[^A-Za-z0-9_-]", "") + "'; available: " + String.join(", ", services.services().keySet()));
            return;
        }
        if (!METHODS.contains(request.getMethod())) {
            response.setHeader("Allow", String.join(", ", METHODS));
            ODataErrors.write(response, HttpServletResponse.SC_METHOD_NOT_ALLOWED, "The method " + request.getMethod()
                    .replaceAll("[^A-Za-z]", "") + " is not allowed; use one of " + String.join(", ", METHODS));
            return;
        }
        String query;
        byte[] body;
        try {
            query = guard.prepare(request.getRequestURI(), request.getQueryString(), service.get().names());
            checkHeaders(request);
            body = body(request);
        } catch (RequestGuard.Refusal refusal) {
            ODataErrors.write(response, refusal.status(), refusal.getMessage());
            return;
        }
        // OData 4.01: names regardless of case, in the path too. The raw path below the service keeps its encoding.
        String servicePrefix = request.getContextPath() + request.getServletPath() + "/" + name;
        String rawPath = request.getRequestURI().startsWith(servicePrefix) ? request.getRequestURI().substring(servicePrefix.length()) : null;
        String normalizedPath = service.get().names().path(rawPath);
        GuardedRequest guarded = new GuardedRequest(request, query, body,
                rawPath == null || rawPath.equals(normalizedPath) ? null : servicePrefix + normalizedPath);
        RequestAudit.start();
        try {
            dispatch(service.get(), guarded, response, segments);
        } finally {
            // Reads of personal data and refusals are audited, in a transaction of their own, once the request is done.
            execution.audit();
        }
    }

    private void dispatch(ODataService service, GuardedRequest guarded, HttpServletResponse response, String[] segments)
            throws IOException {
        String method = guarded.getMethod();
        if (segments.length > 2 && segments[2].equals("$batch")) {
            if (!method.equals("POST")) {
                response.setHeader("Allow", "POST");
                ODataErrors.write(response, HttpServletResponse.SC_METHOD_NOT_ALLOWED, "A $batch is sent with POST");
                return;
            }
            // No transaction around the batch: its change sets commit one by one (ChangeSets), so that the response is
            // complete only once each has committed or rolled back.
            execution.batch(service, guarded, response, guard);
            return;
        }
        if (segments.length > 2 && segments[2].toLowerCase(Locale.ROOT).startsWith("$crossjoin")) {
            // Olingo parses a cross join and answers it with a 501 that does not say what was asked for.
            ODataErrors.write(response, HttpServletResponse.SC_NOT_IMPLEMENTED, "Cross joins ($crossjoin) are not supported"
                    + " (Capabilities.CrossJoinSupported is false); read each entity set, or filter one through its navigation properties");
            return;
        }
        if (method.equals("GET")) {
            execution.read(service, guarded, response);
            return;
        }
        if (method.equals("HEAD")) {
            // HEAD answers what GET would, without the body.
            execution.read(service, new GuardedRequest(guarded, "GET"), new BodilessResponse(response));
            return;
        }
        CommitFirstResponse uncommitted = new CommitFirstResponse(response);
        try {
            execution.write(service, guarded, uncommitted);
        } catch (Exception e) {
            // The commit failed after the processor succeeded: the client must not believe the write was stored.
            // (Exception, not RuntimeException: the transaction interceptor rethrows the checked RollbackException
            // of a failed commit undeclared.)
            int status = ErrorMapping.commitFailure(e, "An OData write");
            response.reset();
            if (status == HttpServletResponse.SC_SERVICE_UNAVAILABLE) {
                response.setHeader("Retry-After", String.valueOf(DatabaseAvailability.RETRY_AFTER_SECONDS));
                ODataErrors.write(response, status, DatabaseAvailability.MESSAGE);
            } else {
                ODataErrors.write(response, status, "The change could not be committed and was not stored; please retry");
            }
            return;
        }
        uncommitted.sendTo(response);
    }

    /** Headers Olingo would fail on with a 500 are refused here with a 400 that says what is wrong. */
    private static void checkHeaders(HttpServletRequest request) throws RequestGuard.Refusal {
        for (String header : new String[]{"OData-Version", "OData-MaxVersion"}) {
            String value = request.getHeader(header);
            if (value != null && !value.trim().matches("4\\.0|4\\.01")) {
                throw new RequestGuard.Refusal(400, header + " must be 4.0 or 4.01");
            }
        }
        String accept = request.getHeader("Accept");
        if (accept != null && !accept.isBlank()) {
            try {
                AcceptType.create(accept);
            } catch (RuntimeException e) {
                throw new RequestGuard.Refusal(400, "The Accept header cannot be read; send for example application/json");
            }
        }
    }

    /** The body, read whole within the limit; a JSON body must be exactly one JSON value. */
    private byte[] body(HttpServletRequest request) throws IOException, RequestGuard.Refusal {
        String method = request.getMethod();
        if (!method.equals("POST") && !method.equals("PUT") && !method.equals("PATCH")) {
            return null;
        }
        String contentType = Optional.ofNullable(request.getContentType()).orElse("").toLowerCase(Locale.ROOT).split(";")[0].strip();
        if (!contentType.isEmpty() && !contentType.equals("application/json") && !contentType.equals("multipart/mixed")) {
            // Olingo answers 406 here; the protocol's answer to a body it cannot read is 415.
            throw new RequestGuard.Refusal(415, "The content type '" + request.getContentType() + "' is not supported; send application/json");
        }
        if (request.getContentLengthLong() > maxBodyBytes) {
            throw tooLarge();
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (InputStream in = request.getInputStream()) {
            byte[] buffer = new byte[8192];
            for (int read; (read = in.read(buffer)) >= 0; ) {
                bytes.write(buffer, 0, read);
                if (bytes.size() > maxBodyBytes) {
                    throw tooLarge();
                }
            }
        }
        byte[] body = bytes.toByteArray();
        if (contentType.isEmpty() || contentType.equals("application/json")) {
            requireOneJsonValue(body);
        }
        return body;
    }

    private RequestGuard.Refusal tooLarge() {
        return new RequestGuard.Refusal(413, "The body is larger than " + maxBodyBytes + " bytes (PLATFORM_ODATA_MAX_BODY_BYTES)");
    }

    private static void requireOneJsonValue(byte[] body) throws RequestGuard.Refusal {
        if (body.length == 0) {
            return;
        }
        try (JsonParser parser = JSON.createParser(body)) {
            if (parser.nextToken() == null) {
                return;
            }
            parser.skipChildren();
            if (parser.nextToken() != null) {
                throw new RequestGuard.Refusal(400, "The body holds more than one JSON value; send exactly one object");
            }
        } catch (IOException e) {
            throw new RequestGuard.Refusal(400, "The body is not valid JSON");
        }
    }

    /** The request as Olingo reads it: the normalized query, the body already read, optionally another method. */
    private static final class GuardedRequest extends HttpServletRequestWrapper {
        private final String query;
        private final byte[] body;
        private final String method;
        /** The request URI with names in the model's spelling, or null when the client's is that already. */
        private final String uri;

        GuardedRequest(HttpServletRequest request, String query, byte[] body, String uri) {
            super(request);
            this.query = query;
            this.body = body;
            this.method = null;
            this.uri = uri;
        }

        GuardedRequest(GuardedRequest request, String method) {
            super(request);
            this.query = request.query;
            this.body = request.body;
            this.method = method;
            this.uri = request.uri;
        }

        @Override
        public String getHeader(String name) {
            String value = super.getHeader(name);
            return PreferHeader.NAME.equalsIgnoreCase(name) ? PreferHeader.prefixed(value) : value;
        }

        @Override
        public java.util.Enumeration<String> getHeaders(String name) {
            if (!PreferHeader.NAME.equalsIgnoreCase(name)) {
                return super.getHeaders(name);
            }
            return java.util.Collections.enumeration(java.util.Collections.list(super.getHeaders(name)).stream()
                    .map(PreferHeader::prefixed).toList());
        }

        @Override
        public String getRequestURI() {
            return uri == null ? super.getRequestURI() : uri;
        }

        @Override
        public StringBuffer getRequestURL() {
            if (uri == null) {
                return super.getRequestURL();
            }
            String url = super.getRequestURL().toString();
            return new StringBuffer(url.substring(0, url.length() - super.getRequestURI().length())).append(uri);
        }

        @Override
        public String getQueryString() {
            return query;
        }

        @Override
        public String getMethod() {
            return method == null ? super.getMethod() : method;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (body == null) {
                return super.getInputStream();
            }
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("The body is already read");
                }
            };
        }
    }

    /** Drops the body of a response whose status and headers still go out (HEAD). */
    private static final class BodilessResponse extends HttpServletResponseWrapper {
        BodilessResponse(HttpServletResponse response) {
            super(response);
        }

        @Override
        public ServletOutputStream getOutputStream() {
            return ServletStreams.into(java.io.OutputStream.nullOutputStream());
        }

        @Override
        public PrintWriter getWriter() {
            return new PrintWriter(java.io.OutputStream.nullOutputStream());
        }
    }
}
