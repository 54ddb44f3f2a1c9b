package de.deutschlandstack.platform.it;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Every request is authenticated against the platform's user store. */
class AuthenticationIT extends PlatformIT {

    @Test
    void requestWithoutCredentialsIsRejectedWithAnODataError() {
        ODataClient.Response response = anonymous().get("SalesOrders");
        assertThat(response.status()).isEqualTo(401);
        assertThat(response.header("WWW-Authenticate")).hasValueSatisfying(h -> assertThat(h).startsWith("Basic"));
        assertThat(response.errorMessage()).contains("Authentication required");
    }

    @Test
    void wrongPasswordAndUnknownUserAreRejected() {
        assertThat(new ODataClient(serverRoot(), ANNA, "not-demo").get("SalesOrders").status()).isEqualTo(401);
        assertThat(new ODataClient(serverRoot(), "mallory@nowhere", "demo").get("SalesOrders").status()).isEqualTo(401);
    }

    @Test
    void metadataAndServiceDocumentNeedAuthenticationToo() {
        assertThat(anonymous().get("$metadata").status()).isEqualTo(401);
        assertThat(anonymous().get("").status()).isEqualTo(401);
        assertThat(as(ANNA).get("").status()).isEqualTo(200);
    }

    @Test
    void userNameIsCaseInsensitive() {
        assertThat(new ODataClient(serverRoot(), "Anna@Stadt-Muenchen", "demo").get("SalesOrders?$top=1").status())
                .isEqualTo(200);
    }
}
