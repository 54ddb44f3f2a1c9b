package de.deutschlandstack.platform.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The platform's bearer tokens: issued against the password, accepted everywhere Basic is, refused when forged,
 * tampered with, unsigned or exchanged for another, and refused from the next request on after a password change, a
 * disabling or the tenant's suspension.
 */
class TokensIT extends PlatformIT {

    private static final String PASSWORD = "token-passwort-2026";

    private ODataClient bearer(String token) {
        return ODataClient.bearer(serverRoot(), token);
    }

    private static String tokenOf(ODataClient client) {
        ODataClient.Response response = client.api("POST", "/token", null);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json().path("access_token").asText();
    }

    private static void assertInvalidToken(ODataClient.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(401);
        assertThat(response.headers().get("www-authenticate")).anySatisfy(h -> assertThat(h).contains("error=\"invalid_token\""));
    }

    @Test
    void aTokenIsIssuedAgainstThePasswordAndWorksWhereBasicDoes() {
        ODataClient.Response issued = as(ANNA).api("POST", "/token", null);
        assertThat(issued.status()).isEqualTo(200);
        JsonNode body = issued.json();
        assertThat(body.path("token_type").asText()).isEqualTo("Bearer");
        assertThat(body.path("expires_in").asInt()).isEqualTo(300);
        assertThat(issued.header("Cache-Control")).hasValueSatisfying(c -> assertThat(c).contains("no-store"));

        ODataClient anna = bearer(body.path("access_token").asText());
        assertThat(anna.get("SalesOrders?$top=3&$select=ID").body()).isEqualTo(as(ANNA).get("SalesOrders?$top=3&$select=ID").body());
        assertThat(anna.api("GET", "/me", null).json().path("user").asText()).isEqualTo(ANNA);
        assertThat(anna.get("SalesOrders(1)").status()).isEqualTo(200);
        // Ben's token reaches Ben's tenant only.
        ODataClient ben = bearer(tokenOf(as(BEN)));
        assertThat(ben.get("SalesOrders?$top=1").rows().get(0).path("OrderNumber").asText()).startsWith("BW-");
        // A token does not buy a new token: that needs the password again.
        assertThat(anna.api("POST", "/token", null).status()).isEqualTo(400);
    }

    @Test
    void forgedTamperedAndUnsignedTokensAreRefused() throws Exception {
        String token = tokenOf(as(ANNA));
        String[] parts = token.split("\\.");

        // Ben's tenant written into Anna's token: the signature no longer fits.
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("\"tenant\":\"stadt-muenchen\"", "\"tenant\":\"bayern-werke\"").replace(ANNA, BEN);
        String tampered = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes(StandardCharsets.UTF_8))
                + "." + parts[2];
        assertInvalidToken(bearer(tampered).get("SalesOrders"));

        // Unsigned ("alg": "none"), and signed by a key of the attacker's own with the platform's key id.
        String header = new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8);
        String none = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8))
                + "." + parts[1] + ".";
        assertInvalidToken(bearer(none).get("SalesOrders"));
        JwtClaims claims = JwtClaims.parse(payload);
        RsaJsonWebKey attackersKey = RsaJwkGenerator.generateJwk(2048);
        JsonWebSignature forged = new JsonWebSignature();
        forged.setPayload(claims.toJson());
        forged.setKey(attackersKey.getPrivateKey());
        forged.setKeyIdHeaderValue(header.replaceAll(".*\"kid\":\"([^\"]+)\".*", "$1"));
        forged.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        assertInvalidToken(bearer(forged.getCompactSerialization()).get("SalesOrders"));

        // Garbage, a token that names no issuer, an empty token, two Authorization headers.
        assertInvalidToken(bearer("eyJhbGciOiJub25lIn0.e30.").get("SalesOrders"));
        assertInvalidToken(bearer("not.a.token").get("SalesOrders"));
        assertThat(bearer(token + "x").get("SalesOrders").status()).isEqualTo(401);
        assertThat(bearer(token).get("SalesOrders", "Authorization", "Bearer " + token).status()).isEqualTo(401);
    }

    @Test
    void aTokenDiesWithThePasswordItWasIssuedForAndWithTheTenantsSuspension() {
        String tenant = onboardTenant("token", PASSWORD);
        ODataClient chef = as("chef@" + tenant, PASSWORD);
        ODataClient viaToken = bearer(tokenOf(chef));
        assertThat(viaToken.get("Products").status()).isEqualTo(200);

        String newPassword = "token-passwort-neu-1";
        assertThat(chef.api("POST", "/me/password", "{\"currentPassword\": \"" + PASSWORD + "\", \"newPassword\": \"" + newPassword + "\"}")
                .status()).isEqualTo(204);
        assertInvalidToken(viaToken.get("Products"));

        ODataClient chefNow = as("chef@" + tenant, newPassword);
        ODataClient fresh = bearer(tokenOf(chefNow));
        assertThat(fresh.get("Products").status()).isEqualTo(200);
        assertThat(as(OPERATOR).api("POST", "/admin/tenants/" + tenant + "/suspend", null).status()).isEqualTo(200);
        assertThat(fresh.get("Products").status()).isEqualTo(403);
        assertThat(as(OPERATOR).api("POST", "/admin/tenants/" + tenant + "/resume", null).status()).isEqualTo(200);
        assertThat(fresh.get("Products").status()).isEqualTo(200);

        // A user the admin disables loses their token at once.
        String clerk = "clerk@" + tenant;
        assertThat(chefNow.api("POST", "/admin/tenants/" + tenant + "/users", """
                {"user": "%s", "password": "%s", "roles": ["read-only"]}""".formatted(clerk, PASSWORD)).status()).isEqualTo(201);
        ODataClient clerkToken = bearer(tokenOf(as(clerk, PASSWORD)));
        assertThat(clerkToken.get("Products").status()).isEqualTo(200);
        assertThat(chefNow.api("PATCH", "/admin/tenants/" + tenant + "/users/" + clerk, "{\"enabled\": false}").status()).isEqualTo(200);
        assertInvalidToken(clerkToken.get("Products"));
    }
}
