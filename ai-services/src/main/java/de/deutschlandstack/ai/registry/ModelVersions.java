package de.deutschlandstack.ai.registry;

import de.deutschlandstack.core.web.RequestRefused;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

import java.util.List;
import java.util.Optional;

/** The registry's rows: the bound caller's tenant's model versions (Hibernate's tenant filter and the database's). */
@ApplicationScoped
public class ModelVersions {

    @PersistenceContext(unitName = "platform")
    EntityManager em;

    @Transactional
    public List<ModelVersion> all() {
        return em.createQuery("from ModelVersion order by name, registeredAt", ModelVersion.class).getResultList();
    }

    @Transactional
    public List<ModelVersion> of(String name) {
        return em.createQuery("from ModelVersion where name = :name order by registeredAt", ModelVersion.class)
                .setParameter("name", name).getResultList();
    }

    @Transactional
    public Optional<ModelVersion> find(String name, String version) {
        return em.createQuery("from ModelVersion where name = :name and modelVersion = :version", ModelVersion.class)
                .setParameter("name", name).setParameter("version", version).getResultStream().findFirst();
    }

    @Transactional
    public Optional<ModelVersion> active(String name) {
        return em.createQuery("from ModelVersion where name = :name and active = true", ModelVersion.class)
                .setParameter("name", name).getResultStream().findFirst();
    }

    /**
     * Marks every version the platform trained for the bound caller's tenant as needing retraining, in the current
     * transaction (a data subject's erasure: each such version read its data before); returns how many it marked anew.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public int markForRetraining(java.time.Instant erasedAt, String reason) {
        List<ModelVersion> trained = em.createQuery("from ModelVersion where source = :trained and retrainingNeededSince is null",
                        ModelVersion.class)
                .setParameter("trained", ModelVersion.Source.TRAINED).getResultList();
        trained.forEach(version -> version.needsRetraining(erasedAt, reason));
        return trained.size();
    }

    /**
     * Whether a data subject's erasure of the tenant may be missing from data the lake gave at {@code dataReadAt}: it was
     * requested since, or the lake had not applied it by then (core.changes.LakeErasures).
     */
    @Transactional
    public boolean erasureAfter(String tenant, java.time.Instant dataReadAt) {
        Number open = (Number) em.createNativeQuery("select count(*) from lake_erasure where erased_tenant = ?1"
                        + " and entity_set is not null and (requested_at >= ?2 or applied_at is null or applied_at > ?3)")
                .setParameter(1, tenant).setParameter(2, java.sql.Timestamp.from(dataReadAt))
                .setParameter(3, java.sql.Timestamp.from(dataReadAt)).getSingleResult();
        return open.longValue() > 0;
    }

    /** Adds a version; the model's first becomes its active one. */
    @Transactional
    public ModelVersion add(ModelVersion version) {
        if (find(version.getName(), version.getModelVersion()).isPresent()) {
            throw new RequestRefused(409, "Model " + version.getName() + " has a version " + version.getModelVersion()
                    + " already; register another version");
        }
        version.setActive(active(version.getName()).isEmpty());
        em.persist(version);
        em.flush();
        return version;
    }

    @Transactional
    public ModelVersion promote(String name, String version) {
        ModelVersion promoted = find(name, version).orElseThrow(() -> notFound(name, version));
        of(name).forEach(v -> v.setActive(false));
        em.flush();
        promoted.setActive(true);
        return promoted;
    }

    @Transactional
    public ModelVersion scale(String name, String version, int min, int max) {
        ModelVersion scaled = find(name, version).orElseThrow(() -> notFound(name, version));
        scaled.scale(min, max);
        return scaled;
    }

    /** Removes a version that is not the active one of a model with others. */
    @Transactional
    public ModelVersion remove(String name, String version) {
        ModelVersion removed = find(name, version).orElseThrow(() -> notFound(name, version));
        if (removed.isActive() && of(name).size() > 1) {
            throw new RequestRefused(409, "Version " + version + " is the active version of " + name
                    + "; promote another version first, or unregister the whole model");
        }
        em.remove(removed);
        return removed;
    }

    @Transactional
    public List<ModelVersion> removeModel(String name) {
        List<ModelVersion> versions = of(name);
        if (versions.isEmpty()) {
            throw new RequestRefused(404, "No model " + name);
        }
        versions.forEach(em::remove);
        return versions;
    }

    static RequestRefused notFound(String name, String version) {
        return new RequestRefused(404, "No model " + name + " version " + version);
    }
}
