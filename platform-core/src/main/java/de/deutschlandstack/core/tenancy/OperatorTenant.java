package de.deutschlandstack.core.tenancy;

import de.deutschlandstack.core.config.PlatformSettings;
import de.deutschlandstack.core.security.PlatformRoles;
import de.deutschlandstack.core.security.PlatformUsers;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.Set;

/**
 * The operator's own tenant ({@value PlatformRoles#OPERATOR_TENANT}) exists from the first start, holding the platform
 * admins; the first of them comes from {@code PLATFORM_ADMIN_USER} and {@code PLATFORM_ADMIN_PASSWORD}. It also holds
 * the data lake's technical account ({@value PlatformRoles#LAKE_ACCOUNT}), kept as {@code PLATFORM_LAKE_PASSWORD} says.
 */
@ApplicationScoped
public class OperatorTenant {

    private static final Logger LOG = Logger.getLogger(OperatorTenant.class);

    @Inject
    TenantRegistry registry;

    @Inject
    PlatformUsers users;

    @Inject
    PlatformSettings settings;

    void onStart(@Observes @Priority(jakarta.interceptor.Interceptor.Priority.PLATFORM_BEFORE) @Initialized(ApplicationScoped.class) Object started) {
        registry.registerIfAbsent(PlatformRoles.OPERATOR_TENANT, "Platform operator");
        settings.initialPlatformAdmin().ifPresent(admin -> {
            if (users.registerIfAbsent(admin[0], PlatformRoles.OPERATOR_TENANT, admin[1], Set.of(PlatformRoles.PLATFORM_ADMIN))) {
                LOG.infof("Created the platform admin %s", admin[0]);
            }
        });
        String lakePassword = settings.lakePassword().orElse(null);
        if (lakePassword != null && lakePassword.codePointCount(0, lakePassword.length()) < PlatformUsers.MIN_PASSWORD_LENGTH) {
            LOG.errorf("PLATFORM_LAKE_PASSWORD has fewer than %d characters: the data lake's account stays disabled",
                    PlatformUsers.MIN_PASSWORD_LENGTH);
            lakePassword = null;
        }
        users.keepTechnicalAccount(PlatformRoles.LAKE_ACCOUNT, PlatformRoles.OPERATOR_TENANT, lakePassword,
                Set.of(PlatformRoles.LAKE_READER));
    }
}
