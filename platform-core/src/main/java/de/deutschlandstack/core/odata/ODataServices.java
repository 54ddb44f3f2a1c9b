package de.deutschlandstack.core.odata;

import de.deutschlandstack.core.odata.model.ServiceModels;
import de.deutschlandstack.core.config.PlatformSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.PersistenceUnit;

import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** All OData services of the platform, derived once from the persistence unit's metamodel. */
@ApplicationScoped
public class ODataServices {

    @PersistenceUnit(unitName = "platform")
    EntityManagerFactory emf;

    @Inject
    PlatformSettings settings;

    private volatile Map<String, ODataService> services;

    public Optional<ODataService> service(String name) {
        return Optional.ofNullable(services().get(name));
    }

    public Map<String, ODataService> services() {
        Map<String, ODataService> current = services;
        if (current == null) {
            synchronized (this) {
                if (services == null) {
                    services = ServiceModels.from(emf.getMetamodel()).all().values().stream()
                            .collect(Collectors.toUnmodifiableMap(m -> m.name(), m -> new ODataService(m, settings.maxExpandDepth())));
                }
                current = services;
            }
        }
        return current;
    }
}
