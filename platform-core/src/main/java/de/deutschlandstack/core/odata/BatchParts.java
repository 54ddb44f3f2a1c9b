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
    private final CaseInsensitiveNames names;
    private final int maxRequests;
    private final long maxResponseBytes;
    private long responseBytes;

    BatchParts(RequestGuard guard, CaseInsensitiveNames names, int maxRequests, long maxResponseBytes) {
        this.names = names;
        this.guard = guard;
        this.maxRequests = maxRequests;
        this.maxResponseBytes = maxResponseBytes;
    }

    /**
     * Counts an answer against the batch's response budget, reading its content into memory (where Olingo holds it
     * anyway), so that a batch of many large reads cannot hold more than the budget and one read's worth.
     */
    ODataResponse spend(ODataResponse response) {
        if (response.getContent() == null && response.getODataContent() != null) {
            // A collection is streamed into a response of its own; inside a batch it becomes the part's content.
            java.io.ByteArrayOutputStream streamed = new java.io.ByteArrayOutputStream();
            response.getODataContent().write(streamed);
            response.setContent(new java.io.ByteArrayInputStream(streamed.toByteArray()));
        }
        java.io.InputStream content = response.getContent();
        if (content == null) {
            return response;
        }
        try (content) {
            byte[] bytes = content.readAllBytes();
            responseBytes += bytes.length;
            response.setContent(new java.io.ByteArrayInputStream(bytes));
            return response;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The bytes of answers counted so far. */
    long spent() {
        return responseBytes;
    }

    /** Forgets the answers counted after {@code spent}: their requests run once more ({@link ChangeSets}). */
    void rewind(long spent) {
        responseBytes = spent;
    }

    /** Whether the budget is spent: the batch's remaining requests are not run. */
    boolean exhausted() {
        return responseBytes > maxResponseBytes;
    }

    ODataResponse exhaustedError() {
        return error(413, "The batch's answers have reached " + maxResponseBytes
                + " bytes (PLATFORM_ODATA_MAX_BATCH_RESPONSE_BYTES); this request was not run: send it in another batch");
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
            request.setRawQueryPath(guard.prepare(request.getRawODataPath(), request.getRawQueryPath(), names));
            request.setRawODataPath(names.path(request.getRawODataPath()));
            java.util.List<String> prefer = request.getHeaders(PreferHeader.NAME);
            if (prefer != null && !prefer.isEmpty()) {
                request.setHeader(PreferHeader.NAME, String.join(",", prefer.stream().map(PreferHeader::prefixed).toList()));
            }
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
