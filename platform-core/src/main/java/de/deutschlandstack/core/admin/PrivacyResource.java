package de.deutschlandstack.core.admin;

import de.deutschlandstack.core.privacy.DataSubjects;
import de.deutschlandstack.core.security.AccessPolicy;
import de.deutschlandstack.core.security.PlatformRoles;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

import static de.deutschlandstack.core.admin.PlatformApi.bean;

/**
 * A data subject's rights (GDPR Art. 15, 17, 20), for the tenant's admin as the controller's agent:
 * {@code GET /api/privacy/subjects/BusinessPartners/7} exports everything held about the partner as JSON,
 * {@code DELETE} erases them ({@link DataSubjects} says how retained documents are treated).
 */
@Path("/privacy/subjects/{set}/{key}")
public class PrivacyResource {

    private final DataSubjects subjects = bean(DataSubjects.class);

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response export(@PathParam("set") String set, @PathParam("key") String key) {
        requireController();
        // Fails with 400 or 404 before anything is written; records the export before anything is sent.
        String canonical = subjects.startExport(set, key);
        StreamingOutput body = out -> subjects.export(set, canonical, out);
        return Response.ok(body).header("Content-Disposition", "attachment; filename=\"" + set + "-" + key.replaceAll("[^A-Za-z0-9-]", "_")
                + ".json\"").build();
    }

    @DELETE
    @Produces(MediaType.APPLICATION_JSON)
    public DataSubjects.ErasureReport erase(@PathParam("set") String set, @PathParam("key") String key) {
        requireController();
        return subjects.erase(set, key);
    }

    private static void requireController() {
        AccessPolicy.requireRole("Exporting or erasing a data subject", PlatformRoles.TENANT_ADMIN);
    }
}
