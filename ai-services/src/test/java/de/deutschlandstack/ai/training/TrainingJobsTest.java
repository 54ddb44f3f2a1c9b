package de.deutschlandstack.ai.training;

import de.deutschlandstack.ai.registry.ModelRegistry;
import de.deutschlandstack.ai.registry.ModelStore;
import de.deutschlandstack.ai.registry.ModelVersion;
import de.deutschlandstack.core.audit.AuditKind;
import de.deutschlandstack.core.audit.AuditTrail;
import de.deutschlandstack.core.changes.LakeAnalyses;
import de.deutschlandstack.core.tenancy.Caller;
import de.deutschlandstack.core.tenancy.CurrentCaller;
import de.deutschlandstack.core.tenancy.TenantRegistry;
import de.deutschlandstack.core.tenancy.TenantStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A training job runs outside its request, as a platform job: a tenant suspended or offboarded before the job starts or
 * while it trains gets no model, and the job's files are gone (offboarding's model eraser may have run already). Real
 * training (DJL on the CPU) on a small dataset; the tenant registry, the lake and the job rows are stand-ins.
 */
class TrainingJobsTest {

    private static final String TENANT = "kita-sonnenschein";
    private static final long JOB = 7;

    @TempDir
    Path models;

    private String previousModelDir;
    private volatile TenantStatus status = TenantStatus.ACTIVE;
    private final AtomicInteger lakeReads = new AtomicInteger();
    private final List<String> registered = new ArrayList<>();
    private final List<String> audited = new ArrayList<>();
    private final TrainingJob job = new TrainingJob(BuiltInService.PAYMENT_DELAY_RISK.id(), null, "chefin@" + TENANT);
    private TrainingJobs jobs;

    @BeforeEach
    void setUp() {
        previousModelDir = System.setProperty("platform.ai.model-dir", models.toString());
        jobs = new TrainingJobs();
        jobs.tenants = new TenantRegistry() {
            @Override
            public Optional<TenantStatus> status(String tenant) {
                return Optional.of(status);
            }

            @Override
            public boolean isActive(String tenant) {
                return status == TenantStatus.ACTIVE;
            }
        };
        jobs.lake = new LakeAnalyses() {
            @Override
            public Answer dataset(String dataset, String tenant, String version) {
                lakeReads.incrementAndGet();
                return new Answer(200, lakeDataset(400), null);
            }
        };
        jobs.rows = new TrainingJobRows() {
            @Override
            public TrainingJob update(long id, Consumer<TrainingJob> change) {
                assertThat(id).isEqualTo(JOB);
                change.accept(job);
                return job;
            }
        };
        jobs.audit = new AuditTrail() {
            @Override
            public void recordNow(AuditKind kind, String action, String objectType, String objectKey, String detail) {
                audited.add(CurrentCaller.require().user() + " " + kind + " " + action + " " + objectType + " " + objectKey);
            }
        };
        jobs.registry = new ModelRegistry() {
            @Override
            public synchronized RegisteredVersion registerTrained(String name, ModelStore.Incoming trained, String trainedOn,
                                                                  String evaluation, java.time.Instant dataReadAt) {
                registered.add(name);
                return new RegisteredVersion(new ModelVersion(name, "1", "PyTorch", null, ModelVersion.Source.TRAINED, 1, 1,
                        "engine=PyTorch", "system"), null);
            }
        };
    }

    @AfterEach
    void restore() {
        if (previousModelDir == null) {
            System.clearProperty("platform.ai.model-dir");
        } else {
            System.setProperty("platform.ai.model-dir", previousModelDir);
        }
    }

    /** The lake's answer for the payment-delay dataset: rows whose label follows from their features. */
    private static String lakeDataset(int rows) {
        Random random = new Random(11);
        StringBuilder json = new StringBuilder("{\"dataset\": \"payment-delay\", \"tables\": {\"Invoices\": 3},"
                + " \"features\": [\"Amount\", \"TermDays\"], \"labels\": [\"PaidLate\"], \"truncated\": false, \"rows\": [");
        for (int i = 0; i < rows; i++) {
            float amount = 1000 + 4000 * random.nextFloat();
            float term = 60 * random.nextFloat();
            int late = amount / 1000 + term / 15 > 5 ? 1 : 0;
            json.append(i == 0 ? "" : ",").append("[\"row-").append(i).append("\", ").append(amount).append(", ").append(term)
                    .append(", ").append(late).append("]");
        }
        return json.append("]}").toString();
    }

    private void run() throws Exception {
        CurrentCaller.runAs(Caller.system(TENANT), () -> {
            jobs.run(BuiltInService.PAYMENT_DELAY_RISK, JOB, null);
            return null;
        });
    }

    private List<Path> filesInTheModelStore() throws IOException {
        try (Stream<Path> files = Files.walk(models)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }

    @Test
    void aJobOfAnActiveTenantTrainsAndRegistersItsModel() throws Exception {
        run();

        assertThat(job.getStatus()).as(job.getMessage()).isEqualTo(TrainingJob.Status.SUCCEEDED);
        assertThat(registered).containsExactly(BuiltInService.PAYMENT_DELAY_RISK.id());
        assertThat(audited).containsExactly("system CONFIGURATION MODEL_REGISTERED AiModels payment-delay-risk/1");
    }

    @Test
    void aQueuedJobOfATenantSuspendedMeanwhileDoesNotStart() throws Exception {
        status = TenantStatus.SUSPENDED;

        run();

        assertThat(job.getStatus()).isEqualTo(TrainingJob.Status.FAILED);
        assertThat(job.getMessage()).contains("Tenant " + TENANT + " is no longer active (suspended", "registered no model");
        assertThat(job.getFinishedAt()).isNotNull();
        assertThat(lakeReads).hasValue(0);
        assertThat(registered).isEmpty();
        assertThat(audited).isEmpty();
        assertThat(filesInTheModelStore()).isEmpty();
    }

    @Test
    void aJobWhoseTenantIsOffboardedWhileItTrainsRegistersNothingAndLeavesNoFiles() throws Exception {
        LakeAnalyses lake = jobs.lake;
        jobs.lake = new LakeAnalyses() {
            @Override
            public Answer dataset(String dataset, String tenant, String version) {
                Answer answer = lake.dataset(dataset, tenant, version);
                status = TenantStatus.OFFBOARDING; // the platform admin offboards the tenant while its job trains
                return answer;
            }
        };

        run();

        assertThat(lakeReads).hasValue(1);
        assertThat(job.getStatus()).isEqualTo(TrainingJob.Status.FAILED);
        assertThat(job.getMessage()).contains("no longer active (offboarding while it trained)", "registered no model");
        assertThat(registered).isEmpty();
        assertThat(audited).isEmpty();
        assertThat(filesInTheModelStore()).isEmpty();
    }
}
