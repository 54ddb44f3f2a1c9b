package de.deutschlandstack.core.admin;

import de.deutschlandstack.core.audit.AuditKind;
import de.deutschlandstack.core.audit.AuditTrail;
import de.deutschlandstack.core.security.LoginThrottle;
import de.deutschlandstack.core.security.PlatformUsers;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.Context;
import de.deutschlandstack.core.tenancy.Caller;
import de.deutschlandstack.core.tenancy.CurrentCaller;

import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.Set;
import java.util.TreeSet;

import static de.deutschlandstack.core.admin.PlatformApi.bean;

/** The caller's own account: who the platform takes them for, and a password change that proves the current one. */
@Path("/me")
@Produces(MediaType.APPLICATION_JSON)
public class MeResource {

    private final PlatformUsers users = bean(PlatformUsers.class);

    private final LoginThrottle throttle = bean(LoginThrottle.class);

    public record Me(String user, String tenant, Set<String> roles) {
    }

    public record PasswordChange(String currentPassword, String newPassword) {
    }

    @GET
    public Me me() {
        Caller caller = CurrentCaller.require();
        return new Me(caller.user(), caller.tenant(), new TreeSet<>(caller.roles()));
    }

    @POST
    @Path("password")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response changePassword(PasswordChange change, @Context HttpServletRequest request) {
        Caller caller = CurrentCaller.require();
        if (change == null || change.currentPassword() == null || change.newPassword() == null) {
            throw new BadRequestException("Send {\"currentPassword\": ..., \"newPassword\": ...}");
        }
        // The check of the current password is a login like any other: a stolen token must not become a password oracle.
        String address = request.getRemoteAddr();
        java.util.OptionalLong wait = throttle.refusal(caller.user(), address);
        if (wait.isPresent()) {
            return Response.fromResponse(Problems.problem(429, "Too many wrong passwords; retry after " + wait.getAsLong() + " s"))
                    .header("Retry-After", wait.getAsLong()).build();
        }
        if (!users.isPassword(caller.user(), change.currentPassword())) {
            throttle.failed(caller.user(), address);
            throw new ForbiddenException("The current password is not correct");
        }
        users.changePassword(caller.tenant(), caller.user(), change.newPassword());
        bean(AuditTrail.class).recordNow(AuditKind.PERMISSION, "PASSWORD_CHANGED", "Users", caller.user(), "by the user");
        return Response.noContent().build();
    }
}
