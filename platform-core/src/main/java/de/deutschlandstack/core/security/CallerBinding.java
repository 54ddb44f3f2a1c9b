package de.deutschlandstack.core.security;

import de.deutschlandstack.core.tenancy.Caller;
import de.deutschlandstack.core.tenancy.CurrentCaller;
import de.deutschlandstack.core.tenancy.TenantRegistry;
import de.deutschlandstack.core.tenancy.TenantStatus;
import de.deutschlandstack.core.web.ErrorBodies;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.Optional;

/**
 * Binds the authenticated caller to the request thread, after the container has authenticated the request.
 * A request whose principal is not an enabled platform user, or whose tenant is not active (suspended, offboarding,
 * offboarded), reaches nothing: it is refused with 403, in the format of the protocol it addressed. A request beyond its
 * user's or tenant's rate limit ({@link RateLimits}), or beyond the requests its tenant may have under way at once, is
 * answered 429 with {@code Retry-After}.
 */
public class CallerBinding extends HttpFilter {

    /** A request attribute: the authenticated caller's tenant, for the request's metrics (web module). */
    public static final String TENANT = CallerBinding.class.getName() + ".tenant";

    // Declared in the web module's web.xml but loaded from the EAR's lib/, where the container does not inject
    // filters: look the bean up once instead.
    private CallerResolution resolution;
    private TenantRegistry tenants;
    private RateLimits rateLimits;

    @Override
    public void init() {
        resolution = CDI.current().select(CallerResolution.class).get();
        tenants = CDI.current().select(TenantRegistry.class).get();
        rateLimits = CDI.current().select(RateLimits.class).get();
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (request.getUserPrincipal() == null) {
            chain.doFilter(request, response);
            return;
        }
        Optional<Caller> caller;
        boolean active;
        try {
            caller = resolution.resolve(request);
            active = caller.isEmpty() || tenants.isActive(caller.get().tenant());
        } catch (RuntimeException e) {
            if (de.deutschlandstack.core.health.DatabaseAvailability.reportIfUnavailability(e)) {
                ErrorBodies.databaseUnavailable(request, response);
                return;
            }
            throw e;
        }
        if (caller.isEmpty()) {
            ErrorBodies.write(request, response, HttpServletResponse.SC_FORBIDDEN, "Forbidden",
                    "The user is not enabled on this platform");
            return;
        }
        String tenant = caller.get().tenant();
        request.setAttribute(TENANT, tenant);
        // Every log line of the request names its tenant (the web module's RequestObservation clears it at the end).
        org.jboss.logging.MDC.put("tenant", tenant);
        if (!active) {
            // Suspended, being offboarded or unknown: the tenant's users reach nothing, from this request on.
            java.util.Optional<TenantStatus> status = tenants.status(tenant);
            ErrorBodies.write(request, response, HttpServletResponse.SC_FORBIDDEN, "Forbidden", status.orElse(null) == TenantStatus.SUSPENDED
                    ? "Tenant " + tenant + " is suspended; its users cannot work until the platform admin resumes it"
                    : "Tenant " + tenant + " is " + status.map(s -> s.name().toLowerCase(java.util.Locale.ROOT)).orElse("not registered")
                    + " and no longer served");
            return;
        }
        // At once before per minute: a request refused for the requests under way does not use up the minute's budget.
        if (!rateLimits.enter(tenant)) {
            response.setHeader("Retry-After", "1");
            ErrorBodies.write(request, response, 429, "Too Many Requests", "Too many requests of tenant " + tenant
                    + " under way at once; retry after 1 s");
            return;
        }
        try {
            java.util.OptionalLong wait = rateLimits.take(caller.get());
            if (wait.isPresent()) {
                response.setHeader("Retry-After", String.valueOf(wait.getAsLong()));
                ErrorBodies.write(request, response, 429, "Too Many Requests", "Too many requests of user " + caller.get().user()
                        + " or tenant " + tenant + "; retry after " + wait.getAsLong() + " s");
                return;
            }
            CurrentCaller.runAs(caller.get(), () -> {
                chain.doFilter(request, response);
                return null;
            });
        } catch (IOException | ServletException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new ServletException(e);
        } finally {
            // Whatever happened, also a failure of the database while the budget was looked up.
            rateLimits.leave(tenant);
        }
    }
}
