package de.deutschlandstack.ai.registry;

import de.deutschlandstack.ai.AiSettings;
import de.deutschlandstack.ai.runtime.DjlRuntime;
import de.deutschlandstack.ai.serving.InvalidModel;
import de.deutschlandstack.ai.serving.ModelNotFound;
import de.deutschlandstack.ai.serving.ModelServer;
import de.deutschlandstack.ai.serving.ModelServer.ModelKey;
import de.deutschlandstack.ai.serving.ModelServer.ModelState;
import de.deutschlandstack.ai.serving.Placement;
import de.deutschlandstack.ai.serving.ServingRefused;
import de.deutschlandstack.ai.serving.ServingProperties;
import de.deutschlandstack.core.tenancy.Caller;
import de.deutschlandstack.core.tenancy.CurrentCaller;
import de.deutschlandstack.core.tenancy.PlatformTenant;
import de.deutschlandstack.core.tenancy.TenantDataEraser;
import de.deutschlandstack.core.tenancy.TenantRegistry;
import de.deutschlandstack.core.tenancy.TenantStatus;
import de.deutschlandstack.core.web.RequestRefused;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The registry of every tenant's models: registers uploaded versions (their files in the {@link ModelStore}, their rows
 * in {@code ai_model_version}), loads them into the {@link ModelServer} (at registration, at start, and on a node that
 * has not loaded one yet, at its first prediction), promotes, scales and unregisters them. Every operation is the bound
 * caller's tenant's; another tenant's models are not found.
 */
@ApplicationScoped
public class ModelRegistry implements TenantDataEraser {

    private static final Logger LOG = Logger.getLogger(ModelRegistry.class);

    public static final Pattern MODEL_NAME = Pattern.compile("[a-z][a-z0-9-]{0,63}");

