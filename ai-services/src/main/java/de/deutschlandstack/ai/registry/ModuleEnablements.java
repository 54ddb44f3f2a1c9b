package de.deutschlandstack.ai.registry;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** The bound caller's tenant's enabled module services. */
@ApplicationScoped
public class ModuleEnablements {

    @PersistenceContext(unitName = "platform")
    EntityManager em;

    @Transactional
    public Set<String> enabled() {
        return new TreeSet<>(em.createQuery("select e.service from ModuleEnablement e", String.class).getResultList());
    }

    /** Enables the service; true if it was not enabled before. */
    @Transactional
    public boolean enable(String service, String user) {
        if (enabled().contains(service)) {
            return false;
        }
        em.persist(new ModuleEnablement(service, user));
        return true;
    }

    @Transactional
    public boolean disable(String service) {
        List<ModuleEnablement> rows = em.createQuery("from ModuleEnablement where service = :service", ModuleEnablement.class)
                .setParameter("service", service).getResultList();
        rows.forEach(em::remove);
        return !rows.isEmpty();
    }
}
