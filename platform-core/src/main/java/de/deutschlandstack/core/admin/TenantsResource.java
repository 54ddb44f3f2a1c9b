package de.deutschlandstack.core.admin;

import de.deutschlandstack.core.audit.AuditKind;
import de.deutschlandstack.core.audit.AuditTrail;
import de.deutschlandstack.core.security.AccessPolicy;
import de.deutschlandstack.core.tenancy.CurrentCaller;
import de.deutschlandstack.core.security.PlatformRoles;
import de.deutschlandstack.core.tenancy.PlatformTenant;
import de.deutschlandstack.core.tenancy.TenantDataEraser;
import de.deutschlandstack.core.tenancy.TenantOffboarding;
import de.deutschlandstack.core.tenancy.TenantRegistry;
import de.deutschlandstack.core.tenancy.TenantStatus;

import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.core.Context;

import java.time.Instant;
import java.util.List;

import static de.deutschlandstack.core.admin.PlatformApi.bean;

/** The tenant lifecycle, for the platform admin: onboard, suspend, resume, offboard. */
@Path("/admin/tenants")
@Produces(MediaType.APPLICATION_JSON)
public class TenantsResource {

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(TenantsResource.class);

    private final TenantRegistry registry = bean(TenantRegistry.class);

    private final TenantOnboarding onboarding = bean(TenantOnboarding.class);

    private final TenantOffboarding offboarding = bean(TenantOffboarding.class);

    private final AuditTrail audit = bean(AuditTrail.class);

    /** A tenant as the API shows it; while it is offboarded, which erasers have finished and which are pending. */
    public record TenantView(String tenant, String name, TenantStatus status, Instant createdAt, Instant statusChangedAt,
                             Limits limits, List<String> erased, List<String> pending) {
    }

    /**
     * Requests per minute for all the tenant's users together and for each user, and requests of the tenant a node works
     * on at once; null: the platform's default.
     */
    public record Limits(Integer requestsPerMinute, Integer userRequestsPerMinute, Integer concurrentRequests) {
    }

    public record FirstAdmin(String user, String password) {
    }

    public record NewTenant(String tenant, String name, FirstAdmin admin) {
    }

    @GET
    public List<TenantView> list() {
        requirePlatformAdmin();
        return registry.all().stream().map(this::view).toList();
    }

    @GET
    @Path("{tenant}")
    public TenantView get(@PathParam("tenant") String tenant) {
        requirePlatformAdmin();
        return registry.find(tenant).map(this::view).orElseThrow(() -> new NotFoundException("No tenant " + tenant));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response onboard(NewTenant request, @Context UriInfo uri) {
        requirePlatformAdmin();
        if (request == null || request.admin() == null) {
            throw new BadRequestException("Send {\"tenant\": ..., \"name\": ..., \"admin\": {\"user\": ..., \"password\": ...}}");
        }
        PlatformTenant created = onboarding.onboard(request.tenant(), request.name(), request.admin().user(), request.admin().password());
        // The operator's log of tenant changes (its admin's name is personal data: the audit trail has it, not the log).
        LOG.infof("Tenant %s onboarded", created.getTenant());
        recorded(created.getTenant(), "TENANT_ONBOARDED", "first admin " + request.admin().user());
        return Response.created(uri.getAbsolutePathBuilder().path(created.getTenant()).build()).entity(view(created)).build();
    }

    @POST
    @Path("{tenant}/suspend")
    public TenantView suspend(@PathParam("tenant") String tenant) {
        requirePlatformAdmin();
        TenantView suspended = view(registry.suspend(tenant));
        recorded(tenant, "TENANT_SUSPENDED", null);
        return suspended;
    }

    @POST
    @Path("{tenant}/resume")
    public TenantView resume(@PathParam("tenant") String tenant) {
        requirePlatformAdmin();
        TenantView resumed = view(registry.resume(tenant));
        recorded(tenant, "TENANT_RESUMED", null);
        return resumed;
    }

    /** Replaces the tenant's rate limits; a limit left out or null is the platform's default. Holds from the next request. */
    @PUT
    @Path("{tenant}/limits")
    @Consumes(MediaType.APPLICATION_JSON)
    public TenantView limit(@PathParam("tenant") String tenant, Limits limits) {
        requirePlatformAdmin();
        if (limits == null) {
            throw new BadRequestException("Send {\"requestsPerMinute\": ..., \"userRequestsPerMinute\": ...,"
                    + " \"concurrentRequests\": ...}");
        }
        TenantView limited = view(registry.limit(tenant, limits.requestsPerMinute(), limits.userRequestsPerMinute(),
                limits.concurrentRequests()));
        recorded(tenant, "TENANT_LIMITS_SET", "requestsPerMinute " + limits.requestsPerMinute() + ", userRequestsPerMinute "
                + limits.userRequestsPerMinute() + ", concurrentRequests " + limits.concurrentRequests());
        return limited;
    }

    /** Starts the erasure and answers 202 at once; {@code GET} the tenant to follow it. Asking again is harmless. */
    @POST
    @Path("{tenant}/offboard")
    public Response offboard(@PathParam("tenant") String tenant) {
        requirePlatformAdmin();
        PlatformTenant marked = offboarding.offboard(tenant);
        // The tenant's own trail goes with its data: the operator's trail keeps the record, without anything personal.
        audit.recordNow(AuditKind.CONFIGURATION, "TENANT_OFFBOARDED", "Tenants", tenant, null);
        return Response.status(marked.getStatus() == TenantStatus.OFFBOARDED ? 200 : 202).entity(view(marked)).build();
    }

    private TenantView view(PlatformTenant tenant) {
        List<String> erasers = offboarding.erasers().stream().map(TenantDataEraser::name).toList();
        boolean offboarding = tenant.getStatus() == TenantStatus.OFFBOARDING;
        return new TenantView(tenant.getTenant(), tenant.getDisplayName(), tenant.getStatus(), tenant.getCreatedAt(),
                tenant.getStatusChangedAt(), new Limits(tenant.getRequestsPerMinute(), tenant.getUserRequestsPerMinute(),
                        tenant.getConcurrentRequests()),
                offboarding ? erasers.stream().filter(tenant.getErasedBy()::contains).toList() : tenant.getStatus() == TenantStatus.OFFBOARDED ? erasers : List.of(),
                offboarding ? erasers.stream().filter(e -> !tenant.getErasedBy().contains(e)).toList() : List.of());
    }

    /** A configuration record in the tenant's own trail, by the platform admin who made the change. */
    private void recorded(String tenant, String action, String detail) {
        audit.appendNow(tenant, List.of(new AuditTrail.Entry(CurrentCaller.require().user(), AuditKind.CONFIGURATION, action,
                "Tenants", tenant, detail)));
    }

    private static void requirePlatformAdmin() {
        AccessPolicy.requireRole("Managing tenants", PlatformRoles.PLATFORM_ADMIN);
    }
}