    public static final Pattern VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.-]{0,31}");

    /** How long this node trusts what it knows of a model's active version (another node may promote meanwhile). */
    private static final long ACTIVE_VERSION_MILLIS = 5_000;

    @Inject
    ModelVersions versions;

    @Inject
    TenantRegistry tenants;

    @Inject
    ModuleServices modules;

    @Inject
    de.deutschlandstack.core.observability.PlatformMetrics metrics;

    @Resource(lookup = "java:jboss/ee/concurrency/executor/default")
    ManagedExecutorService executor;

    private final AiSettings settings = AiSettings.fromEnvironment();

    private final ModelStore store = new ModelStore(settings.modelDirectory(),
            new ModelArchive(10_000, (long) settings.maxModelMegabytes() << 20));

    private volatile ModelServer server;

    private record Active(String version, long until) {
    }

    private final ConcurrentHashMap<String, Active> activeVersions = new ConcurrentHashMap<>();

    /** The platform's own block factories, and (later) those of trusted deployed modules. */
    static boolean trustedBlockFactory(String className) {
        return className.startsWith("de.deutschlandstack.ai.");
    }

    /** Started on first use: PyTorch's natives load only when a model is there to serve. */
    ModelServer server() {
        ModelServer current = server;
        if (current == null) {
            synchronized (this) {
                if (server == null) {
                    DjlRuntime.initialise();
                    server = new ModelServer(DjlRuntime.devices(), settings.limits(), ModelRegistry::trustedBlockFactory,
                            (model, nanos, failed) -> metrics.modelAnswered(model.tenant(), model.name(), nanos, failed));
                }
                current = server;
            }
        }
        return current;
    }

    public AiSettings settings() {
        return settings;
    }

    ModelStore store() {
        return store;
    }

    /** Loads every active tenant's registered versions, in the background, when the platform starts. */
    private boolean started;

    synchronized void loadRegistered(@Observes @Initialized(ApplicationScoped.class) Object started) {
        if (this.started) {
            return; // each module of the EAR announces its start
        }
        this.started = true;
        executor.submit(() -> {
            for (PlatformTenant tenant : tenants.all()) {
                if (tenant.getStatus() != TenantStatus.ACTIVE) {
                    continue;
                }
                try {
                    CurrentCaller.runAs(Caller.system(tenant.getTenant()), () -> {
                        for (ModelVersion version : versions.all()) {
                            loadQuietly(tenant.getTenant(), version);
                        }
                        return null;
                    });
                } catch (Exception e) {
                    LOG.errorf(e, "Tenant %s: its models could not be loaded at start", tenant.getTenant());
                }
            }
        });
    }

    private void loadQuietly(String tenant, ModelVersion version) {
        ModelKey key = new ModelKey(tenant, version.getName(), version.getModelVersion());
        try {
            if (server().state(key).isEmpty()) {
                load(key, version);
            }
        } catch (RuntimeException e) {
            LOG.warnf("Model %s version %s of tenant %s was not loaded: %s", key.name(), key.version(), tenant, e.getMessage());
        }
    }

    private ModelState load(ModelKey key, ModelVersion version) {
        Path directory = store.directory(key.tenant(), key.name(), key.version());
        if (!Files.isDirectory(directory)) {
            throw new InvalidModel("The files of model " + key.name() + " version " + key.version()
                    + " are not in this node's model store (" + settings.modelDirectory() + ")");
        }
        ServingProperties properties = ServingProperties.parse(version.getServingProperties())
                .withWorkers(version.getMinWorkers(), version.getMaxWorkers());
        return server().load(key, directory, properties, version.getDevice());
    }

    /** The registered version and its state on this node. */
    public record RegisteredVersion(ModelVersion version, ModelState state) {
    }

    /**
     * Registers an uploaded model directory (a zip archive in DJL Serving's layout) as a version of the caller's
     * tenant's model, and starts loading it.
     */
    public RegisteredVersion register(String name, String version, String device, InputStream archive) {
        String tenant = CurrentCaller.require().tenant();
        requireName(name);
        requireVersion(version);
        if (modules.enabledModelVersion(tenant, name).isPresent()) {
            throw new RequestRefused(409, "A module your tenant enabled brings a model " + name + "; choose another name");
        }
        if (device != null && !Placement.isDeviceName(device)) {
            throw new InvalidModel("Device " + device.substring(0, Math.min(device.length(), 16))
                    + "... is not cpu, a GPU index (0, gpu0, gpu(0)) or auto");
        }
        ModelStore.Incoming incoming;
        try {
            incoming = store.unpack(archive);
        } catch (IOException e) {
            throw new InvalidModel("The model archive could not be read: " + e.getMessage());
        }
        try {
            ServingProperties properties = ServingProperties.read(incoming.modelDirectory());
            if (properties.translatorFactory() != null) {
                throw new InvalidModel("translatorFactory is code: the platform's tabular translator serves uploaded models;"
                        + " other translators come with a deployed module");
            }
            if (properties.blockFactory() != null && !trustedBlockFactory(properties.blockFactory())) {
                throw new InvalidModel("blockFactory " + properties.blockFactory()
                        + " is not one of the platform's; a model directory cannot bring its own code");
            }
            String text = ServingProperties.text(incoming.modelDirectory());
            ModelVersion row = versions.add(new ModelVersion(name, version, properties.engine(), device,
                    ModelVersion.Source.UPLOADED, properties.minWorkers(), properties.maxWorkers(), text,
                    CurrentCaller.require().user()));
            placeOrForget(incoming, tenant, name, version);
            activeVersions.remove(tenant + "/" + name);
            ModelKey key = new ModelKey(tenant, name, version);
            try {
                return new RegisteredVersion(row, load(key, row));
            } catch (RuntimeException refused) {
                // Registered but not served (a device that is not there, the tenant's quota): undo the registration.
                versions.remove(name, version);
                store.deleteVersion(tenant, name, version);
                throw refused;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            store.discard(incoming);
        }
    }

    /** A folder for a model directory the platform makes itself (a training's result), beside the store. */
    public ModelStore.Incoming newIncoming() {
        try {
            return store.newIncoming();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void discard(ModelStore.Incoming incoming) {
        store.discard(incoming);
    }

    /**
     * Registers a model directory the platform trained as the next version of the caller's tenant's model (1, 2, ...),
     * with the data it saw and its evaluation, and starts loading it. The model's first version becomes its active one;
     * later ones wait to be promoted; {@code dataReadAt} is when the lake was asked for its data. A training runs
     * outside any request: a tenant that is no longer active (suspended, or offboarded while it trained) gets nothing
     * registered (409). Offboarding's {@link #erase} waits for a registration under way, so none lands after it.
     */
    public synchronized RegisteredVersion registerTrained(String name, ModelStore.Incoming trained, String trainedOn,
                                                         String evaluation, java.time.Instant dataReadAt) {
        String tenant = CurrentCaller.require().tenant();
        if (!tenants.isActive(tenant)) {
            throw new RequestRefused(409, "Tenant " + tenant + " is no longer active: the trained model is not registered");
        }
        try {
            String text = ServingProperties.text(trained.modelDirectory());
            ServingProperties properties = ServingProperties.parse(text);
            int next = versions.of(name).stream().map(ModelVersion::getModelVersion).filter(v -> v.matches("\\d{1,9}"))
                    .mapToInt(Integer::parseInt).max().orElse(0) + 1;
            String version = String.valueOf(next);
            ModelVersion row = new ModelVersion(name, version, properties.engine(), null, ModelVersion.Source.TRAINED,
                    properties.minWorkers(), properties.maxWorkers(), text, CurrentCaller.require().user());
            row.trained(trainedOn, evaluation);
            if (versions.erasureAfter(tenant, dataReadAt)) {
                // Its data may still have held a data subject whose erasure came while it was read (or before the lake
                // had applied it): marked at once, as TrainedModelErasures marks the versions trained earlier.
                row.needsRetraining(java.time.Instant.now(), TrainedModelErasures.REASON_DURING_TRAINING);
            }
            row = versions.add(row);
            placeOrForget(trained, tenant, name, version);
            activeVersions.remove(tenant + "/" + name);
            if (!row.isActive()) {
                // A later version waits to be promoted: it loads when it is asked for, not into the tenant's quota now.
                return new RegisteredVersion(row, null);
            }
            try {
                return new RegisteredVersion(row, load(new ModelKey(tenant, name, version), row));
            } catch (RuntimeException refused) {
                versions.remove(name, version);
                store.deleteVersion(tenant, name, version);
                throw refused;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** How long this node trusts that a loaded version is still registered before it asks the database again. */
    private static final long REGISTERED_MILLIS = 5_000;

    private final ConcurrentHashMap<ModelKey, Long> registeredUntil = new ConcurrentHashMap<>();

    /** Whether the loaded version's row is gone (asked of the database at most every few seconds per version). */
    private boolean stale(ModelKey key) {
        long now = System.currentTimeMillis();
        Long until = registeredUntil.get(key);
        if (until != null && until > now) {
            return false;
        }
        boolean registered = versions.find(key.name(), key.version()).isPresent();
        if (registered) {
            registeredUntil.put(key, now + REGISTERED_MILLIS);
        } else {
            registeredUntil.remove(key);
        }
        return !registered;
    }

    /** A version's state on this node, if it is loaded (or loading). */
    public Optional<ModelState> stateOf(ModelKey key) {
        return server == null ? Optional.empty() : server.state(key);
    }

    /** Whether the caller's tenant has registered versions of a model of that name. */
    public boolean hasRegisteredModel(String name) {
        return !versions.of(name).isEmpty();
    }

    /** Puts a registered version's files in place; where they cannot be, the registration goes too (no row without files). */
    private void placeOrForget(ModelStore.Incoming files, String tenant, String name, String version) throws IOException {
        try {
            store.place(files, tenant, name, version);
        } catch (IOException | RuntimeException e) {
            versions.remove(name, version);
            throw e;
        }
    }

    /** Every registered version of the caller's tenant, with its state on this node. */
    public List<RegisteredVersion> list() {
        String tenant = CurrentCaller.require().tenant();
        return versions.all().stream().map(v -> withState(tenant, v)).toList();
    }

    public List<RegisteredVersion> model(String name) {
        String tenant = CurrentCaller.require().tenant();
        List<RegisteredVersion> found = versions.of(name).stream().map(v -> withState(tenant, v)).toList();
        if (found.isEmpty()) {
            throw new ModelNotFound("No model " + name);
        }
        return found;
    }

    private RegisteredVersion withState(String tenant, ModelVersion version) {
        ModelKey key = new ModelKey(tenant, version.getName(), version.getModelVersion());
        return new RegisteredVersion(version, server == null ? null : server.state(key).orElse(null));
    }

    /** Waits (at most the given time) until the version has loaded or failed on this node. */
    public Optional<ModelState> awaitLoaded(String name, String version, long timeoutMillis) {
        return server().awaitLoaded(new ModelKey(CurrentCaller.require().tenant(), name, version), timeoutMillis);
    }

    /**
     * Makes the version the one predictions without a version get, loaded (and waited for, a minute at most) before the
     * answer: the first prediction after a promotion does not wait for it.
     */
    public RegisteredVersion promote(String name, String version) {
        String tenant = CurrentCaller.require().tenant();
        ModelVersion promoted = versions.promote(name, version);
        activeVersions.remove(tenant + "/" + name);
        ModelKey key = new ModelKey(tenant, name, version);
        if (server().state(key).isEmpty()) {
            load(key, promoted);
        }
        server().awaitLoaded(key, 60_000);
        return withState(tenant, promoted);
    }

    public RegisteredVersion scale(String name, String version, int min, int max) {
        String tenant = CurrentCaller.require().tenant();
        ServingProperties.checkWorkers(min, max);
        ModelVersion scaled = versions.scale(name, version, min, max);
        ModelKey key = new ModelKey(tenant, name, version);
        if (server != null && server.state(key).isPresent()) {
            server.scale(key, min, max);
        }
        return withState(tenant, scaled);
    }

    public void unregister(String name, String version) {
        String tenant = CurrentCaller.require().tenant();
        versions.remove(name, version);
        activeVersions.remove(tenant + "/" + name);
        if (server != null) {
            server.unload(new ModelKey(tenant, name, version));
        }
        store.deleteVersion(tenant, name, version);
        if (versions.of(name).isEmpty()) {
            metrics.forgetModels(tenant, name);
        }
    }

    public void unregisterModel(String name) {
        String tenant = CurrentCaller.require().tenant();
        List<ModelVersion> removed = versions.removeModel(name);
        activeVersions.remove(tenant + "/" + name);
        if (server != null) {
            removed.forEach(v -> server.unload(new ModelKey(tenant, name, v.getModelVersion())));
        }
        store.deleteModel(tenant, name);
        metrics.forgetModels(tenant, name);
    }

    /** The version a prediction without a version gets: the model's active one (known to this node for a few seconds). */
    public ModelKey resolve(String name, String version) {
        String tenant = CurrentCaller.require().tenant();
        if (version != null) {
            return new ModelKey(tenant, name, version);
        }
        Optional<String> fromModule = modules.enabledModelVersion(tenant, name);
        if (fromModule.isPresent()) {
            return new ModelKey(tenant, name, fromModule.get());
        }
        String cacheKey = tenant + "/" + name;
        Active known = activeVersions.get(cacheKey);
        long now = System.currentTimeMillis();
        if (known == null || known.until() < now) {
            ModelVersion active = versions.active(name).orElseThrow(() -> new ModelNotFound("No model " + name));
            known = new Active(active.getModelVersion(), now + ACTIVE_VERSION_MILLIS);
            activeVersions.put(cacheKey, known);
        }
        return new ModelKey(tenant, name, known.version());
    }

    /**
     * Predicts with a version of the caller's tenant. A version registered (by another node, or before a restart) but
     * not loaded on this node starts loading, and the caller is asked to come back (503 with Retry-After).
     */
    public float[][] predict(ModelKey key, float[][] rows) {
        ModelServer serving = server();
        if (serving.state(key).isEmpty()) {
            ModelVersion version = versions.find(key.name(), key.version())
                    .orElseThrow(() -> new ModelNotFound(key));
            try {
                load(key, version);
            } catch (ServingRefused refused) {
                throw refused;
            } catch (RuntimeException e) {
                throw new ServingRefused(503, 30, "Model " + key.name() + " version " + key.version()
                        + " cannot be loaded on this node: " + e.getMessage());
            }
        } else if (!modules.providesLoaded(key) && stale(key)) {
            // Unregistered meanwhile (on another node, perhaps): this node forgets it too.
            serving.unload(key);
            throw new ModelNotFound(key);
        }
        return serving.predict(key, rows);
    }

    /** The model's declared contract, for reading a request's instances. */
    public ServingProperties contract(ModelKey key) {
        Optional<ModelState> state = server().state(key);
        if (state.isPresent()) {
            return state.get().properties();
        }
        return ServingProperties.parse(versions.find(key.name(), key.version())
                .orElseThrow(() -> new ModelNotFound(key)).getServingProperties());
    }

    /** The devices, their slots and the versions placed on them: every tenant's for the operator, else the caller's own. */
    public List<ModelServer.DeviceState> devices(boolean everyTenant) {
        String tenant = CurrentCaller.require().tenant();
        return server().devices().stream().map(d -> everyTenant ? d : new ModelServer.DeviceState(d.device(), d.slots(),
                d.tenantSlots(), d.models().stream().filter(k -> k.tenant().equals(tenant)).toList())).toList();
    }

    @Override
    public String name() {
        return "ai-models";
    }

    /** An offboarded tenant's models leave this node's memory and the model store (their rows go with the database's). */
    @Override
    public synchronized void erase(String tenant) {
        if (server != null) {
            server.states(tenant).forEach(state -> server.unload(state.key()));
        }
        activeVersions.keySet().removeIf(key -> key.startsWith(tenant + "/"));
        store.deleteTenant(tenant);
        metrics.forgetModels(tenant, null);
    }

    @PreDestroy
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static void requireName(String name) {
        if (name == null || !MODEL_NAME.matcher(name).matches()) {
            throw new RequestRefused(400, "A model's name is lower-case letters, digits and -, starting with a letter (at most 64)");
        }
    }

    private static void requireVersion(String version) {
        if (version == null || !VERSION.matcher(version).matches()) {
            throw new RequestRefused(400, "A model's version is letters, digits, . and - (at most 32), e.g. 1 or 2026.11.1");
        }
    }
}
