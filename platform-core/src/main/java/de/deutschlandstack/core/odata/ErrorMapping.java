package de.deutschlandstack.core.odata;

import de.deutschlandstack.core.events.BusinessRuleViolation;
import de.deutschlandstack.core.events.StatusConflict;
import de.deutschlandstack.core.health.DatabaseAvailability;
import de.deutschlandstack.core.odata.query.QueryException;
import de.deutschlandstack.core.odata.query.Values;
import jakarta.persistence.OptimisticLockException;
import jakarta.persistence.PersistenceException;
import org.apache.olingo.commons.api.http.HttpStatusCode;
import org.apache.olingo.server.api.ODataApplicationException;
import org.apache.olingo.server.api.ODataLibraryException;
import org.hibernate.exception.DataException;
import org.hibernate.query.QueryArgumentException;
import org.hibernate.query.SemanticException;
import org.jboss.logging.Logger;

import java.sql.SQLException;
import java.util.Locale;

/**
 * Turns every failure of a request into an OData error with the status that says whose fault it is. Client errors
 * are named precisely (400, 404, 409, 412); anything else is a defect or an unavailable database: logged with its
 * stack trace and answered 500 without internals.
 */
final class ErrorMapping {

    private static final Logger LOG = Logger.getLogger(ErrorMapping.class);

    interface Work {
        void run() throws ODataApplicationException, ODataLibraryException;
    }

    private ErrorMapping() {
    }

    static void run(Work work) throws ODataApplicationException, ODataLibraryException {
        try {
            work.run();
        } catch (QueryException e) {
            throw error(e.status(), e.getMessage());
        } catch (de.deutschlandstack.core.security.AccessDenied e) {
            de.deutschlandstack.core.audit.RequestAudit.refused(e.getMessage());
            throw error(HttpStatusCode.FORBIDDEN, e.getMessage());
        } catch (Values.InvalidValueException e) {
            throw error(HttpStatusCode.BAD_REQUEST, e.getMessage());
        } catch (StatusConflict e) {
            throw new ODataApplicationException(e.getMessage(), HttpStatusCode.CONFLICT.getStatusCode(), Locale.ENGLISH, e.code());
        } catch (BusinessRuleViolation e) {
            throw new ODataApplicationException(e.getMessage(), HttpStatusCode.BAD_REQUEST.getStatusCode(), Locale.ENGLISH, e.code());
        } catch (de.deutschlandstack.core.web.RequestRefused e) {
            // A platform service an action called (a model's prediction) refused, with the status that says why.
            // Its Retry-After, where it has one, goes with it as the cause (PlatformErrorProcessor answers it).
            throw new ODataApplicationException(e.getMessage(), e.status(), Locale.ENGLISH, e);
        } catch (jakarta.persistence.QueryTimeoutException e) {
            // The statement ran past the persistence unit's query timeout and was cancelled by the driver.
            throw queryCancelled(e);
        } catch (OptimisticLockException e) {
            throw error(HttpStatusCode.PRECONDITION_FAILED, "The entity was changed by someone else meanwhile");
        } catch (jakarta.validation.ConstraintViolationException e) {
            // A flush inside an action or a query's automatic flush: the same answer as a write's own flush gives.
            throw error(HttpStatusCode.BAD_REQUEST, e.getConstraintViolations().stream()
                    .map(v -> v.getPropertyPath() + " " + v.getMessage()).sorted().collect(java.util.stream.Collectors.joining("; ")));
        } catch (jakarta.persistence.PersistenceException e) {
            if (becauseTheDatabaseIsAway(e)) {
                throw databaseUnavailable();
            }
            if (sqlState(e, "57014")) {
                // PostgreSQL's query_canceled, where it reaches the runtime without Hibernate's conversion.
                throw queryCancelled(e);
            }
            if (isClientsQuery(e) || sqlState(e, "22")) {
                throw unexpected(e);
            }
            throw persistenceError(e);
        } catch (RuntimeException e) {
            if (becauseTheDatabaseIsAway(e)) {
                throw databaseUnavailable();
            }
            throw unexpected(e);
        }
    }

