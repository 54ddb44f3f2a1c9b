package de.deutschlandstack.ai.training;

import de.deutschlandstack.core.web.RequestRefused;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

import java.util.List;
import java.util.function.Consumer;

/** The training jobs' rows, each change in a transaction of its own: a job's progress is seen while it runs. */
@ApplicationScoped
public class TrainingJobRows {

    @PersistenceContext(unitName = "platform")
    EntityManager em;

    /** Adds a job, unless one of the service is queued or running for the tenant already. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public TrainingJob add(TrainingJob job) {
        List<TrainingJob> running = em.createQuery("from TrainingJob where service = :service and status in :open", TrainingJob.class)
                .setParameter("service", job.getService())
                .setParameter("open", List.of(TrainingJob.Status.QUEUED, TrainingJob.Status.RUNNING)).getResultList();
        if (!running.isEmpty()) {
            throw new RequestRefused(409, "A training of " + job.getService() + " is under way already (job "
                    + running.get(0).getId() + ")");
        }
        em.persist(job);
        return job;
    }

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public TrainingJob update(long id, Consumer<TrainingJob> change) {
        TrainingJob job = em.find(TrainingJob.class, id);
        if (job == null) {
            return null; // erased with its tenant, which was offboarded while the job ran
        }
        change.accept(job);
        return job;
    }

    @Transactional
    public List<TrainingJob> all() {
        return em.createQuery("from TrainingJob order by id desc", TrainingJob.class).setMaxResults(100).getResultList();
    }

    @Transactional
    public TrainingJob find(long id) {
        List<TrainingJob> found = em.createQuery("from TrainingJob where id = :id", TrainingJob.class).setParameter("id", id)
                .getResultList();
        if (found.isEmpty()) {
            throw new RequestRefused(404, "No training job " + id);
        }
        return found.get(0);
    }

    /** Jobs a restart interrupted: failed, so that the service can be trained again. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public int failInterrupted() {
        List<TrainingJob> open = em.createQuery("from TrainingJob where status in :open", TrainingJob.class)
                .setParameter("open", List.of(TrainingJob.Status.QUEUED, TrainingJob.Status.RUNNING)).getResultList();
        open.forEach(job -> job.failed("Interrupted by a restart of the platform; start the training again"));
        return open.size();
    }
}
