package de.deutschlandstack.core.odata;

import de.deutschlandstack.core.events.BusinessRuleViolation;
import de.deutschlandstack.core.odata.query.QueryException;
import de.deutschlandstack.core.odata.query.Values;
import jakarta.persistence.PersistenceException;
import org.apache.olingo.server.api.ODataApplicationException;
import org.hibernate.query.SemanticException;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Whose fault a failure is decides its status; a server's fault never shows its internals. */
class ErrorMappingTest {

    private static ODataApplicationException answer(RuntimeException failure) {
        return catchThrowableOfType(() -> ErrorMapping.run(() -> {
            throw failure;
        }), ODataApplicationException.class);
    }

    @Test
    void clientErrorsKeepTheirStatusAndMessage() {
        assertThat(answer(QueryException.badRequest("Unknown property Nope")).getStatusCode()).isEqualTo(400);
        assertThat(answer(QueryException.notImplemented("$apply")).getStatusCode()).isEqualTo(501);
        assertThat(answer(new Values.InvalidValueException("'X' is not one of A, B")).getMessage()).isEqualTo("'X' is not one of A, B");
        ODataApplicationException rule = answer(new BusinessRuleViolation("LIMIT", "Over the limit"));
        assertThat(rule.getStatusCode()).isEqualTo(400);
        assertThat(rule.getODataErrorCode()).isEqualTo("LIMIT");
        assertThat(answer(new jakarta.persistence.OptimisticLockException()).getStatusCode()).isEqualTo(412);
    }

    @Test
    void anExpressionTheDataCannotEvaluateIsTheClientsError() {
        RuntimeException divisionByZero = new PersistenceException(new SQLException("division by zero", "22012"));
        assertThat(answer(divisionByZero).getStatusCode()).isEqualTo(400);
        assertThat(answer(new IllegalArgumentException(new SemanticException("types"))).getStatusCode()).isEqualTo(400);
    }

    @Test
    void anythingElseIsA500WithoutInternals() {
        ODataApplicationException defect = answer(new NullPointerException("Cannot invoke \"x.y()\" because \"z\" is null"));
        assertThat(defect.getStatusCode()).isEqualTo(500);
        assertThat(defect.getMessage()).doesNotContain("Cannot invoke").contains("server log");
        assertThat(answer(new IllegalArgumentException("a bug of ours")).getStatusCode()).isEqualTo(500);
        assertThat(answer(new PersistenceException(new SQLException("disk full", "53100"))).getStatusCode()).isEqualTo(500);
    }

    @Test
    void aStatementCancelledAtTheTimeoutIsA503ThatSaysHowToNarrowIt() {
        ODataApplicationException cancelled = answer(new jakarta.persistence.QueryTimeoutException("canceling statement due to statement timeout"));
        assertThat(cancelled.getStatusCode()).isEqualTo(503);
        assertThat(cancelled.getMessage()).contains("took too long").doesNotContain("canceling statement");
        // The same, where the driver's cancellation (SQL state 57014) reaches the runtime unconverted.
        ODataApplicationException raw = answer(new PersistenceException(new SQLException("ERROR: canceling statement due to statement timeout", "57014")));
        assertThat(raw.getStatusCode()).isEqualTo(503);
        assertThat(raw.getMessage()).contains("took too long");
    }

    @Test
    void aDatabaseThatIsAwayIsA503ThatSaysWhenToRetry() {
        ODataApplicationException refused = answer(new PersistenceException(new SQLException("connection refused", "08001")));
        assertThat(refused.getStatusCode()).isEqualTo(503);
        assertThat(refused.getMessage()).contains("retry after 5 s");
        // A batch of inserts reports the driver's failure as the next exception of its BatchUpdateException.
        java.sql.BatchUpdateException batch = new java.sql.BatchUpdateException("Batch entry 0 insert ... was aborted", null, new int[0]);
        batch.setNextException(new SQLException("An I/O error occurred while sending to the backend.", "08006"));
        assertThat(ErrorMapping.persistenceError(new PersistenceException(batch)).getStatusCode()).isEqualTo(503);
        assertThat(ErrorMapping.persistenceError(violation("23505")).getStatusCode()).as("a conflict is no outage").isEqualTo(409);
    }

    @Test
    void constraintViolationsOfAWriteNameTheConflict() {
        assertThat(ErrorMapping.persistenceError(violation("23505")).getStatusCode()).isEqualTo(409);
        assertThat(ErrorMapping.persistenceError(violation("23503")).getMessage()).contains("referenced");
        assertThat(ErrorMapping.persistenceError(violation("23506")).getMessage()).contains("referenced");
        assertThat(ErrorMapping.persistenceError(violation("23502")).getStatusCode()).isEqualTo(400);
        assertThat(ErrorMapping.persistenceError(new PersistenceException("disk full")).getStatusCode()).isEqualTo(500);
    }

    private static PersistenceException violation(String state) {
        return new PersistenceException(new org.hibernate.exception.ConstraintViolationException("violated",
                new SQLException("violated", state), "some_constraint"));
    }
}
