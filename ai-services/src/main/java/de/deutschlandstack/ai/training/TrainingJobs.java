package de.deutschlandstack.ai.training;

import de.deutschlandstack.ai.registry.ModelRegistry;
import de.deutschlandstack.ai.registry.ModelStore;
import de.deutschlandstack.core.audit.AuditKind;
import de.deutschlandstack.core.audit.AuditTrail;
import de.deutschlandstack.core.changes.LakeAnalyses;
import de.deutschlandstack.core.tenancy.Caller;
import de.deutschlandstack.core.tenancy.CurrentCaller;
import de.deutschlandstack.core.tenancy.PlatformTenant;
import de.deutschlandstack.core.tenancy.TenantRegistry;
import de.deutschlandstack.core.web.RequestRefused;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import org.jboss.logging.Logger;

import java.util.Map;
import java.util.concurrent.Semaphore;

/**
 * Runs the trainings of the built-in services: the lake computes the tenant's dataset (at a lake version, or as it is),
 * this node trains on it with DJL, evaluates on the holdout and registers the result as the next version of the
 * service's model, with the Delta versions of the tables it saw and its evaluation. One training at a time per node
 * (it takes a core for its whole run) and one per service and tenant; the others wait QUEUED. The data never leaves
 * the platform: the lake answers the platform alone.
 */
@ApplicationScoped
public class TrainingJobs {

    private static final Logger LOG = Logger.getLogger(TrainingJobs.class);

    /** How often a running job's progress is written (each write is a transaction). */
    private static final long PROGRESS_EVERY_MILLIS = 1_000;

    @Inject
    TrainingJobRows rows;

    @Inject
    LakeAnalyses lake;

    @Inject
    ModelRegistry registry;

    @Inject
    TenantRegistry tenants;

    @Inject
    AuditTrail audit;

    @Resource(lookup = "java:jboss/ee/concurrency/executor/default")
    ManagedExecutorService executor;

    private final Semaphore training = new Semaphore(1, true);

    /** Jobs a restart interrupted are failed, per tenant, when the platform starts. */
    private boolean started;

    synchronized void failInterrupted(@Observes @Initialized(ApplicationScoped.class) Object started) {
        if (this.started) {
            return; // each module of the EAR announces its start
        }
        this.started = true;
        for (PlatformTenant tenant : tenants.all()) {
            try {
                int failed = CurrentCaller.runAs(Caller.system(tenant.getTenant()), rows::failInterrupted);
                if (failed > 0) {
                    LOG.infof("Tenant %s: %d training jobs interrupted by the restart marked failed", tenant.getTenant(), failed);
                }
            } catch (Exception e) {
                LOG.errorf(e, "Tenant %s: its interrupted training jobs could not be marked", tenant.getTenant());
            }
        }
    }

    /** Starts training the service for the caller's tenant, on the lake as it is or at {@code lakeVersion}. */
    public TrainingJob start(BuiltInService service, String lakeVersion) {
        Caller caller = CurrentCaller.require();
        if (lakeVersion != null && !lakeVersion.matches("\\d{1,18}")) {
            throw new RequestRefused(400, "lakeVersion is a version of the lake, a whole number (GET /api/lake/status)");
        }
        TrainingJob job = rows.add(new TrainingJob(service.id(), lakeVersion, caller.user()));
        long id = job.getId();
        Caller system = Caller.system(caller.tenant());
        executor.submit(() -> {
            try {
                CurrentCaller.runAs(system, () -> {
                    run(service, id, lakeVersion);
                    return null;
                });
            } catch (Exception e) {
                LOG.errorf(e, "Training job %d of tenant %s failed", id, caller.tenant());
            }
        });
        return job;
    }

