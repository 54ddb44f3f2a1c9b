package de.deutschlandstack.core.admin;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** {@code GET /api/openapi.yaml}: the OpenAPI 3.1 description of this API, kept beside the resources it describes. */
@Path("/openapi.yaml")
public class OpenApiDocument {

    /** Where the document lives on the class path; {@code PlatformApiDocumentTest} checks it against the resources. */
    public static final String LOCATION = "/de/deutschlandstack/core/admin/openapi.yaml";

    @GET
    @Produces("application/yaml")
    public String document() {
        try (InputStream in = OpenApiDocument.class.getResourceAsStream(LOCATION)) {
            if (in == null) {
                throw new NotFoundException("The API description is missing from this build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
