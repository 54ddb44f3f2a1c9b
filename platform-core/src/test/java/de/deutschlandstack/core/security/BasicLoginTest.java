package de.deutschlandstack.core.security;

import de.deutschlandstack.core.security.PlatformAuthentication.Login;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

/** RFC 7617: the password is everything after the first colon; anything malformed is no login at all. */
class BasicLoginTest {

    private static String basic(String credentials) {
        return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void thePasswordIsEverythingAfterTheFirstColon() {
        assertThat(Login.parse(basic("anna@stadt-muenchen:demo:extra")))
                .contains(new Login("anna@stadt-muenchen", "demo:extra"));
        assertThat(Login.parse(basic("anna:pässwört"))).contains(new Login("anna", "pässwört"));
    }

    @Test
    void theSchemeIsCaseInsensitive() {
        assertThat(Login.parse(basic("anna:demo").replace("Basic", "basic"))).contains(new Login("anna", "demo"));
        assertThat(Login.parse(basic("anna:demo").replace("Basic", "BASIC"))).isPresent();
    }

    @Test
    void malformedCredentialsAreNoLogin() {
        assertThat(Login.parse(null)).isEmpty();
        assertThat(Login.parse("Basic !!!")).isEmpty();
        assertThat(Login.parse(basic("anna"))).isEmpty();
        assertThat(Login.parse(basic("anna:"))).isEmpty();
        assertThat(Login.parse(basic(":demo"))).isEmpty();
        assertThat(Login.parse(basic(" anna:demo"))).isEmpty();
        assertThat(Login.parse(basic("anna\t:demo"))).isEmpty();
        assertThat(Login.parse("Bearer abc")).isEmpty();
        assertThat(Login.parse("Basic")).isEmpty();
        assertThat(Login.parse("Basic " + "A".repeat(65_536))).isEmpty();
    }
}
