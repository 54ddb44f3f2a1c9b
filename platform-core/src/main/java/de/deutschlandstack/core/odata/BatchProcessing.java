package de.deutschlandstack.core.odata;

import org.apache.olingo.commons.api.format.ContentType;
import org.apache.olingo.commons.api.http.HttpHeader;
import org.apache.olingo.commons.api.http.HttpMethod;
import org.apache.olingo.commons.api.http.HttpStatusCode;
import org.apache.olingo.server.api.OData;
import org.apache.olingo.server.api.ODataApplicationException;
import org.apache.olingo.server.api.ODataLibraryException;
import org.apache.olingo.server.api.ODataRequest;
import org.apache.olingo.server.api.ODataResponse;
import org.apache.olingo.server.api.ServiceMetadata;
import org.apache.olingo.server.api.batch.BatchFacade;
import org.apache.olingo.server.api.deserializer.batch.BatchRequestPart;
import org.apache.olingo.server.api.deserializer.batch.ODataResponsePart;
import org.apache.olingo.server.api.processor.BatchProcessor;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * {@code $batch} in OData's multipart format, read by {@link MultipartBatchReader} and run through Olingo's batch
 * facade: each change set in a transaction of its own
 * ({@link ChangeSets}), all of its requests stored or none; a request outside a change set that writes gets its own
 * transaction too, a read none. Every request of the batch passes the same guard as a request of its own
 * ({@link RequestGuard}), and the batch holds at most {@code PLATFORM_ODATA_MAX_BATCH_REQUESTS} requests. Processing
 * stops at the first failure unless the client prefers {@code odata.continue-on-error}. Content-ID references
 * ({@code $1/Items}) are resolved by Olingo from the responses' {@code Location} headers.
 */
final class BatchProcessing implements BatchProcessor {

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    private final ChangeSets changeSets;
    private final BatchParts parts;
    private OData odata;

    BatchProcessing(ChangeSets changeSets, BatchParts parts) {
        this.changeSets = changeSets;
        this.parts = parts;
    }

    @Override
    public void init(OData odata, ServiceMetadata metadata) {
        this.odata = odata;
    }

    @Override
    public void processBatch(BatchFacade facade, ODataRequest request, ODataResponse response)
            throws ODataApplicationException, ODataLibraryException {
        boolean continueOnError = odata.createPreferences(request.getHeaders(HttpHeader.PREFER)).hasContinueOnError();
        String boundary = facade.extractBoundaryFromContentType(request.getHeader(HttpHeader.CONTENT_TYPE));
        List<BatchRequestPart> requestParts = MultipartBatchReader.read(body(request), boundary, request.getRawBaseUri(),
                request.getRawServiceResolutionUri());
        parts.checkCount(requestParts.stream().mapToInt(p -> p.getRequests().size()).sum());
        List<ODataResponsePart> responseParts = new ArrayList<>();
        for (BatchRequestPart part : requestParts) {
            ODataResponsePart answer = handle(facade, part);
            responseParts.add(answer);
            if (!continueOnError && answer.getResponses().stream().anyMatch(r -> r.getStatusCode() >= 400)) {
                break;
            }
        }
        String responseBoundary = "batch_" + UUID.randomUUID();
        response.setContent(odata.createFixedFormatSerializer().batchResponse(responseParts, responseBoundary));
        response.setHeader(HttpHeader.CONTENT_TYPE, ContentType.MULTIPART_MIXED + ";boundary=" + responseBoundary);
        response.setStatusCode(HttpStatusCode.OK.getStatusCode());
        if (continueOnError) {
            response.setHeader(HttpHeader.PREFERENCE_APPLIED, "odata.continue-on-error");
        }
    }

