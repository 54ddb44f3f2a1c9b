package de.deutschlandstack.core.admin;

import de.deutschlandstack.core.changes.ChangeFeed;
import de.deutschlandstack.core.security.AccessPolicy;
import de.deutschlandstack.core.security.PlatformRoles;
import de.deutschlandstack.core.web.RequestRefused;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import static de.deutschlandstack.core.admin.PlatformApi.bean;

/**
 * The data lake's way in, for its technical account alone (role {@value PlatformRoles#LAKE_READER}):
 * {@code GET /api/lake/changes?after=<seq>&limit=<n>} pages through the change log of every tenant
 * ({@link ChangeFeed}), and {@code POST /api/lake/erasures/applied?upTo=<id>} reports the erasures it has carried out.
 */
@Path("/lake")
@Produces(MediaType.APPLICATION_JSON)
public class LakeResource {

    private final ChangeFeed feed = bean(ChangeFeed.class);

    public record Applied(int applied) {
    }

    @GET
    @Path("changes")
    public ChangeFeed.Page changes(@QueryParam("after") @DefaultValue("0") String after,
                                   @QueryParam("limit") @DefaultValue("" + ChangeFeed.DEFAULT_ENTRIES) String limit) {
        requireLake("Reading the change feed");
        return feed.after(number(after, "after"), (int) Math.min(Integer.MAX_VALUE, number(limit, "limit")));
    }

    @POST
    @Path("erasures/applied")
    public Applied erasuresApplied(@QueryParam("upTo") String upTo) {
        requireLake("Reporting erasures");
        if (upTo == null) {
            throw new RequestRefused(400, "upTo names the last erasure applied");
        }
        return new Applied(feed.applied(number(upTo, "upTo")));
    }

    private static void requireLake(String what) {
        AccessPolicy.requireRole(what, PlatformRoles.LAKE_READER);
    }

    private static long number(String text, String name) {
        try {
            long value = Long.parseLong(text);
            if (value >= 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new RequestRefused(400, name + " is a whole number, 0 or more");
    }
}
