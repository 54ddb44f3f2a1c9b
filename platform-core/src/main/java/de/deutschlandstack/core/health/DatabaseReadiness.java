package de.deutschlandstack.core.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only while the platform database answers ({@code /health/ready} on the management port). Answers from what
 * the probe of {@link DatabaseAvailability} last learned, without asking the database on the way: a load balancer gets
 * its answer at once even while the database is frozen. Reports why it is down, never connection details.
 */
@Readiness
@ApplicationScoped
public class DatabaseReadiness implements HealthCheck {

    @Inject
    DatabaseAvailability database;

    @Override
    public HealthCheckResponse call() {
        return database.available()
                ? HealthCheckResponse.named("platform-database").up().withData("database", database.product()).build()
                : HealthCheckResponse.named("platform-database").down().withData("database", database.product())
                        .withData("reason", database.reason()).build();
    }
}
