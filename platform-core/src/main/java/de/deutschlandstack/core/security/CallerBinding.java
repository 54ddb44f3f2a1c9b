package de.deutschlandstack.core.security;

import de.deutschlandstack.core.tenancy.Caller;
import de.deutschlandstack.core.tenancy.CurrentCaller;
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
 * A request whose principal is not a platform user reaches no tenant data: it is refused with 403.
 */
public class CallerBinding extends HttpFilter {

    // Declared in the web module's web.xml but loaded from the EAR's lib/, where the container does not inject
    // filters: look the bean up once instead.
    private CallerResolution resolution;

    @Override
    public void init() {
        resolution = CDI.current().select(CallerResolution.class).get();
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (request.getUserPrincipal() == null) {
            chain.doFilter(request, response);
            return;
        }
        Optional<Caller> caller = resolution.resolve(request.getUserPrincipal());
        if (caller.isEmpty()) {
            response.sendError(HttpServletResponse.SC_FORBIDDEN);
            return;
        }
        try {
            CurrentCaller.runAs(caller.get(), () -> {
                chain.doFilter(request, response);
                return null;
            });
        } catch (IOException | ServletException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new ServletException(e);
        }
    }
}