    private static byte[] body(ODataRequest request) {
        try (java.io.InputStream content = request.getBody()) {
            // Bounded: the servlet refuses bodies over PLATFORM_ODATA_MAX_BODY_BYTES before they get here.
            return content == null ? new byte[0] : content.readAllBytes();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private ODataResponsePart handle(BatchFacade facade, BatchRequestPart part) throws ODataApplicationException, ODataLibraryException {
        ODataResponsePart answer = run(facade, part);
        answer.getResponses().forEach(parts::spend);
        return answer;
    }

    private ODataResponsePart run(BatchFacade facade, BatchRequestPart part) throws ODataApplicationException, ODataLibraryException {
        if (parts.exhausted()) {
            return new ODataResponsePart(parts.exhaustedError(), false);
        }
        for (ODataRequest request : part.getRequests()) {
            ODataResponse refused = parts.admit(request);
            if (refused != null) {
                return new ODataResponsePart(refused, false);
            }
        }
        boolean reads = part.getRequests().stream().allMatch(r -> r.getMethod() == HttpMethod.GET);
        if (!part.isChangeSet() && reads) {
            return facade.handleBatchRequest(part);
        }
        java.util.function.Supplier<Answer> work = () -> {
            try {
                return new Answer(facade.handleBatchRequest(part));
            } catch (ODataLibraryException | org.apache.olingo.commons.api.ex.ODataRuntimeException e) {
                // An unreadable part (a Content-ID nobody defined, which Olingo reports as a runtime exception): the
                // client's error, and nothing of the set stays.
                return new Answer(new ODataResponsePart(BatchParts.error(400, e.getMessage()), false));
            } catch (ODataApplicationException e) {
                return new Answer(new ODataResponsePart(BatchParts.error(e.getStatusCode(), e.getMessage()), false));
            }
        };
        try {
            if (part.getRequests().size() == 1) {
                return changeSets.atomically(work).part();
            }
            List<SentRequest> sent = part.getRequests().stream().map(SentRequest::of).toList();
            return changeSets.atomically(work, () -> sent.forEach(SentRequest::restore)).part();
        } catch (RuntimeException e) {
            int status = ErrorMapping.commitFailure(e, "A $batch change set");
            return new ODataResponsePart(BatchParts.error(status, status == 503 ? de.deutschlandstack.core.health.DatabaseAvailability.MESSAGE
                    : "The change set could not be committed and was not stored; please retry"), false);
        }
    }

    /** A change set is answered by its responses, or, when one request failed, by that failure alone. */
    @Override
    public ODataResponsePart processChangeSet(BatchFacade facade, List<ODataRequest> requests)
            throws ODataApplicationException, ODataLibraryException {
        List<ODataResponse> responses = new ArrayList<>();
        for (ODataRequest request : requests) {
            ODataResponse response = facade.handleODataRequest(request);
            if (response.getStatusCode() >= 400) {
                return new ODataResponsePart(naming(response, request.getHeader(HttpHeader.CONTENT_ID)), false);
            }
            responses.add(response);
            changeSets.settle();
        }
        return new ODataResponsePart(responses, true);
    }

    /**
     * The error of a failed change set, its message prefixed with the Content-ID of the request that failed: the one
     * response that answers the set is written without Content-ID (OData's format), and the client must learn which
     * of its requests to correct.
     */
    private static ODataResponse naming(ODataResponse error, String contentId) {
        if (contentId == null || error.getContent() == null) {
            return error;
        }
        try (java.io.InputStream content = error.getContent()) {
            byte[] bytes = content.readAllBytes();
            com.fasterxml.jackson.databind.JsonNode body = JSON.readTree(bytes);
            if (body != null && body.path("error").path("message").isTextual()) {
                ((com.fasterxml.jackson.databind.node.ObjectNode) body.path("error")).put("message",
                        "Request Content-ID " + contentId + ": " + body.path("error").path("message").asText());
                bytes = JSON.writeValueAsBytes(body);
            }
            error.setContent(new java.io.ByteArrayInputStream(bytes));
            return error;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * A request of a change set as the client sent it, to run it once more ({@link ChangeSets}): Olingo rewrites a
     * Content-ID reference ({@code $1/Items}) in the request itself, and its body is a stream read once.
     */
    private record SentRequest(ODataRequest request, String rawODataPath, String rawRequestUri, byte[] body) {

        static SentRequest of(ODataRequest request) {
            byte[] body = null;
            if (request.getBody() != null) {
                try (java.io.InputStream content = request.getBody()) {
                    body = content.readAllBytes();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
            SentRequest sent = new SentRequest(request, request.getRawODataPath(), request.getRawRequestUri(), body);
            sent.restore();
            return sent;
        }

        void restore() {
            request.setRawODataPath(rawODataPath);
            request.setRawRequestUri(rawRequestUri);
            if (body != null) {
                request.setBody(new java.io.ByteArrayInputStream(body));
            }
        }
    }

    private record Answer(ODataResponsePart part) implements ChangeSets.Outcome {
        @Override
        public boolean failed() {
            return part.getResponses().stream().anyMatch(r -> r.getStatusCode() >= 400);
        }
    }
}
