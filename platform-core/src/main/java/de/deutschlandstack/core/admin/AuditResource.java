package de.deutschlandstack.core.admin;

import de.deutschlandstack.core.audit.AuditTrail;
import de.deutschlandstack.core.security.AccessPolicy;
import de.deutschlandstack.core.security.PlatformRoles;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import static de.deutschlandstack.core.admin.PlatformApi.bean;

/**
 * {@code GET /api/audit/verify}: walks the caller's tenant's audit chain and reports whether it is intact, or its first
 * broken link (a record changed, missing or out of order after it was written). The records themselves are read
 * through OData, at {@code /odata/v4/audit/AuditRecords}.
 */
@Path("/audit")
public class AuditResource {

    private final AuditTrail audit = bean(AuditTrail.class);

    @GET
    @Path("verify")
    @Produces(MediaType.APPLICATION_JSON)
    public AuditTrail.Verification verify() {
        AccessPolicy.requireRole("Verifying the audit trail", PlatformRoles.AUDITOR, PlatformRoles.TENANT_ADMIN);
        return audit.verify();
    }
}