    /**
     * Runs a job, bound to its tenant as a platform job. A job runs outside its request, so the tenant may be suspended
     * or offboarded meanwhile (the request's checks no longer hold): it is asked whether the tenant is active when the job
     * may start and again just before the trained version is registered, and a tenant no longer active ends the job
     * FAILED with nothing registered and its files discarded (offboarding's model eraser may have run already).
     */
    void run(BuiltInService service, long id, String lakeVersion) throws InterruptedException {
        training.acquire();
        ModelStore.Incoming incoming = null;
        try {
            String tenant = CurrentCaller.require().tenant();
            if (!tenants.isActive(tenant)) {
                rows.update(id, job -> job.failed(notActive(tenant, "before the training started")));
                return;
            }
            rows.update(id, TrainingJob::started);
            java.time.Instant dataReadAt = java.time.Instant.now();
            LakeAnalyses.Answer answer = lake.dataset(service.dataset(), tenant, lakeVersion);
            if (answer.status() != 200) {
                rows.update(id, job -> job.failed("The lake could not give the training data (" + answer.status() + "): "
                        + problemDetail(answer.body())));
                return;
            }
            TrainingSet data = TrainingSet.fromLake(answer.body());
            rows.update(id, job -> job.progressed(10, "Training on " + data.rows() + " rows"));
            incoming = registry.newIncoming();
            long[] written = {System.currentTimeMillis()};
            TabularTrainer.Trained trained = new TabularTrainer().train(data, service.settings(), incoming.modelDirectory(),
                    percent -> {
                        long now = System.currentTimeMillis();
                        if (now - written[0] >= PROGRESS_EVERY_MILLIS) {
                            written[0] = now;
                            rows.update(id, job -> job.progressed(10 + percent * 85 / 100, "Training: " + percent + " % of the epochs"));
                        }
                    });
            String trainedOn = trainedOn(data, lakeVersion);
            String evaluation = json(trained.evaluation());
            if (!tenants.isActive(tenant)) {
                rows.update(id, job -> job.failed(notActive(tenant, "while it trained")));
                return; // the trained files are discarded below
            }
            ModelRegistry.RegisteredVersion registered = registry.registerTrained(service.id(), incoming, trainedOn, evaluation,
                    dataReadAt);
            incoming = null;
            String version = registered.version().getModelVersion();
            rows.update(id, job -> job.succeeded(version, trainedOn, evaluation));
            // By the platform (the bound system caller), as the tenant admin's TRAINING_STARTED said it would. The job
            // has succeeded whatever happens to the record: a failed record is logged, never the job's outcome.
            try {
                audit.recordNow(AuditKind.CONFIGURATION, "MODEL_REGISTERED", "AiModels", service.id() + "/" + version,
                        "source TRAINED, training job " + id + (registered.version().isActive() ? ", active" : ""));
            } catch (RuntimeException e) {
                LOG.errorf(e, "Tenant %s: the registration of %s version %s by training job %d was not recorded in the audit trail",
                        tenant, service.id(), version, id);
            }
            LOG.infof("Tenant %s: %s trained on %d rows as version %s: %s", tenant, service.id(), data.rows(), version, evaluation);
        } catch (RequestRefused refused) {
            rows.update(id, job -> job.failed(refused.getMessage()));
        } catch (Exception e) {
            LOG.errorf(e, "Training job %d failed", id);
            rows.update(id, job -> job.failed("Training failed: " + e.getMessage()));
        } finally {
            if (incoming != null) {
                registry.discard(incoming);
            }
            training.release();
        }
    }

    private String notActive(String tenant, String when) {
        String status = tenants.status(tenant).map(s -> s.name().toLowerCase(java.util.Locale.ROOT)).orElse("offboarded");
        return "Tenant " + tenant + " is no longer active (" + status + " " + when + "): the training stopped and registered"
                + " no model";
    }

    private static String trainedOn(TrainingSet data, String lakeVersion) {
        JsonObjectBuilder tables = Json.createObjectBuilder();
        data.tables().forEach(tables::add);
        JsonObjectBuilder json = Json.createObjectBuilder().add("dataset", data.dataset()).add("tables", tables)
                .add("rows", data.rows()).add("truncated", data.truncated());
        if (lakeVersion != null) {
            json.add("lakeVersion", lakeVersion);
        }
        if (data.asOf() != null) {
            json.add("asOf", data.asOf());
        }
        return json.build().toString();
    }

    private static String json(Map<String, Object> values) {
        JsonObjectBuilder json = Json.createObjectBuilder();
        values.forEach((name, value) -> {
            if (value instanceof Integer number) {
                json.add(name, number);
            } else if (value instanceof Double number && Double.isFinite(number)) {
                json.add(name, number);
            } else {
                json.addNull(name);
            }
        });
        return json.build().toString();
    }

    private static String problemDetail(String body) {
        try (var reader = Json.createReader(new java.io.StringReader(body))) {
            return reader.readObject().getString("detail", body);
        } catch (RuntimeException e) {
            return body.length() > 200 ? body.substring(0, 200) : body;
        }
    }
}