    /**
     * Whether the failure is the database's absence: it says so itself, or the database is known to be away right now (a
     * commit whose connection was aborted when the database froze fails with the transaction manager's own exception).
     */
    /**
     * Whether the database's probe finds it away within a few seconds: a commit that its shutdown cut off may surface only
     * as the transaction manager's RollbackException, without the connection's failure among its causes. Asked for
     * commit failures alone, which are rare.
     */
    private static boolean databaseGoesAway() {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(4);
        while (System.nanoTime() < deadline) {
            if (DatabaseAvailability.refusing()) {
                return true;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    private static boolean becauseTheDatabaseIsAway(Throwable failure) {
        if (DatabaseAvailability.reportIfUnavailability(failure)) {
            return true;
        }
        // A constraint (23) or a value (22) the database refused is the client's, outage or not.
        return DatabaseAvailability.refusing() && !sqlState(failure, "22") && !sqlState(failure, "23");
    }

    /**
     * 503: the database is away. Not logged here: {@link DatabaseAvailability} logs once when it goes and once when it is
     * back; {@link PlatformErrorProcessor} adds {@code Retry-After}.
     */
    static ODataApplicationException databaseUnavailable() {
        return error(HttpStatusCode.SERVICE_UNAVAILABLE, DatabaseAvailability.MESSAGE);
    }

    /**
     * A write whose commit failed after its processing succeeded: 503 when the database went away (the client retries), a
     * logged 500 otherwise. Either way the change counts as not stored.
     */
    static int commitFailure(Throwable failure, String what) {
        if (becauseTheDatabaseIsAway(failure) || databaseGoesAway()) {
            return HttpStatusCode.SERVICE_UNAVAILABLE.getStatusCode();
        }
        LOG.error(what + " could not be committed", failure);
        return HttpStatusCode.INTERNAL_SERVER_ERROR.getStatusCode();
    }

    private static ODataApplicationException unexpected(RuntimeException failure) {
        if (isClientsQuery(failure)) {
            // The translation types every value; when Hibernate still refuses the statement, the query the client
            // sent mixes types in a way the translation did not catch. Logged so that such gaps get closed.
            LOG.warnf("Query refused by Hibernate: %s", failure.getMessage());
            return error(HttpStatusCode.BAD_REQUEST, "The query cannot be evaluated: check the types of the compared values");
        }
        if (sqlState(failure, "22")) {
            // Division by zero, numeric overflow, invalid cast: the client's expression fails on the data it meets.
            return error(HttpStatusCode.BAD_REQUEST,
                    "The query cannot be evaluated on this data (for example a division by zero or a value out of range)");
        }
        LOG.error("OData request failed", failure);
        return error(HttpStatusCode.INTERNAL_SERVER_ERROR, "The request could not be processed; the server log has the details");
    }

    /** A failure of a write's SQL, as the client should hear it. */
    static ODataApplicationException persistenceError(PersistenceException e) {
        if (becauseTheDatabaseIsAway(e)) {
            return databaseUnavailable();
        }
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof org.hibernate.exception.ConstraintViolationException constraint) {
                // SQLSTATE class 23: 23502 not null, 23503 foreign key (H2: 23506 for a missing parent), 23505 unique.
                String state = String.valueOf(constraint.getSQLState());
                if (state.equals("23502")) {
                    return error(HttpStatusCode.BAD_REQUEST, "A required value is missing");
                }
                if (state.equals("23503") || state.equals("23506")) {
                    return error(HttpStatusCode.CONFLICT,
                            "The entity is still referenced by other entities, or refers to one that does not exist");
                }
                return error(HttpStatusCode.CONFLICT, "The change conflicts with existing data (a unique value is already taken)");
            }
            if (cause instanceof DataException) {
                return error(HttpStatusCode.BAD_REQUEST, "A value does not fit its property (too long or out of range)");
            }
        }
        LOG.error("An OData write failed in the database", e);
        return error(HttpStatusCode.INTERNAL_SERVER_ERROR, "The change could not be stored");
    }

    private static boolean isClientsQuery(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SemanticException || cause instanceof QueryArgumentException) {
                return true;
            }
        }
        return false;
    }

    private static boolean sqlState(Throwable failure, String stateClass) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith(stateClass)) {
                return true;
            }
        }
        return false;
    }

    static ODataApplicationException error(HttpStatusCode status, String message) {
        return error(status.getStatusCode(), message);
    }

    /** Characters of the client's text an error message repeats: an answer does not echo a megabyte back. */
    private static final int QUOTED = 200;

    /** The client's text as an error message quotes it, cut short after {@value #QUOTED} characters. */
    static String quoted(String clientText) {
        return clientText == null || clientText.length() <= QUOTED ? clientText : clientText.substring(0, QUOTED) + "…";
    }

    static ODataApplicationException error(int status, String message) {
        return new ODataApplicationException(message, status, Locale.ENGLISH);
    }

    private static ODataApplicationException queryCancelled(RuntimeException e) {
        LOG.warnf("Query cancelled after the statement timeout: %s", e.getMessage());
        return error(HttpStatusCode.SERVICE_UNAVAILABLE, "The query took too long and was cancelled; narrow it (fewer nested conditions, a smaller page)");
    }

}
