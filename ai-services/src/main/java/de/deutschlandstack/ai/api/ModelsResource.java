package de.deutschlandstack.ai.api;

import de.deutschlandstack.ai.registry.ModelRegistry;
import de.deutschlandstack.ai.registry.ModelRegistry.RegisteredVersion;
import de.deutschlandstack.ai.serving.ModelServer.ModelKey;
import de.deutschlandstack.ai.serving.ServingProperties;
import de.deutschlandstack.core.audit.AuditKind;
import de.deutschlandstack.core.audit.AuditTrail;
import de.deutschlandstack.core.security.AccessPolicy;
import de.deutschlandstack.core.security.PlatformRoles;
import de.deutschlandstack.core.web.RequestRefused;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.io.InputStream;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static de.deutschlandstack.ai.api.AiApi.bean;

/**
 * The caller's tenant's models. Registration takes a model directory in DJL Serving's layout as a zip archive
 * ({@code POST /ai/v1/models?name=&version=}, body {@code application/zip}); as in DJL Serving the call waits for
 * the model to load ({@code synchronous=false} answers at once, 202). Predictions: {@code POST
 * /ai/v1/models/{name}/predict} (the active version) or {@code .../versions/{version}/predict}, body
 * {@code {"instances": [...]}}, answer {@code {"predictions": [...]}}.
 */
@Path("/models")
@Produces(MediaType.APPLICATION_JSON)
public class ModelsResource {

    /** The longest a synchronous registration waits for its model to load. */
    private static final long SYNCHRONOUS_MILLIS = 60_000;

    private final ModelRegistry registry = bean(ModelRegistry.class);
    private final AuditTrail audit = bean(AuditTrail.class);

    /** A prediction request's body, whatever the model: instances of many features come in several requests. */
    private static final long MAX_REQUEST_BYTES = 4L << 20;

    public record Models(List<ModelView> models) {
    }

    public record Workers(Integer minWorkers, Integer maxWorkers) {
    }

    public record Predictions(String model, String version, List<Map<String, Float>> predictions) {
    }

    @GET
    public Models list() {
        requireReader("Reading the model registry");
        return new Models(registry.list().stream().map(ModelView::of).toList());
    }

    @POST
    @Consumes({"application/zip", MediaType.APPLICATION_OCTET_STREAM})
    public Response register(@QueryParam("name") String name, @QueryParam("version") String version,
                             @QueryParam("device") String device,
                             @QueryParam("synchronous") @DefaultValue("true") String synchronous, InputStream archive) {
        requireAdmin("Registering a model");
        RegisteredVersion registered = registry.register(name, version, device, archive);
        if (Boolean.parseBoolean(synchronous)) {
            registry.awaitLoaded(name, version, SYNCHRONOUS_MILLIS);
            registered = version(name, version);
        }
        ModelView view = ModelView.of(registered);
        recorded("MODEL_REGISTERED", name + "/" + version, "engine " + view.engine() + ", source " + view.source()
                + (device == null ? "" : ", device " + view.device()));
        boolean loading = view.status().equals("LOADING");
        return Response.status(loading ? 202 : 201).location(URI.create("/ai/v1/models/" + name + "/versions/" + version))
                .entity(view).build();
    }

    @GET
    @Path("{name}")
    public Models model(@PathParam("name") String name) {
        requireReader("Reading the model registry");
        return new Models(registry.model(name).stream().map(ModelView::of).toList());
    }

    @GET
    @Path("{name}/versions/{version}")
    public ModelView modelVersion(@PathParam("name") String name, @PathParam("version") String version) {
        requireReader("Reading the model registry");
        return ModelView.of(version(name, version));
    }

    private RegisteredVersion version(String name, String version) {
        return registry.model(name).stream().filter(v -> v.version().getModelVersion().equals(version)).findFirst()
                .orElseThrow(() -> new RequestRefused(404, "No model " + name + " version " + version));
    }

    /** Makes the version the one predictions without a version get (a rollback is the promotion of an older one). */
    @POST
    @Path("{name}/versions/{version}/promote")
    public ModelView promote(@PathParam("name") String name, @PathParam("version") String version) {
        requireAdmin("Promoting a model version");
        ModelView promoted = ModelView.of(registry.promote(name, version));
        recorded("MODEL_PROMOTED", name + "/" + version, null);
        return promoted;
    }

