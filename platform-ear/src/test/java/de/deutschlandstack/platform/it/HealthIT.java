package de.deutschlandstack.platform.it;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** Operators see whether the platform and its database are ready, without credentials, on the management port. */
class HealthIT extends PlatformIT {

    @Test
    void readinessReportsTheDatabase() throws Exception {
        // The test server runs with port offset 100: management on 10090.
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:10090/health/ready")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"platform-database\"", "\"status\":\"UP\"")
                .containsAnyOf("\"H2\"", "\"PostgreSQL\"");
    }
}
