package de.deutschlandstack.core.odata;

import org.apache.olingo.commons.api.format.ContentType;
import org.apache.olingo.commons.api.http.HttpHeader;
import org.apache.olingo.server.api.OData;
import org.apache.olingo.server.api.ODataRequest;
import org.apache.olingo.server.api.ODataResponse;
import org.apache.olingo.server.api.ODataServerError;
import org.apache.olingo.server.api.ServiceMetadata;
import org.apache.olingo.server.api.processor.ErrorProcessor;
import org.apache.olingo.server.api.serializer.SerializerException;
import org.jboss.logging.Logger;

/**
 * Writes the errors Olingo raises itself. Olingo answers an unexpected exception with 500 and the exception's
 * message; that message is an internal (a NullPointerException's text) and most such exceptions come from its URI
 * parser meeting a query it does not expect. Those become a 400 about the URL; anything else a logged 500 that
 * shows no internals. Errors are always written as JSON, the one format of the platform's errors.
 */
final class PlatformErrorProcessor implements ErrorProcessor {

    private static final Logger LOG = Logger.getLogger(PlatformErrorProcessor.class);

    private OData odata;

    @Override
    public void init(OData odata, ServiceMetadata metadata) {
        this.odata = odata;
    }

    @Override
    public void processError(ODataRequest request, ODataResponse response, ODataServerError error, ContentType format) {
        if (error.getStatusCode() >= 500 && error.getStatusCode() != 501) {
            Exception cause = error.getException();
            if (cause instanceof org.apache.olingo.server.api.ODataApplicationException) {
                // The platform's own answer (ErrorMapping): said and, where it is a defect, logged already.
            } else if (cause != null && raisedByUriParser(cause)) {
                // The path and the names of the query options: their values may quote personal data.
                String uri = request.getRawRequestUri();
                int query = uri.indexOf('?');
                String options = query < 0 ? "" : java.util.Arrays.stream(uri.substring(query + 1).split("&"))
                        .map(option -> option.split("=", 2)[0]).collect(java.util.stream.Collectors.joining(",", " with ", ""));
                LOG.warnf("Olingo's URI parser failed on %s%s: %s", query < 0 ? uri : uri.substring(0, query), options,
                        cause.getClass().getName());
                error.setStatusCode(400).setMessage("The URL cannot be read: check the syntax and types of its query options");
            } else {
                LOG.error("OData request failed inside Olingo", cause);
                error.setMessage("The request could not be processed; the server log has the details");
            }
            error.setDetails(null).setInnerError(null);
        }
        if (error.getStatusCode() == 501 && error.getMessage() != null && error.getMessage().startsWith("No processor for interface")) {
            // Olingo names its own interface; the client learns what the service does not offer.
            error.setMessage("The service does not offer this request on this resource; see the service's $metadata and documentation");
        }
        if (error.getCode() == null) {
            // OData's JSON error needs a code; without a more specific one (a business rule's), the status says it.
            error.setCode(String.valueOf(error.getStatusCode()));
        }
        try {
            response.setContent(odata.createSerializer(ContentType.JSON).error(error).getContent());
        } catch (SerializerException e) {
            throw new IllegalStateException(e);
        }
        response.setStatusCode(error.getStatusCode());
        Integer retryAfter = retryAfter(error.getException());
        if (retryAfter != null) {
            response.setHeader(HttpHeader.RETRY_AFTER, String.valueOf(retryAfter));
        } else if (error.getStatusCode() == 503) {
            response.setHeader(HttpHeader.RETRY_AFTER, String.valueOf(de.deutschlandstack.core.health.DatabaseAvailability.RETRY_AFTER_SECONDS));
        }
        response.setHeader(HttpHeader.CONTENT_TYPE, ContentType.APPLICATION_JSON.toContentTypeString());
    }

    /** The seconds a platform service's refusal (a model's quota or queue) asks the client to wait, if it says. */
    private static Integer retryAfter(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof de.deutschlandstack.core.web.RequestRefused refused && refused.retryAfterSeconds() != null) {
                return refused.retryAfterSeconds();
            }
        }
        return null;
    }

    private static boolean raisedByUriParser(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            for (StackTraceElement frame : cause.getStackTrace()) {
                if (frame.getClassName().startsWith("org.apache.olingo.server.core.uri.")) {
                    return true;
                }
            }
        }
        return false;
    }
}
