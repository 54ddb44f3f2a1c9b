package de.deutschlandstack.core.admin;

import de.deutschlandstack.core.changes.ChangeFeed;
import de.deutschlandstack.core.changes.LakeAnalyses;
import de.deutschlandstack.core.tenancy.Caller;
import de.deutschlandstack.core.security.AccessPolicy;
import de.deutschlandstack.core.security.PlatformRoles;
import de.deutschlandstack.core.web.RequestRefused;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.List;

import static de.deutschlandstack.core.admin.PlatformApi.bean;

/**
 * The data lake's API. Its way in, for its technical account alone (role {@value PlatformRoles#LAKE_READER}):
 * {@code GET /api/lake/changes?after=<seq>&limit=<n>} pages through the change log of every tenant
 * ({@link ChangeFeed}), {@code GET /api/lake/schema} gives the columns of its tables as the entities declare them, and
 * {@code POST /api/lake/erasures/applied} ({@code {"ids": [...]}}) reports the erasures it has carried out. For the tenants' readers,
 * {@code GET /api/lake/analyses/<name>} runs one of the lake's analyses on their own tenant's books ({@link LakeAnalyses});
 * for the platform admin, {@code GET /api/lake/status} shows the lake's tables and freshness.
 */
@Path("/lake")
@Produces(MediaType.APPLICATION_JSON)
public class LakeResource {

    private final ChangeFeed feed = bean(ChangeFeed.class);

    private final LakeAnalyses lake = bean(LakeAnalyses.class);

    public record Applied(int applied) {
    }

    @GET
    @Path("changes")
    public ChangeFeed.Page changes(@QueryParam("after") @DefaultValue("0") String after,
                                   @QueryParam("limit") @DefaultValue("" + ChangeFeed.DEFAULT_ENTRIES) String limit) {
        requireLake("Reading the change feed");
        return feed.after(number(after, "after"), (int) Math.min(Integer.MAX_VALUE, number(limit, "limit")));
    }

    @GET
    @Path("schema")
    public ChangeFeed.Schema schema() {
        requireLake("Reading the lake's schema");
        return feed.schema();
    }

    /** The erasures the lake reports carried out: their ids, as the feed handed them out. */
    public record AppliedErasures(List<Long> ids) {
    }

    @POST
    @Path("erasures/applied")
    @Consumes(MediaType.APPLICATION_JSON)
    public Applied erasuresApplied(AppliedErasures applied) {
        requireLake("Reporting erasures");
        if (applied == null || applied.ids() == null || applied.ids().stream().anyMatch(java.util.Objects::isNull)) {
            throw new RequestRefused(400, "Send {\"ids\": [...]}, the erasures applied");
        }
        return new Applied(feed.applied(applied.ids()));
    }

    /** The analyses the lake offers. */
    @GET
    @Path("analyses")
    public Response analyses() {
        requireBookReader();
        return passedOn(lake.analyses());
    }

    /**
     * An analysis of the caller's tenant's books in the lake, now or as of a point in time ({@code asOf}, ISO 8601) or a
     * version of the lake ({@code version}), receivables aged on {@code keyDate}; the tenant is the caller's, never a
     * parameter.
     */
    @GET
    @Path("analyses/{analysis}")
    public Response analysis(@PathParam("analysis") String analysis, @QueryParam("asOf") String asOf,
                             @QueryParam("version") String version, @QueryParam("keyDate") String keyDate) {
        Caller caller = requireBookReader();
        if (!analysis.matches("[a-z][a-z-]{0,63}")) {
            throw new RequestRefused(404, "No analysis " + analysis);
        }
        return passedOn(lake.analysis(analysis, caller.tenant(), asOf, version, keyDate));
    }

    /** The lake's status (tables, versions, rows, freshness), for the platform admin. */
    @GET
    @Path("status")
    public Response status() {
        AccessPolicy.requireRole("The data lake's status", PlatformRoles.PLATFORM_ADMIN);
        return passedOn(lake.status());
    }

    /** Readers of a tenant's books: not the operator, who reads none, and not the lake's own account. */
    private static Caller requireBookReader() {
        return AccessPolicy.requireRole("Running the data lake's analyses", PlatformRoles.READ_ONLY, PlatformRoles.BUSINESS_USER,
                PlatformRoles.TENANT_ADMIN);
    }

    /** The lake's answer as it came: JSON, or a problem (the lake speaks RFC 7807 too). */
    private static Response passedOn(LakeAnalyses.Answer answer) {
        Response.ResponseBuilder response = Response.status(answer.status()).entity(answer.body())
                .type(answer.status() >= 400 ? "application/problem+json" : MediaType.APPLICATION_JSON);
        if (answer.retryAfter() != null) {
            response.header("Retry-After", answer.retryAfter());
        }
        return response.build();
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
