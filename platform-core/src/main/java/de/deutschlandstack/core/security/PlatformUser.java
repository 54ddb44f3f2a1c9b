package de.deutschlandstack.core.security;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A login of the embedded identity store: user name, hashed password, tenant and roles.
 *
 * <p>Deliberately not a {@code TenantScopedEntity}: the store is read before a tenant is known, to find out
 * which tenant the caller belongs to. It is never exposed over OData.
 */
@Entity
@Table(name = "platform_user")
public class PlatformUser {

    @Id
    @Column(name = "user_name", length = 128)
    private String userName;

    @Column(name = "tenant", nullable = false, length = 64)
    private String tenant;

    /** PBKDF2 hash in the Jakarta Security format {@code algorithm:iterations:salt:hash}. */
    @Column(name = "password_hash", nullable = false, length = 512)
    private String passwordHash;

    /** Comma-separated role names. */
    @Column(name = "roles", nullable = false, length = 512)
    private String roles;

    @Column(name = "enabled", nullable = false)
    private boolean enabled = true;

    /** Raised by every password change and disabling: tokens issued for an earlier generation are refused. */
    @Column(name = "credential_generation", nullable = false)
    private int credentialGeneration;

    protected PlatformUser() {
    }

    PlatformUser(String userName, String tenant, String passwordHash, Set<String> roles) {
        this.userName = userName;
        this.tenant = tenant;
        this.passwordHash = passwordHash;
        this.roles = String.join(",", roles);
    }

    public String getUserName() {
        return userName;
    }

    public String getTenant() {
        return tenant;
    }

    String getPasswordHash() {
        return passwordHash;
    }

    public boolean isEnabled() {
        return enabled;
    }

    void setEnabled(boolean enabled) {
        if (this.enabled && !enabled) {
            credentialGeneration++;
        }
        this.enabled = enabled;
    }

    void setPasswordHash(String passwordHash) {
        this.passwordHash = passwordHash;
        credentialGeneration++;
    }

    public int getCredentialGeneration() {
        return credentialGeneration;
    }

    void setRoles(Set<String> roles) {
        this.roles = String.join(",", roles);
    }

    public Set<String> getRoles() {
        Set<String> result = new LinkedHashSet<>();
        Arrays.stream(roles.split(",")).map(String::trim).filter(r -> !r.isEmpty()).forEach(result::add);
        return result;
    }
}
