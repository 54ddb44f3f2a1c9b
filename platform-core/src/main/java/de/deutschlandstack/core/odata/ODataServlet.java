package de.deutschlandstack.core.odata;

import jakarta.enterprise.inject.spi.CDI;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The HTTP entry of all OData services: {@code /odata/v4/<service>/...}. Picks the service by the first path
 * segment and hands the request to Olingo inside one transaction ({@link ODataRequestExecution}).
 */
public class ODataServlet extends HttpServlet {

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(ODataServlet.class);

    // Declared in the web module's web.xml but loaded from the EAR's lib/, where the container does not inject
    // servlets: look the beans up once instead.
    private ODataServices services;
    private ODataRequestExecution execution;

    @Override
    public void init() {
        services = CDI.current().select(ODataServices.class).get();
        execution = CDI.current().select(ODataRequestExecution.class).get();
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = Optional.ofNullable(request.getPathInfo()).orElse("/");
        String[] segments = path.split("/", 3);
        String name = segments.length > 1 ? segments[1] : "";
        Optional<ODataService> service = services.service(name);
        if (service.isEmpty()) {
            writeError(response, HttpServletResponse.SC_NOT_FOUND, "No OData service '"
                    + name.replaceAll("[^A-Za-z0-9_-]", "") + "'; available: " + String.join(", ", services.services().keySet()));
            return;
        }
        if (hasUnsupportedBody(request)) {
            // Olingo answers 406 here; the protocol's answer to a body it cannot read is 415.
            writeError(response, HttpServletResponse.SC_UNSUPPORTED_MEDIA_TYPE,
                    "The content type '" + request.getContentType() + "' is not supported; send application/json");
            return;
        }
        if (request.getMethod().equals("GET") || request.getMethod().equals("HEAD")) {
            execution.read(service.get(), request, response);
            return;
        }
        CommitFirstResponse uncommitted = new CommitFirstResponse(response);
        try {
            execution.write(service.get(), request, uncommitted);
        } catch (RuntimeException e) {
            // The commit failed after the processor succeeded: the client must not believe the write was stored.
            LOG.error("Commit of an OData write failed", e);
            response.reset();
            writeError(response, HttpServletResponse.SC_INTERNAL_SERVER_ERROR,
                    "The change could not be committed and was not stored; please retry");
            return;
        }
        uncommitted.sendTo(response);
    }

    private static boolean hasUnsupportedBody(HttpServletRequest request) {
        String method = request.getMethod();
        if (!method.equals("POST") && !method.equals("PUT") && !method.equals("PATCH")) {
            return false;
        }
        String contentType = request.getContentType();
        if (contentType == null || contentType.isBlank()) {
            return false;
        }
        String type = contentType.toLowerCase(java.util.Locale.ROOT);
        return !type.startsWith("application/json") && !type.startsWith("multipart/mixed");
    }

    static void writeError(HttpServletResponse response, int status, String message) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setHeader("OData-Version", "4.0");
        String escaped = message.replace("\\", "\\\\").replace("\"", "\\\"");
        response.getOutputStream().write(("{\"error\":{\"code\":null,\"message\":\"" + escaped + "\"}}")
                .getBytes(StandardCharsets.UTF_8));
    }
}
