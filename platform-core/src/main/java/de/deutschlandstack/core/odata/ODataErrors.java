package de.deutschlandstack.core.odata;

import jakarta.servlet.http.HttpServletResponse;
import org.apache.olingo.commons.api.format.ContentType;
import org.apache.olingo.server.api.OData;
import org.apache.olingo.server.api.ODataServerError;
import org.apache.olingo.server.api.serializer.SerializerException;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;

/**
 * Writes the OData JSON errors the platform answers before Olingo sees a request (unknown service, a request
 * beyond a limit, an unreadable header), through Olingo's own error serializer, so they look exactly like the
 * errors Olingo writes.
 */
final class ODataErrors {

    private static final OData ODATA = OData.newInstance();

    private ODataErrors() {
    }

    /** The error as an OData response of its own: the answer to one request of a {@code $batch}. */
    static org.apache.olingo.server.api.ODataResponse response(int status, String message) {
        org.apache.olingo.server.api.ODataResponse response = new org.apache.olingo.server.api.ODataResponse();
        response.setStatusCode(status);
        response.setHeader("Content-Type", ContentType.APPLICATION_JSON.toContentTypeString());
        response.setHeader("OData-Version", "4.0");
        if (status == 503) {
            response.setHeader("Retry-After", String.valueOf(de.deutschlandstack.core.health.DatabaseAvailability.RETRY_AFTER_SECONDS));
        }
        ODataServerError error = new ODataServerError().setStatusCode(status).setCode(String.valueOf(status)).setMessage(message)
                .setLocale(Locale.ENGLISH);
        try {
            response.setContent(ODATA.createSerializer(ContentType.JSON).error(error).getContent());
        } catch (SerializerException e) {
            throw new IllegalStateException(e);
        }
        return response;
    }

    static void write(HttpServletResponse response, int status, String message) throws IOException {
        response.setStatus(status);
        response.setContentType(ContentType.APPLICATION_JSON.toContentTypeString());
        response.setHeader("OData-Version", "4.0");
        ODataServerError error = new ODataServerError().setStatusCode(status).setCode(String.valueOf(status)).setMessage(message)
                .setLocale(Locale.ENGLISH);
        try (InputStream body = ODATA.createSerializer(ContentType.JSON).error(error).getContent()) {
            body.transferTo(response.getOutputStream());
        } catch (SerializerException e) {
            throw new IOException(e);
        }
    }
}
