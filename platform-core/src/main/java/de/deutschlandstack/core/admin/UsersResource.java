package de.deutschlandstack.core.admin;

import de.deutschlandstack.core.audit.AuditKind;
import de.deutschlandstack.core.audit.AuditTrail;
import de.deutschlandstack.core.security.AccessDenied;
import de.deutschlandstack.core.security.PlatformRoles;
import de.deutschlandstack.core.security.PlatformUsers;
import de.deutschlandstack.core.security.PlatformUsers.UserAccount;
import de.deutschlandstack.core.tenancy.Caller;
import de.deutschlandstack.core.tenancy.CurrentCaller;
import de.deutschlandstack.core.tenancy.TenantRegistry;

import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import java.util.List;
import java.util.Set;

import static de.deutschlandstack.core.admin.PlatformApi.bean;

/**
 * The users of one tenant: its tenant admins manage them. The platform admin sees who they are and may add a new tenant
 * admin (break-glass, for a tenant whose admins are gone or locked out), which the tenant sees in its user list and its
 * audit trail; the platform admin changes no existing user. A change holds from the user's next request
 * ({@link PlatformUsers}).
 */
@Path("/admin/tenants/{tenant}/users")
@Produces(MediaType.APPLICATION_JSON)
public class UsersResource {

    private final PlatformUsers users = bean(PlatformUsers.class);

    private final TenantRegistry tenants = bean(TenantRegistry.class);

    private final AuditTrail audit = bean(AuditTrail.class);

    public record NewUser(String user, String password, Set<String> roles) {
    }

    /** The fields to change; those left out stay as they are. */
    public record UserChange(Set<String> roles, Boolean enabled, String password) {
    }

    @GET
    public List<UserAccount> list(@PathParam("tenant") String tenant) {
        requireAdminOf(tenant);
        return users.usersOf(tenant);
    }

    @GET
    @Path("{user}")
    public UserAccount get(@PathParam("tenant") String tenant, @PathParam("user") String user) {
        requireAdminOf(tenant);
        return users.user(tenant, user).orElseThrow(() -> new NotFoundException("No user " + user + " in tenant " + tenant));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(@PathParam("tenant") String tenant, NewUser request, @Context UriInfo uri) {
        Caller caller = requireAdminOf(tenant);
        if (request == null) {
            throw new BadRequestException("Send {\"user\": ..., \"password\": ..., \"roles\": [...]}");
        }
        if (!isTenantAdminOf(caller, tenant)) {
            // The operator's one way into a tenant (break-glass, when its admins are gone or locked out): a new tenant
            // admin, visible in the tenant's user list and recorded in its audit trail. Never a change to an existing
            // user, which would let the operator act as someone else.
            if (request.roles() == null || !request.roles().equals(Set.of(PlatformRoles.TENANT_ADMIN))) {
                throw new AccessDenied("The platform admin only gives a tenant a new admin (the sole role tenant-admin);"
                        + " everything else is the tenant admins' to do");
            }
        }
        UserAccount created = users.register(request.user(), tenant, request.password(), request.roles());
        recorded(tenant, "USER_CREATED", created.userName(), "roles " + String.join(",", new java.util.TreeSet<>(created.roles())));
        return Response.created(uri.getAbsolutePathBuilder().path(created.userName()).build()).entity(created).build();
    }

    @PATCH
    @Path("{user}")
    @Consumes(MediaType.APPLICATION_JSON)
    public UserAccount change(@PathParam("tenant") String tenant, @PathParam("user") String user, UserChange change) {
        Caller caller = requireAdminOf(tenant);
        if (!isTenantAdminOf(caller, tenant)) {
            throw new AccessDenied("Changing a tenant's users needs the role tenant-admin of that tenant");
        }
        if (change == null || change.roles() == null && change.enabled() == null && change.password() == null) {
            throw new BadRequestException("Send one or more of \"roles\", \"enabled\", \"password\"");
        }
        users.user(tenant, user).orElseThrow(() -> new NotFoundException("No user " + user + " in tenant " + tenant));
        if (caller.user().equals(users.user(tenant, user).get().userName())
                && (Boolean.FALSE.equals(change.enabled()) || change.roles() != null && !change.roles().containsAll(adminRolesOf(caller)))) {
            // An admin who locks themselves out may leave the tenant without any admin.
            throw new BadRequestException("Admins cannot disable themselves or drop their own admin role");
        }
        UserAccount changed = users.change(tenant, user, change.roles(), change.enabled(), change.password());
        List<String> what = new java.util.ArrayList<>();
        if (change.roles() != null) {
            what.add("roles " + String.join(",", new java.util.TreeSet<>(change.roles())));
        }
        if (change.enabled() != null) {
            what.add(change.enabled() ? "enabled" : "disabled");
        }
        if (change.password() != null) {
            what.add("password set");
        }
        recorded(tenant, "USER_CHANGED", changed.userName(), String.join("; ", what));
        return changed;
    }

    /** A permission record in the user's tenant's trail, by the admin who made the change. */
    private void recorded(String tenant, String action, String user, String detail) {
        audit.appendNow(tenant, List.of(new AuditTrail.Entry(CurrentCaller.require().user(), AuditKind.PERMISSION, action,
                "Users", user, detail)));
    }

    private static Set<String> adminRolesOf(Caller caller) {
        return caller.hasRole(PlatformRoles.TENANT_ADMIN) ? Set.of(PlatformRoles.TENANT_ADMIN)
                : caller.hasRole(PlatformRoles.PLATFORM_ADMIN) ? Set.of(PlatformRoles.PLATFORM_ADMIN) : Set.of();
    }

    private static boolean isTenantAdminOf(Caller caller, String tenant) {
        return caller.hasRole(PlatformRoles.TENANT_ADMIN) && caller.tenant().equals(tenant);
    }

    /** The platform admin, or a tenant admin of this very tenant; anyone else learns nothing about the tenant. */
    private Caller requireAdminOf(String tenant) {
        Caller caller = CurrentCaller.require();
        boolean platformAdmin = caller.hasRole(PlatformRoles.PLATFORM_ADMIN);
        boolean tenantAdmin = caller.hasRole(PlatformRoles.TENANT_ADMIN) && caller.tenant().equals(tenant);
        if (!platformAdmin && !tenantAdmin) {
            throw new AccessDenied("Managing the users of a tenant needs the role tenant-admin of that tenant, or platform-admin");
        }
        if (platformAdmin && tenants.find(tenant).isEmpty()) {
            throw new NotFoundException("No tenant " + tenant);
        }
        return caller;
    }
}
