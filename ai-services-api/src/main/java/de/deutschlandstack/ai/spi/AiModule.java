package de.deutschlandstack.ai.spi;

import java.util.List;

/**
 * A deployed module: its deployment's name, the class loader of its code (its resources and block factories are read
 * through it) and its services.
 */
public record AiModule(String deployment, ClassLoader classLoader, List<AiService> services) {

    public AiModule {
        services = List.copyOf(services);
    }
}
