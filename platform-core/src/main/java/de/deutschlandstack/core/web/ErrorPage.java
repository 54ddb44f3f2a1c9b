package de.deutschlandstack.core.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.Map;

/**
 * The error page for what the container answers itself, before the OData runtime or the REST API is reached (a
 * missing login, an unknown path): an OData JSON error for a request under {@code /odata/}, RFC 7807 problem details
 * for anything else. Never a stack trace.
 */
public class ErrorPage extends HttpServlet {

    private static final Map<Integer, String> MESSAGES = Map.of(
            401, "Authentication required: send the credentials of a platform user",
            403, "Access denied",
            404, "Not found",
            405, "Method not allowed",
            500, "Internal error; the server log has the details");

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer number ? number : 404; // asked for directly: there is no such page
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        boolean odata = uri != null && uri.toString().startsWith(request.getContextPath() + "/odata/");
        String message = MESSAGES.getOrDefault(status, "Error " + status);
        ErrorBodies.write(odata, response, status, reason(status), message);
    }

    private static String reason(int status) {
        return switch (status) {
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 500 -> "Internal Server Error";
            default -> "Error";
        };
    }
}
