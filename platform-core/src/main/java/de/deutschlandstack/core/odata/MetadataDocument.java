package de.deutschlandstack.core.odata;

import org.apache.olingo.commons.api.format.ContentType;
import org.apache.olingo.commons.api.http.HttpHeader;
import org.apache.olingo.commons.api.http.HttpStatusCode;
import org.apache.olingo.server.api.OData;
import org.apache.olingo.server.api.ODataLibraryException;
import org.apache.olingo.server.api.ODataRequest;
import org.apache.olingo.server.api.ODataResponse;
import org.apache.olingo.server.api.ServiceMetadata;
import org.apache.olingo.server.api.processor.MetadataProcessor;
import org.apache.olingo.server.api.uri.UriInfo;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * {@code $metadata} as Olingo writes it, in CSDL XML or CSDL JSON; the JSON document gets the
 * {@code "$EntityContainer"} member that CSDL JSON requires and Olingo 5 leaves out, so that a client knows where the
 * entity sets are.
 */
final class MetadataDocument implements MetadataProcessor {

    private OData odata;
    private ServiceMetadata metadata;

    @Override
    public void init(OData odata, ServiceMetadata metadata) {
        this.odata = odata;
        this.metadata = metadata;
    }

    @Override
    public void readMetadata(ODataRequest request, ODataResponse response, UriInfo uriInfo, ContentType format)
            throws ODataLibraryException {
        byte[] document;
        try (InputStream content = odata.createSerializer(format).metadataDocument(metadata).getContent()) {
            document = content.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (format.isCompatible(ContentType.APPLICATION_JSON)) {
            String json = new String(document, StandardCharsets.UTF_8);
            String container = metadata.getEdm().getEntityContainer().getFullQualifiedName().getFullQualifiedNameAsString();
            int afterBrace = json.indexOf('{') + 1;
            if (afterBrace > 0 && !json.contains("\"$EntityContainer\"")) {
                json = json.substring(0, afterBrace) + "\"$EntityContainer\":\"" + container + "\"," + json.substring(afterBrace);
            }
            document = json.getBytes(StandardCharsets.UTF_8);
        }
        response.setContent(new ByteArrayInputStream(document));
        response.setStatusCode(HttpStatusCode.OK.getStatusCode());
        response.setHeader(HttpHeader.CONTENT_TYPE, format.toContentTypeString());
    }
}
