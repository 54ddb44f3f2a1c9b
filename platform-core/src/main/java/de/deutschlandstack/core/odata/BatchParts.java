package de.deutschlandstack.core.odata;

import org.apache.olingo.server.api.ODataApplicationException;
import org.apache.olingo.server.api.ODataRequest;
import org.apache.olingo.server.api.ODataResponse;

import java.util.Locale;

/**
 * What holds for every request of a {@code $batch}, multipart or JSON: no more of them than the limit, and each one
 * checked by the same {@link RequestGuard} as a request sent on its own, so that a batch is no way around a limit.
 */
final class BatchParts {

    private final RequestGuard guard;
    private final int maxRequests;

    BatchParts(RequestGuard guard, int maxRequests) {
        this.guard = guard;
        this.maxRequests = maxRequests;
    }

    void checkCount(int requests) throws ODataApplicationException {
        if (requests > maxRequests) {
            throw ErrorMapping.error(413, "The batch holds " + requests + " requests; the limit is " + maxRequests
                    + " (PLATFORM_ODATA_MAX_BATCH_REQUESTS)");
        }
    }

    /**
     * Admits a request of the batch: null when it may run (its query then reads as Olingo should read it, {@code +}
     * as a space), otherwise the error that answers it.
     */
    ODataResponse admit(ODataRequest request) {
        try {
            request.setRawQueryPath(guard.check(request.getRawODataPath(), request.getRawQueryPath()));
            for (String header : new String[]{"OData-Version", "OData-MaxVersion"}) {
                String value = request.getHeader(header);
                if (value != null && !value.trim().matches("4\\.0|4\\.01")) {
                    return error(400, header + " must be 4.0 or 4.01");
                }
            }
            String method = request.getMethod() == null ? "" : request.getMethod().name().toUpperCase(Locale.ROOT);
            if (!ODataServlet.METHODS.contains(method) || method.equals("HEAD")) {
                return error(405, "The method " + method + " is not allowed in a batch");
            }
            return null;
        } catch (RequestGuard.Refusal refusal) {
            return error(refusal.status(), refusal.getMessage());
        }
    }

    static ODataResponse error(int status, String message) {
        return ODataErrors.response(status, message);
    }
}
