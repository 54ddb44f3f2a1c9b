package de.deutschlandstack.platform.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Access tokens of an external OpenID Connect issuer, end to end: a real Keycloak (started by the build from its Maven
 * distribution, realm imported from {@code src/test/keycloak/platform-realm.json}) issues them by password grant; the
 * platform verifies them against the realm's keys and takes user, tenant and roles from their claims.
 */
class OidcIT extends PlatformIT {

    private static final String KEYCLOAK = System.getProperty("it.keycloak.url", "http://127.0.0.1:18380");
    private static final String PASSWORD = "keycloak-passwort-2026";

    /** An access token from the realm, by the resource owner password grant of the public client "platform". */
    private static String keycloakToken(String user) throws Exception {
        String form = "grant_type=password&client_id=platform&username=" + URLEncoder.encode(user, StandardCharsets.UTF_8)
                + "&password=" + URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8);
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(KEYCLOAK + "/realms/platform/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return new ObjectMapper().readTree(response.body()).path("access_token").asText();
    }

    private ODataClient bearer(String token) {
        return ODataClient.bearer(serverRoot(), token);
    }

    @Test
    void aKeycloakUserWorksInTheTenantAndWithTheRolesTheirTokenNames() throws Exception {
        ODataClient clara = bearer(keycloakToken("kc-clara"));
        JsonNode me = clara.api("GET", "/me", null).json();
        assertThat(me.path("user").asText()).isEqualTo("kc-clara");
        assertThat(me.path("tenant").asText()).isEqualTo("stadt-muenchen");
        assertThat(me.path("roles")).extracting(JsonNode::asText).containsExactly("business-user");
        assertThat(clara.get("SalesOrders?$top=2&$select=ID").body()).isEqualTo(as(ANNA).get("SalesOrders?$top=2&$select=ID").body());
        assertThat(clara.post("BusinessPartners", """
                {"PartnerNumber":"BP-KC-1","Name":"Aus Keycloak","Role":"CUSTOMER","City":"Dachau","Country":"DE"}""").status())
                .isEqualTo(201);

        ODataClient rudi = bearer(keycloakToken("kc-rudi"));
        assertThat(rudi.get("Products?$top=1").status()).isEqualTo(200);
        ODataClient.Response refused = rudi.post("BusinessPartners", """
                {"PartnerNumber":"BP-KC-2","Name":"X","Role":"CUSTOMER","City":"Y","Country":"DE"}""");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.errorMessage()).contains("needs one of the roles business-user, tenant-admin");
    }

    @Test
    void theTenantComesFromTheSignedClaimAndNothingElse() throws Exception {
        ODataClient bernd = bearer(keycloakToken("kc-bernd"));
        String annasOrder = as(ANNA).get("SalesOrders?$top=1&$select=ID").rows().get(0).path("ID").asText();
        assertThat(bernd.get("SalesOrders(" + annasOrder + ")").status()).isEqualTo(404);
        assertThat(bernd.get("SalesOrders?$top=1").rows().get(0).path("OrderNumber").asText()).startsWith("BW-");
        // Asking for another tenant in a header changes nothing.
        assertThat(bernd.get("SalesOrders(" + annasOrder + ")", "X-Tenant", "stadt-muenchen").status()).isEqualTo(404);

        // Bernd's token with Clara's tenant written in: the signature no longer fits.
        String[] parts = keycloakToken("kc-bernd").split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("\"tenant\":\"bayern-werke\"", "\"tenant\":\"stadt-muenchen\"");
        assertThat(payload).contains("\"tenant\":\"stadt-muenchen\"");
        String tampered = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes(StandardCharsets.UTF_8))
                + "." + parts[2];
        assertThat(bearer(tampered).get("SalesOrders").status()).isEqualTo(401);

        // A tenant the platform does not serve is refused, however valid the token.
        ODataClient.Response ghost = bearer(keycloakToken("kc-ghost")).get("SalesOrders");
        assertThat(ghost.status()).isEqualTo(403);
        assertThat(ghost.errorMessage()).contains("no-such-tenant is not registered");
    }

    @Test
    void aSuspendedTenantRefusesItsKeycloakUsersToo() throws Exception {
        ODataClient.Response onboarded = as(OPERATOR).api("POST", "/admin/tenants", """
                {"tenant": "oidc-werk", "admin": {"user": "chef@oidc-werk", "password": "%s"}}""".formatted(PASSWORD));
        assertThat(onboarded.status()).isIn(201, 409);
        ODataClient hugo = bearer(keycloakToken("kc-hugo"));
        assertThat(hugo.get("Products").status()).isEqualTo(200);
        assertThat(as(OPERATOR).api("POST", "/admin/tenants/oidc-werk/suspend", null).status()).isEqualTo(200);
        try {
            assertThat(hugo.get("Products").status()).isEqualTo(403);
        } finally {
            assertThat(as(OPERATOR).api("POST", "/admin/tenants/oidc-werk/resume", null).status()).isEqualTo(200);
        }
        assertThat(hugo.get("Products").status()).isEqualTo(200);
    }
}
