package de.deutschlandstack.core.security;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** A key pair the platform signs its bearer tokens with (RS256), shared by every node through the database. */
@Entity
@Table(name = "platform_signing_key")
public class SigningKey {

    @Id
    @Column(name = "kid", length = 64)
    private String kid;

    /** PKCS#8, base64. */
    @Column(name = "private_key", nullable = false, length = 4000)
    private String privateKey;

    /** X.509 SubjectPublicKeyInfo, base64. */
    @Column(name = "public_key", nullable = false, length = 1000)
    private String publicKey;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected SigningKey() {
    }

    SigningKey(String kid, String privateKey, String publicKey, Instant createdAt) {
        this.kid = kid;
        this.privateKey = privateKey;
        this.publicKey = publicKey;
        this.createdAt = createdAt;
    }

    String kid() {
        return kid;
    }

    String privateKey() {
        return privateKey;
    }

    String publicKey() {
        return publicKey;
    }

    Instant createdAt() {
        return createdAt;
    }
}
