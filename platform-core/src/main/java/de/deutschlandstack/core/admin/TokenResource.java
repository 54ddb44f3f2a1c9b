package de.deutschlandstack.core.admin;

import de.deutschlandstack.core.security.BearerTokens;
import de.deutschlandstack.core.security.PlatformAuthentication;
import de.deutschlandstack.core.tenancy.CurrentCaller;
import de.deutschlandstack.core.web.RequestRefused;
import jakarta.json.bind.annotation.JsonbProperty;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import static de.deutschlandstack.core.admin.PlatformApi.bean;

/**
 * {@code POST /api/token}: a short-lived bearer token for the caller, who logs in with their password (HTTP Basic). The
 * admin UI and scripts send it instead of the password ({@code Authorization: Bearer ...}). A token cannot be
 * exchanged for a new one: when it expires, the password is needed again. Answered as RFC 6749 section 5.1 says.
 */
@Path("/token")
public class TokenResource {

    private final BearerTokens tokens = bean(BearerTokens.class);

    public record TokenResponse(@JsonbProperty("access_token") String accessToken,
                                @JsonbProperty("token_type") String tokenType,
                                @JsonbProperty("expires_in") int expiresIn) {
    }

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    public Response issue(@Context HttpServletRequest request) {
        if (!"Basic".equals(request.getAttribute(PlatformAuthentication.SCHEME))) {
            throw new RequestRefused(400, "A token is issued against the user's password (HTTP Basic), not against another token");
        }
        BearerTokens.IssuedToken token = tokens.issue(CurrentCaller.require());
        return Response.ok(new TokenResponse(token.accessToken(), "Bearer", token.expiresIn()))
                .header("Pragma", "no-cache")
                .build();
    }
}