    /** Scales the version's workers, as DJL Serving's {@code min_worker}/{@code max_worker}. */
    @PUT
    @Path("{name}/versions/{version}/workers")
    @Consumes(MediaType.APPLICATION_JSON)
    public ModelView scale(@PathParam("name") String name, @PathParam("version") String version, Workers workers) {
        requireAdmin("Scaling a model");
        if (workers == null || workers.minWorkers() == null || workers.maxWorkers() == null) {
            throw new RequestRefused(400, "Send {\"minWorkers\": n, \"maxWorkers\": m}, 1 <= n <= m <= "
                    + ServingProperties.MAX_WORKERS);
        }
        ModelView scaled = ModelView.of(registry.scale(name, version, workers.minWorkers(), workers.maxWorkers()));
        recorded("MODEL_SCALED", name + "/" + version, "minWorkers " + workers.minWorkers() + ", maxWorkers " + workers.maxWorkers());
        return scaled;
    }

    @DELETE
    @Path("{name}/versions/{version}")
    public Response unregister(@PathParam("name") String name, @PathParam("version") String version) {
        requireAdmin("Unregistering a model");
        registry.unregister(name, version);
        recorded("MODEL_UNREGISTERED", name + "/" + version, null);
        return Response.noContent().build();
    }

    @DELETE
    @Path("{name}")
    public Response unregisterModel(@PathParam("name") String name) {
        requireAdmin("Unregistering a model");
        registry.unregisterModel(name);
        recorded("MODEL_UNREGISTERED", name, "every version");
        return Response.noContent().build();
    }

    @POST
    @Path("{name}/predict")
    @Consumes(MediaType.APPLICATION_JSON)
    public Predictions predict(@PathParam("name") String name, InputStream body) {
        return predict(name, null, body);
    }

    @POST
    @Path("{name}/versions/{version}/predict")
    @Consumes(MediaType.APPLICATION_JSON)
    public Predictions predictVersion(@PathParam("name") String name, @PathParam("version") String version, InputStream body) {
        return predict(name, version, body);
    }

    private Predictions predict(String name, String version, InputStream body) {
        AccessPolicy.requireRole("Predicting with a model", PlatformRoles.TENANT_ADMIN, PlatformRoles.BUSINESS_USER,
                PlatformRoles.READ_ONLY);
        ModelKey key = registry.resolve(name, version);
        ServingProperties contract = registry.contract(key);
        int maxRows = registry.settings().maxRowsPerRequest();
        // A number's text is at most some 32 bytes, its name as long as the feature's: room for the largest request.
        long needed = 1024 + (long) maxRows * contract.features().stream().mapToInt(f -> f.length() + 40).sum();
        int maxBytes = (int) Math.min(needed, MAX_REQUEST_BYTES);
        float[][] rows = Instances.read(body, contract.features(), maxRows, maxBytes);
        float[][] outputs = registry.predict(key, rows);
        List<String> names = contract.outputs();
        List<Map<String, Float>> predictions = new java.util.ArrayList<>(outputs.length);
        for (float[] output : outputs) {
            Map<String, Float> named = new LinkedHashMap<>();
            for (int i = 0; i < names.size(); i++) {
                // JSON has no NaN or infinity: a model that answers one answers null there.
                named.put(names.get(i), Float.isFinite(output[i]) ? output[i] : null);
            }
            predictions.add(named);
        }
        return new Predictions(name, key.version(), predictions);
    }

    /**
     * A configuration record in the caller's tenant's trail, by the tenant admin who made the change: the model and version,
     * never what the model was asked or answered.
     */
    private void recorded(String action, String model, String detail) {
        audit.recordNow(AuditKind.CONFIGURATION, action, "AiModels", model, detail);
    }

    private static void requireReader(String what) {
        AccessPolicy.requireRole(what, PlatformRoles.TENANT_ADMIN, PlatformRoles.BUSINESS_USER, PlatformRoles.READ_ONLY);
    }

    private static void requireAdmin(String what) {
        AccessPolicy.requireRole(what, PlatformRoles.TENANT_ADMIN);
    }
}
