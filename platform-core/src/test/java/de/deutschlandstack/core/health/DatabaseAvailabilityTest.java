package de.deutschlandstack.core.health;

import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

/** Which failures say that the database is away (503, retry later) rather than that the request was wrong. */
class DatabaseAvailabilityTest {

    @Test
    void connectionFailuresAndShutdownsSayTheDatabaseIsAway() {
        assertThat(DatabaseAvailability.isUnavailability(new SQLException("refused", "08001"))).isTrue();
        assertThat(DatabaseAvailability.isUnavailability(new SQLException("closed", "08003"))).isTrue();
        assertThat(DatabaseAvailability.isUnavailability(new SQLException("terminating connection due to administrator command", "57P01"))).isTrue();
        assertThat(DatabaseAvailability.isUnavailability(new SQLException("too many clients", "53300"))).isTrue();
        assertThat(DatabaseAvailability.isUnavailability(new RuntimeException(new SQLException("x", new ConnectException("refused"))))).isTrue();
        assertThat(DatabaseAvailability.isUnavailability(new SQLException(
                "IJ000453: Unable to get managed connection for java:jboss/datasources/PlatformDS"))).isTrue();
    }

    @Test
    void theDriversFailureBehindABatchCounts() {
        java.sql.BatchUpdateException batch = new java.sql.BatchUpdateException("Batch entry 0 ... was aborted", null, new int[0]);
        batch.setNextException(new SQLException("An I/O error occurred while sending to the backend.", "08006"));
        assertThat(DatabaseAvailability.isUnavailability(new RuntimeException(batch))).isTrue();
    }

    @Test
    void whatTheRequestGotWrongIsNoOutage() {
        assertThat(DatabaseAvailability.isUnavailability(new SQLException("duplicate key", "23505"))).isFalse();
        assertThat(DatabaseAvailability.isUnavailability(new SQLException("division by zero", "22012"))).isFalse();
        assertThat(DatabaseAvailability.isUnavailability(new SQLException("canceling statement due to statement timeout", "57014"))).isFalse();
        assertThat(DatabaseAvailability.isUnavailability(new IllegalStateException("a defect"))).isFalse();
        // A cause chain that loops ends the walk instead of hanging it.
        RuntimeException first = new RuntimeException("first");
        RuntimeException second = new RuntimeException("second", first);
        first.initCause(second);
        assertThat(DatabaseAvailability.isUnavailability(first)).isFalse();
    }
}
