package de.deutschlandstack.core.admin;

import de.deutschlandstack.core.audit.AuditTrail;
import de.deutschlandstack.core.security.AccessPolicy;
import de.deutschlandstack.core.security.PlatformRoles;
import de.deutschlandstack.core.web.RequestRefused;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import static de.deutschlandstack.core.admin.PlatformApi.bean;

/**
 * {@code GET /api/audit/verify}: walks the caller's tenant's audit chain and reports whether it is intact, or its first
 * broken link (a record changed, missing or out of order after it was written). One request walks at most
 * {@value AuditTrail#MAX_VERIFIED_PER_REQUEST} records; a longer chain answers {@code next}, where the following
 * request continues ({@code ?from=next}). The records themselves are read
 * through OData, at {@code /odata/v4/audit/AuditRecords}.
 */
@Path("/audit")
public class AuditResource {

    private final AuditTrail audit = bean(AuditTrail.class);

    @GET
    @Path("verify")
    @Produces(MediaType.APPLICATION_JSON)
    public AuditTrail.Verification verify(@QueryParam("from") @DefaultValue("1") String from,
                                          @QueryParam("limit") @DefaultValue("" + AuditTrail.MAX_VERIFIED_PER_REQUEST) String limit) {
        AccessPolicy.requireRole("Verifying the audit trail", PlatformRoles.AUDITOR, PlatformRoles.TENANT_ADMIN);
        long start;
        int count;
        try {
            start = Long.parseLong(from);
            count = Integer.parseInt(limit);
        } catch (NumberFormatException e) {
            throw new RequestRefused(400, "from and limit are whole numbers");
        }
        if (count < 1) {
            throw new RequestRefused(400, "limit is at least 1 (at most " + AuditTrail.MAX_VERIFIED_PER_REQUEST + " are walked)");
        }
        try {
            return audit.verify(start, count);
        } catch (IllegalArgumentException e) {
            throw new RequestRefused(400, e.getMessage());
        }
    }
}
