package de.deutschlandstack.core.admin;

import de.deutschlandstack.core.audit.AuditKind;
import de.deutschlandstack.core.audit.AuditTrail;
import de.deutschlandstack.core.health.DatabaseAvailability;
import de.deutschlandstack.core.security.AccessDenied;
import de.deutschlandstack.core.tenancy.CurrentCaller;
import de.deutschlandstack.core.web.ErrorBodies;
import de.deutschlandstack.core.web.RequestRefused;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.jboss.logging.Logger;

/**
 * Every failure of the REST API as RFC 7807 problem details ({@code application/problem+json}): the client's mistakes
 * with the status that names them, a body that is not the JSON the endpoint reads as 400, anything else as a 500
 * that is logged and says nothing about internals.
 */
@Provider
public class Problems implements ExceptionMapper<Throwable> {

    private static final Logger LOG = Logger.getLogger(Problems.class);

    @Override
    public Response toResponse(Throwable failure) {
        if (failure instanceof AccessDenied denied) {
            if (CurrentCaller.get().isPresent()) {
                PlatformApi.bean(AuditTrail.class).recordNow(AuditKind.SECURITY, "ACCESS_DENIED", "API", null, denied.getMessage());
            }
            return problem(403, denied.getMessage());
        }
        if (failure instanceof RequestRefused refused) {
            Response problem = problem(refused.status(), refused.getMessage());
            return refused.retryAfterSeconds() == null ? problem
                    : Response.fromResponse(problem).header("Retry-After", refused.retryAfterSeconds()).build();
        }
        if (isUnreadableBody(failure)) {
            return problem(400, "The body is not the JSON this endpoint reads (see /api/openapi.yaml)");
        }
        if (failure instanceof WebApplicationException web) {
            int status = web.getResponse().getStatus();
            if (status >= 500) {
                LOG.error("REST request failed", failure);
                return problem(status, "The request could not be processed; the server log has the details");
            }
            // The runtime's own messages (RESTEASY...: Could not find resource for full path ...) name internals and echo
            // the URL: the status's reason says enough.
            String message = web.getMessage();
            boolean ours = message != null && !message.startsWith("RESTEASY") && !message.startsWith("HTTP ");
            return problem(status, ours ? message : reason(status));
        }
        if (failure.getCause() != null && failure.getCause() != failure && unwrapsTo(failure)) {
            return toResponse(failure.getCause());
        }
        if (DatabaseAvailability.reportIfUnavailability(failure) || DatabaseAvailability.refusing()) {
            return Response.fromResponse(problem(503, DatabaseAvailability.MESSAGE))
                    .header("Retry-After", DatabaseAvailability.RETRY_AFTER_SECONDS).build();
        }
        LOG.error("REST request failed", failure);
        return problem(500, "The request could not be processed; the server log has the details");
    }

    /** A transaction boundary wraps what the work threw (jakarta.transaction.TransactionalException). */
    private static boolean unwrapsTo(Throwable failure) {
        return failure.getClass().getName().equals("jakarta.transaction.TransactionalException")
                || failure instanceof jakarta.ejb.EJBException;
    }

    private static boolean isUnreadableBody(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            String name = cause.getClass().getName();
            if (name.startsWith("jakarta.json.") || name.startsWith("jakarta.json.bind.") || name.contains("JsonbException")
                    || name.equals("jakarta.ws.rs.ProcessingException")) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }

    static Response problem(int status, String detail) {
        return Response.status(status).type("application/problem+json").entity(ErrorBodies.problem(status, reason(status), detail)).build();
    }

    private static String reason(int status) {
        Response.Status known = Response.Status.fromStatusCode(status);
        return known == null ? "Error" : known.getReasonPhrase();
    }
}
