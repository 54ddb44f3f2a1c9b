package de.deutschlandstack.ai.api;

import de.deutschlandstack.core.admin.Problems;
import jakarta.ws.rs.core.Application;

import java.util.Set;

/**
 * The AI services' REST API under {@code /ai/v1} (mapped in the web module's {@code web.xml}): the tenant's model
 * registry and its management, predictions, and the devices models are placed on. Errors are RFC 7807 problem details
 * ({@link Problems}), with {@code Retry-After} on 429 and 503.
 */
public class AiApi extends Application {

    /** A platform bean for a resource: RESTEasy creates the resources of the EAR's lib/ itself, not through CDI. */
    static <T> T bean(Class<T> type) {
        return jakarta.enterprise.inject.spi.CDI.current().select(type).get();
    }

    @Override
    public Set<Class<?>> getClasses() {
        return Set.of(ModelsResource.class, DevicesResource.class, ServicesResource.class, ModulesResource.class, Problems.class);
    }
}
