package de.deutschlandstack.core.web;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * Error answers written outside a protocol runtime (by filters, before OData or REST is reached), each in the format
 * of the protocol the request addressed: an OData JSON error under {@code /odata/}, RFC 7807 problem details elsewhere.
 */
public final class ErrorBodies {

    private static final JsonFactory JSON = new JsonFactory();

    private ErrorBodies() {
    }

    public static void write(HttpServletRequest request, HttpServletResponse response, int status, String reason, String message)
            throws IOException {
        write(request.getRequestURI().startsWith(request.getContextPath() + "/odata/"), response, status, reason, message);
    }

    /** 503 with {@code Retry-After}: the platform's database is unavailable ({@code core.health.DatabaseAvailability}). */
    public static void databaseUnavailable(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader("Retry-After", String.valueOf(de.deutschlandstack.core.health.DatabaseAvailability.RETRY_AFTER_SECONDS));
        write(request, response, 503, "Service Unavailable", de.deutschlandstack.core.health.DatabaseAvailability.MESSAGE);
    }

    static void write(boolean odata, HttpServletResponse response, int status, String reason, String message) throws IOException {
        response.setStatus(status);
        response.setContentType(odata ? "application/json;odata.metadata=minimal" : "application/problem+json");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(odata ? odataError(status, message) : problem(status, reason, message));
    }

    /** {@code {"error":{"code":"403","message":"..."}}} */
    public static String odataError(int status, String message) {
        return json(generator -> {
            generator.writeStartObject();
            generator.writeObjectFieldStart("error");
            generator.writeStringField("code", String.valueOf(status));
            generator.writeStringField("message", message);
            generator.writeEndObject();
            generator.writeEndObject();
        });
    }

    /** RFC 7807: {@code {"type":"about:blank","title":"Forbidden","status":403,"detail":"..."}} */
    public static String problem(int status, String title, String detail) {
        return json(generator -> {
            generator.writeStartObject();
            generator.writeStringField("type", "about:blank");
            generator.writeStringField("title", title);
            generator.writeNumberField("status", status);
            generator.writeStringField("detail", detail);
            generator.writeEndObject();
        });
    }

    private interface Writing {
        void write(JsonGenerator generator) throws IOException;
    }

    private static String json(Writing writing) {
        StringWriter text = new StringWriter();
        try (JsonGenerator generator = JSON.createGenerator(text)) {
            writing.write(generator);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }
}
