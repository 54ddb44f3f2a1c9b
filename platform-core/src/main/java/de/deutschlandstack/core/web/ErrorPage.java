package de.deutschlandstack.core.web;

import de.deutschlandstack.core.health.DatabaseAvailability;
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

    /** A request attribute: the message of a refusal the login raised (429, 503), instead of the status's standard one. */
    public static final String MESSAGE = ErrorPage.class.getName() + ".message";

    private static final Map<Integer, String> MESSAGES = Map.of(
            401, "Authentication required: send the credentials of a platform user",
            403, "Access denied",
            404, "Not found",
            405, "Method not allowed",
            429, "Too many requests",
            500, "Internal error; the server log has the details",
            503, DatabaseAvailability.MESSAGE);

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer number ? number : 404; // asked for directly: there is no such page
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        boolean odata = uri != null && uri.toString().startsWith(request.getContextPath() + "/odata/");
        Object failure = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        if (status == 500 && failure instanceof Throwable thrown && DatabaseAvailability.reportIfUnavailability(thrown)) {
            // The database went away under a filter or the login, before a protocol runtime could say so itself.
            response.setHeader("Retry-After", String.valueOf(DatabaseAvailability.RETRY_AFTER_SECONDS));
            ErrorBodies.write(odata, response, 503, "Service Unavailable", DatabaseAvailability.MESSAGE);
            return;
        }
        if (status == 503 && response.getHeader("Retry-After") == null) {
            // The database's, unless the refusal set its own (an identity provider away).
            response.setHeader("Retry-After", String.valueOf(DatabaseAvailability.RETRY_AFTER_SECONDS));
        }
        String message = request.getAttribute(MESSAGE) instanceof String refusal ? refusal : MESSAGES.getOrDefault(status, "Error " + status);
        ErrorBodies.write(odata, response, status, reason(status), message);
    }

    private static String reason(int status) {
        return switch (status) {
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 429 -> "Too Many Requests";
            case 503 -> "Service Unavailable";
            case 500 -> "Internal Server Error";
            default -> "Error";
        };
    }
}
