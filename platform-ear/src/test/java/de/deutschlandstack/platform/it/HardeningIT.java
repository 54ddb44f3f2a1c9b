package de.deutschlandstack.platform.it;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Security headers on every response (OData, the REST API, the AI services, the lake's API, errors included), XML with
 * external entities refused, and rate limits: a tenant's user beyond the own limit, a tenant's users together beyond the
 * tenant's, a tenant with too many requests under way at once and a password guesser get 429 with Retry-After, while
 * everyone else works on.
 */
class HardeningIT extends PlatformIT {

    private static final String PASSWORD = "haerte-passwort-2026";

    private static void assertSecurityHeaders(ODataClient.Response response) {
        assertThat(response.header("X-Content-Type-Options")).contains("nosniff");
        assertThat(response.header("X-Frame-Options")).contains("DENY");
        assertThat(response.header("Content-Security-Policy")).hasValueSatisfying(csp ->
                assertThat(csp).contains("default-src 'self'").contains("frame-ancestors 'none'"));
        assertThat(response.header("Referrer-Policy")).contains("no-referrer");
        assertThat(response.header("Cache-Control")).hasValueSatisfying(c -> assertThat(c).contains("no-store"));
        assertThat(response.header("X-Powered-By")).isEmpty();
    }

    @Test
    void everyResponseCarriesTheSecurityHeadersErrorsIncluded() {
        assertSecurityHeaders(as(ANNA).get("SalesOrders?$top=1"));
        assertSecurityHeaders(anonymous().get("SalesOrders"));
        assertSecurityHeaders(as(ANNA).get("NoSuchSet"));
        assertSecurityHeaders(as(ANNA).api("GET", "/me", null));
        assertSecurityHeaders(as(ANNA).api("GET", "/nothing", null));
        // The AI services' API, its answers and its errors.
        ODataClient.Response models = as(ANNA).ai("GET", "/models", null);
        assertThat(models.status()).isEqualTo(200);
        assertSecurityHeaders(models);
        ODataClient.Response noModel = as(ANNA).ai("GET", "/models/no-such-model", null);
        assertThat(noModel.status()).isEqualTo(404);
        assertSecurityHeaders(noModel);
        ODataClient.Response notForReaders = as(LEA).ai("DELETE", "/models/no-such-model", null);
        assertThat(notForReaders.status()).isEqualTo(403);
        assertSecurityHeaders(notForReaders);
        ODataClient.Response aiAnonymous = anonymous().ai("GET", "/models", null);
        assertThat(aiAnonymous.status()).isEqualTo(401);
        assertSecurityHeaders(aiAnonymous);
        // The lake's API: an analysis (503 while no lake runs), a name it does not know, the operator's view, no login.
        ODataClient.Response analysis = as(ANNA).api("GET", "/lake/analyses/revenue-by-month-and-customer", null);
        assertThat(analysis.status()).as(analysis.body()).isIn(200, 503);
        assertSecurityHeaders(analysis);
        ODataClient.Response noAnalysis = as(ANNA).api("GET", "/lake/analyses/No-Such-Analysis", null);
        assertThat(noAnalysis.status()).isEqualTo(404);
        assertSecurityHeaders(noAnalysis);
        ODataClient.Response lakeStatus = as(ANNA).api("GET", "/lake/status", null);
        assertThat(lakeStatus.status()).isEqualTo(403);
        assertSecurityHeaders(lakeStatus);
        ODataClient.Response lakeAnonymous = anonymous().api("GET", "/lake/analyses", null);
        assertThat(lakeAnonymous.status()).isEqualTo(401);
        assertSecurityHeaders(lakeAnonymous);
    }

    @Test
    void theContainersOwnErrorsSpeakTheAddressedProtocol() {
        ODataClient.Response odata = anonymous().get("SalesOrders");
        assertThat(odata.status()).isEqualTo(401);
        assertThat(odata.errorMessage()).contains("Authentication required");
        ODataClient.Response rest = anonymous().api("GET", "/me", null);
        assertThat(rest.status()).isEqualTo(401);
        assertThat(rest.header("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(rest.json().path("detail").asText()).contains("Authentication required");
    }

    @Test
    void xmlWithAnExternalEntityIsRefusedUnread() {
        // Request bodies are JSON: an XML body is refused by its content type (415) before any parser sees it.
        String xxe = """
                <?xml version="1.0"?>
                <!DOCTYPE entry [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
                <entry xmlns="http://www.w3.org/2005/Atom"><content type="application/xml">
                <m:properties xmlns:m="http://docs.oasis-open.org/odata/ns/metadata" xmlns:d="http://docs.oasis-open.org/odata/ns/data">
                <d:Name>&secret;</d:Name></m:properties></content></entry>""";
        ODataClient.Response response = as(ANNA).send("POST", "BusinessPartners", xxe, "application/xml");
        assertThat(response.status()).isEqualTo(415);
        assertThat(response.body()).doesNotContain("root:");
    }

    @Test
    void aTenantBeyondItsLimitGets429WhileOthersWorkOn() throws InterruptedException {
        String tenant = onboardTenant("takt", PASSWORD);
        ODataClient.Response limited = as(OPERATOR).api("PUT", "/admin/tenants/" + tenant + "/limits", "{\"userRequestsPerMinute\": 5}");
        assertThat(limited.json().path("limits").path("userRequestsPerMinute").asInt()).isEqualTo(5);

        ODataClient chef = as("chef@" + tenant, PASSWORD);
        for (int i = 0; i < 5; i++) {
            assertThat(chef.get("Products").status()).isEqualTo(200);
        }
        ODataClient.Response refused = chef.get("Products");
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.header("Retry-After")).hasValueSatisfying(seconds -> assertThat(Integer.parseInt(seconds)).isBetween(1, 60));
        assertThat(refused.errorMessage()).contains("Too many requests of user chef@" + tenant);
        ODataClient.Response restRefused = chef.api("GET", "/me", null);
        assertThat(restRefused.status()).isEqualTo(429);
        assertThat(restRefused.header("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(as(ANNA).get("Products?$top=1").status()).isEqualTo(200);

        // Back to the default: the next requests pass again.
        assertThat(as(OPERATOR).api("PUT", "/admin/tenants/" + tenant + "/limits", "{}").status()).isEqualTo(200);
        int status = 0;
        for (int i = 0; i < 20 && status != 200; i++) {
            Thread.sleep(100);
            status = chef.get("Products").status();
        }
        assertThat(status).isEqualTo(200);
        assertThat(as(OPERATOR).api("PUT", "/admin/tenants/" + tenant + "/limits", "{\"requestsPerMinute\": 0}").status()).isEqualTo(400);
    }

    @Test
    void aTenantsUsersTogetherBeyondTheTenantsLimitGet429WhileOtherTenantsWorkOn() throws InterruptedException {
        String tenant = onboardTenant("mandant", PASSWORD);
        ODataClient chef = as("chef@" + tenant, PASSWORD);
        assertThat(chef.api("POST", "/admin/tenants/" + tenant + "/users", """
                {"user": "kollege@%s", "password": "%s", "roles": ["business-user"]}""".formatted(tenant, PASSWORD)).status())
                .isEqualTo(201);
        ODataClient colleague = as("kollege@" + tenant, PASSWORD);
        assertThat(colleague.get("Products").status()).isEqualTo(200);

        ODataClient.Response limited = as(OPERATOR).api("PUT", "/admin/tenants/" + tenant + "/limits", "{\"requestsPerMinute\": 4}");
        assertThat(limited.status()).as(limited.body()).isEqualTo(200);
        assertThat(limited.json().path("limits").path("requestsPerMinute").asInt()).isEqualTo(4);
        try {
            // Two requests each: the tenant's four of the minute, while each user is far below the own limit (the default).
            for (int i = 0; i < 2; i++) {
                assertThat(chef.get("Products").status()).isEqualTo(200);
                assertThat(colleague.get("Products").status()).isEqualTo(200);
            }
            ODataClient.Response refused = colleague.get("Products");
            assertThat(refused.status()).as(refused.body()).isEqualTo(429);
            assertThat(refused.header("Retry-After")).hasValueSatisfying(seconds -> assertThat(Integer.parseInt(seconds)).isBetween(1, 15));
            assertThat(refused.errorMessage()).contains("tenant " + tenant);
            ODataClient.Response chefRefused = chef.api("GET", "/me", null);
            assertThat(chefRefused.status()).isEqualTo(429);
            assertThat(chefRefused.header("Retry-After")).isPresent();
            assertThat(chefRefused.header("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
            // Another tenant's users work on, by Basic and by token.
            assertThat(as(ANNA).get("Products?$top=1").status()).isEqualTo(200);
            assertThat(as(BEN).api("GET", "/me", null).status()).isEqualTo(200);
        } finally {
            ODataClient.Response restored = as(OPERATOR).api("PUT", "/admin/tenants/" + tenant + "/limits", "{}");
            assertThat(restored.status()).as(restored.body()).isEqualTo(200);
            com.fasterxml.jackson.databind.JsonNode reset = restored.json().path("limits").path("requestsPerMinute");
            assertThat(reset.isMissingNode() || reset.isNull()).as("back to the default: " + reset).isTrue();
        }
        // The default again: the tenant's users pass at once.
        int status = 0;
        for (int i = 0; i < 20 && status != 200; i++) {
            Thread.sleep(100);
            status = colleague.get("Products").status();
        }
        assertThat(status).isEqualTo(200);
        assertThat(chef.get("Products").status()).isEqualTo(200);
    }

    @Test
    void aTenantWithTooManyRequestsUnderWayAtOnceGets429WhileOthersWorkOn() throws Exception {
        String tenant = onboardTenant("gleichzeitig", PASSWORD);
        ODataClient.Response limited = as(OPERATOR).api("PUT", "/admin/tenants/" + tenant + "/limits", "{\"concurrentRequests\": 1}");
        assertThat(limited.json().path("limits").path("concurrentRequests").asInt()).isEqualTo(1);
        ODataClient chef = as("chef@" + tenant, PASSWORD);
        assertThat(chef.get("Products").status()).isEqualTo(200);

        // Six clients of the tenant at once, and a client of another tenant beside them.
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(7);
        try {
            List<java.util.concurrent.Future<List<ODataClient.Response>>> flood = new java.util.ArrayList<>();
            for (int client = 0; client < 6; client++) {
                flood.add(pool.submit(() -> java.util.stream.IntStream.range(0, 15).mapToObj(i -> chef.get("Products")).toList()));
            }
            java.util.concurrent.Future<List<ODataClient.Response>> other =
                    pool.submit(() -> java.util.stream.IntStream.range(0, 15).mapToObj(i -> as(ANNA).get("Products?$top=1")).toList());
            List<ODataClient.Response> floodAnswers = new java.util.ArrayList<>();
            for (java.util.concurrent.Future<List<ODataClient.Response>> client : flood) {
                floodAnswers.addAll(client.get(60, java.util.concurrent.TimeUnit.SECONDS));
            }
            assertThat(floodAnswers).extracting(ODataClient.Response::status).containsOnly(200, 429).contains(200, 429);
            assertThat(floodAnswers).filteredOn(answer -> answer.status() == 429).allSatisfy(refused -> {
                assertThat(refused.header("Retry-After")).contains("1");
                assertThat(refused.errorMessage()).contains("Too many requests of tenant " + tenant + " under way at once");
            });
            assertThat(other.get(60, java.util.concurrent.TimeUnit.SECONDS)).extracting(ODataClient.Response::status)
                    .as("the other tenant's requests meanwhile").containsOnly(200);
        } finally {
            pool.shutdownNow();
        }
        assertThat(as(OPERATOR).api("PUT", "/admin/tenants/" + tenant + "/limits", "{\"concurrentRequests\": 0}").status()).isEqualTo(400);
        com.fasterxml.jackson.databind.JsonNode reset = as(OPERATOR).api("PUT", "/admin/tenants/" + tenant + "/limits", "{}")
                .json().path("limits").path("concurrentRequests");
        assertThat(reset.isMissingNode() || reset.isNull()).as("back to the default: " + reset).isTrue();
    }

    @Test
    void passwordGuessingIsSlowedTo429WithoutTouchingOtherUsers() {
        String tenant = onboardTenant("rate", PASSWORD);
        ODataClient guesser = as("chef@" + tenant, "falsch");
        for (int i = 0; i < 10; i++) {
            assertThat(guesser.get("Products").status()).isEqualTo(401);
        }
        ODataClient.Response throttled = guesser.get("Products");
        assertThat(throttled.status()).isEqualTo(429);
        assertThat(throttled.header("Retry-After")).isPresent();
        assertThat(throttled.errorMessage()).contains("Too many failed logins");
        // Not even the right password is checked now; other users log in as ever.
        assertThat(as("chef@" + tenant, PASSWORD).get("Products").status()).isEqualTo(429);
        assertThat(as(ANNA).get("Products?$top=1").status()).isEqualTo(200);
    }

    @Test
    void theCurrentPasswordOfAPasswordChangeIsThrottledLikeALogin() {
        String tenant = onboardTenant("orakel", PASSWORD);
        ODataClient chef = ODataClient.bearer(serverRoot(), as("chef@" + tenant, PASSWORD).api("POST", "/token", null)
                .json().path("access_token").asText());
        for (int i = 0; i < 10; i++) {
            assertThat(chef.api("POST", "/me/password", "{\"currentPassword\": \"rate-" + i + "\", \"newPassword\": \"neues-passwort-2026\"}")
                    .status()).isEqualTo(403);
        }
        ODataClient.Response throttled = chef.api("POST", "/me/password",
                "{\"currentPassword\": \"" + PASSWORD + "\", \"newPassword\": \"neues-passwort-2026\"}");
        assertThat(throttled.status()).isEqualTo(429);
        assertThat(throttled.header("Retry-After")).isPresent();
        assertThat(throttled.header("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
    }
}
