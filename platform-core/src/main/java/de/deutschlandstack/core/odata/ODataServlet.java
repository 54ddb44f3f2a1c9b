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
            response.setStatus(HttpServletResponse.SC_NOT_FOUND);
            response.setContentType("application/json");
            response.getOutputStream().write(("{\"error\":{\"code\":null,\"message\":\"No OData service '"
                    + name.replaceAll("[^A-Za-z0-9_-]", "") + "'; available: " + String.join(", ", services.services().keySet())
                    + "\"}}").getBytes(StandardCharsets.UTF_8));
            return;
        }
        execution.execute(service.get(), request, response);
    }
}
