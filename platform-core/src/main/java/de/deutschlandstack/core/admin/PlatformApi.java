package de.deutschlandstack.core.admin;

import jakarta.ws.rs.core.Application;

import java.util.Set;

/**
 * The platform's plain REST API under {@code /api} (mapped in the web module's {@code web.xml}): tenant lifecycle and
 * user administration, and the caller's own account. Described in {@code /api/openapi.yaml}; errors are RFC 7807
 * problem details ({@link Problems}).
 */
public class PlatformApi extends Application {

    /**
     * A platform bean for a resource. The resources live in the EAR's lib/, where RESTEasy creates them itself rather
     * than through CDI (nothing would be injected): they take their beans from the container instead.
     */
    static <T> T bean(Class<T> type) {
        return jakarta.enterprise.inject.spi.CDI.current().select(type).get();
    }

    @Override
    public Set<Class<?>> getClasses() {
        return Set.of(TenantsResource.class, UsersResource.class, MeResource.class, TokenResource.class, AuditResource.class,
                PrivacyResource.class, LakeResource.class,
                OpenApiDocument.class,
                Problems.class);
    }
}
