package de.deutschlandstack.ai.api;

import de.deutschlandstack.ai.registry.ModelRegistry;
import de.deutschlandstack.ai.training.BuiltInService;
import de.deutschlandstack.ai.training.TrainingJob;
import de.deutschlandstack.ai.training.TrainingJobRows;
import de.deutschlandstack.ai.training.TrainingJobs;
import de.deutschlandstack.core.audit.AuditKind;
import de.deutschlandstack.core.audit.AuditTrail;
import de.deutschlandstack.core.security.AccessPolicy;
import de.deutschlandstack.core.security.PlatformRoles;
import de.deutschlandstack.core.web.RequestRefused;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import static de.deutschlandstack.ai.api.AiApi.bean;

/**
 * The platform's built-in AI services and their training on the tenant's own lake data: {@code GET /ai/v1/services},
 * {@code POST /ai/v1/services/{service}/training} ({@code {"lakeVersion": "12"}}, optional: the lake as it is), and the
 * jobs at {@code GET /ai/v1/training-jobs[/{id}]}. A trained version is registered in the tenant's model registry under
 * the service's name; the first becomes active, later ones are promoted (or rolled back) there.
 */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class ServicesResource {

    private final TrainingJobs jobs = bean(TrainingJobs.class);
    private final TrainingJobRows rows = bean(TrainingJobRows.class);
    private final ModelRegistry registry = bean(ModelRegistry.class);
    private final AuditTrail audit = bean(AuditTrail.class);

    public record Service(String name, String description, String dataset, String label, String output, String model) {
    }

    public record Services(List<Service> services) {
    }

    public record Training(String lakeVersion) {
    }

    public record Job(long id, String service, String status, int progress, String message, String lakeVersion,
                      String trainedOn, String evaluation, String modelVersion, String requestedBy, Instant requestedAt,
                      Instant startedAt, Instant finishedAt) {

        static Job of(TrainingJob job) {
            return new Job(job.getId(), job.getService(), job.getStatus().name(), job.getProgress(), job.getMessage(),
                    job.getLakeVersion(), job.getTrainedOn(), job.getEvaluation(), job.getModelVersion(), job.getRequestedBy(),
                    job.getRequestedAt(), job.getStartedAt(), job.getFinishedAt());
        }
    }

    public record Jobs(List<Job> jobs) {
    }

    @GET
    @Path("services")
    public Services services() {
        AccessPolicy.requireRole("Reading the AI services", PlatformRoles.TENANT_ADMIN, PlatformRoles.BUSINESS_USER,
                PlatformRoles.READ_ONLY);
        return new Services(Arrays.stream(BuiltInService.values()).map(s -> new Service(s.id(), s.description(), s.dataset(),
                s.settings().label(), s.settings().output(), s.id())).toList());
    }

    @POST
    @Path("services/{service}/training")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response train(@PathParam("service") String name, Training training) {
        AccessPolicy.requireRole("Training an AI service", PlatformRoles.TENANT_ADMIN);
        BuiltInService service = BuiltInService.byId(name).orElseThrow(() -> new RequestRefused(404, "No AI service " + name
                + "; there are " + Arrays.stream(BuiltInService.values()).map(BuiltInService::id).toList()));
        TrainingJob job = jobs.start(service, training == null ? null : training.lakeVersion());
        audit.recordNow(AuditKind.CONFIGURATION, "TRAINING_STARTED", "AiServices", service.id(), "job " + job.getId()
                + (job.getLakeVersion() == null ? "" : ", lakeVersion " + job.getLakeVersion()));
        return Response.accepted(Job.of(job)).location(URI.create("/ai/v1/training-jobs/" + job.getId())).build();
    }

    @GET
    @Path("training-jobs")
    public Jobs trainingJobs() {
        requireReader();
        return new Jobs(rows.all().stream().map(Job::of).toList());
    }

    @GET
    @Path("training-jobs/{id}")
    public Job trainingJob(@PathParam("id") String id) {
        requireReader();
        if (!id.matches("\\d{1,18}")) {
            throw new RequestRefused(404, "No training job " + id);
        }
        return Job.of(rows.find(Long.parseLong(id)));
    }

    private static void requireReader() {
        AccessPolicy.requireRole("Reading the training jobs", PlatformRoles.TENANT_ADMIN, PlatformRoles.BUSINESS_USER,
                PlatformRoles.READ_ONLY);
    }
}
