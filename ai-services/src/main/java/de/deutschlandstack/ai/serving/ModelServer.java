package de.deutschlandstack.ai.serving;

import ai.djl.Device;
import ai.djl.nn.Block;
import ai.djl.nn.BlockFactory;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import org.jboss.logging.Logger;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * Serves the models of every tenant on the devices present: loads a model directory onto the device the
 * {@link Placement} picks (LOADING, then READY or FAILED with the reason, while everything else keeps serving), queues
 * each prediction on that device's {@link DeviceScheduler}, and holds each tenant to its {@link TenantQuotas}. Plain
 * Java: the boundary gives it the model directories and the caller's tenant.
 */
public final class ModelServer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ModelServer.class);

    public enum Status { LOADING, READY, FAILED }

    /** A model version of a tenant. */
    public record ModelKey(String tenant, String name, String version) {
    }

    /** A model version as the management API shows it. */
    public record ModelState(ModelKey key, String engine, String device, String placement, Status status, String reason,
                             ServingProperties properties, ModelMetrics.Snapshot metrics) {
    }

    /** A device, its slots and the models placed on it. */
    public record DeviceState(String device, int slots, int tenantSlots, List<ModelKey> models) {
    }

    /** How the server is set up: slots per device, each tenant's share and quotas, request bounds. */
    public record Limits(int cpuSlots, int gpuSlots, double tenantDeviceShare, int tenantModels, int tenantConcurrentInferences,
                         long predictTimeoutMillis) {
    }

    private final Placement placement;
    private final Map<Device, DeviceScheduler> schedulers = new LinkedHashMap<>();
    private final TenantQuotas quotas;
    private final long predictTimeoutMillis;
    private final Predicate<String> trustedBlockFactory;
    private final Answers answers;
    private final ConcurrentHashMap<ModelKey, Entry> models = new ConcurrentHashMap<>();
    private final ExecutorService loader = Executors.newSingleThreadExecutor(work -> {
        Thread thread = new Thread(work, "ai-model-loader");
        thread.setDaemon(true);
        // Not whatever loader its first caller had (a module's would be kept alive by it).
        thread.setContextClassLoader(ModelServer.class.getClassLoader());
        return thread;
    });

    private static final class Entry {
        final ModelKey key;
        volatile ServingProperties properties;
        final Placement.Decision placement;
        final ModelMetrics metrics;
        final CompletableFuture<Void> loaded = new CompletableFuture<>();
        volatile Status status = Status.LOADING;
        volatile String reason;
        volatile ServedModel served;
        volatile ModelQueue queue;
        volatile boolean removed;

        Entry(ModelKey key, ServingProperties properties, Placement.Decision placement, Answers answers) {
            this.key = key;
            // Nothing recorded once the version is taken off (its series are forgotten then, and would come back).
            this.metrics = new ModelMetrics((nanos, failed) -> {
                if (!removed) {
                    answers.answered(key, nanos, failed);
                }
            });
            this.properties = properties;
            this.placement = placement;
        }
    }

    /**
     * @param devices             the devices present (every GPU, then the CPU)
     * @param trustedBlockFactory which {@code blockFactory} classes may build a model's network: the platform's own and
     *                            those of trusted deployed modules, never a class a model directory brings
     */
    public ModelServer(List<Device> devices, Limits limits, Predicate<String> trustedBlockFactory) {
        this(devices, limits, trustedBlockFactory, (key, nanos, failed) -> { });
    }

    /** Hears of every answer of every model: the platform's metrics. Called on the devices' threads: it must be quick. */
    @FunctionalInterface
    public interface Answers {
        void answered(ModelKey model, long latencyNanos, boolean failed);
    }

    /** @param answers hears of every answer of every model (see {@link Answers}) */
    public ModelServer(List<Device> devices, Limits limits, Predicate<String> trustedBlockFactory, Answers answers) {
        this.answers = answers;
        this.placement = new Placement(devices);
        for (Device device : devices) {
            int slots = device.isGpu() ? limits.gpuSlots() : limits.cpuSlots();
            schedulers.put(device, new DeviceScheduler(device.toString(), slots, limits.tenantDeviceShare()));
        }
        this.quotas = new TenantQuotas(limits.tenantModels(), limits.tenantConcurrentInferences());
        this.predictTimeoutMillis = limits.predictTimeoutMillis();
        this.trustedBlockFactory = trustedBlockFactory;
    }

    /**
     * Starts loading a model version from its directory; {@link #awaitLoaded} tells when it is READY or FAILED.
     *
     * @throws InvalidModel    the device asked for is not there, or the engine is not one the server carries
     * @throws ServingRefused  the tenant has its quota of models loaded
     * @throws IllegalStateException the version is already loaded
     */
    public synchronized ModelState load(ModelKey key, Path directory, ServingProperties properties, String device) {
        return load(key, directory, properties, device, null);
    }

    /**
     * As {@link #load(ModelKey, Path, ServingProperties, String)}, for a model a deployed module brings: its code (the
     * module's class loader) is trusted, and its block factory is the module's.
     */
    public synchronized ModelState load(ModelKey key, Path directory, ServingProperties properties, String device,
                                        ClassLoader moduleCode) {
        if (models.containsKey(key)) {
            throw new de.deutschlandstack.core.web.RequestRefused(409, "Model " + key.name() + " version " + key.version()
                    + " is loaded already");
        }
        quotas.requireRoomForModel(key.tenant(), models.keySet().stream().filter(k -> k.tenant().equals(key.tenant())).count());
        String request = device != null ? device : properties.loadOnDevices();
        Placement.Decision decision = placement.place(request, properties.engine(), this::modelsOn);
        if (moduleCode == null && properties.blockFactory() != null && !trustedBlockFactory.test(properties.blockFactory())) {
            throw new InvalidModel("blockFactory " + properties.blockFactory()
                    + " is not one of the platform's or a trusted module's; a model directory cannot bring its own code");
        }
        Entry entry = new Entry(key, properties, decision, answers);
        models.put(key, entry);
        ClassLoader code = moduleCode != null ? moduleCode : ModelServer.class.getClassLoader();
        loader.execute(() -> loadInto(entry, directory, code));
        return state(entry);
    }

    /** The versions placed on the device, loading ones included: models loading at once spread over the GPUs too. */
    private int modelsOn(Device device) {
        return (int) models.values().stream().filter(e -> e.placement.device().equals(device)).count();
    }

    private void loadInto(Entry entry, Path directory, ClassLoader code) {
        ServingProperties properties = entry.properties;
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        // The platform's loader (or a deployed module's) sees the module ai.djl and the trusted block factories, and
        // nothing of a model directory.
        thread.setContextClassLoader(code);
        ServedModel served = null;
        try {
            Criteria.Builder<float[][], float[][]> criteria = Criteria.builder()
                    .setTypes(float[][].class, float[][].class)
                    .optModelPath(directory)
                    .optEngine(properties.engine())
                    .optDevice(entry.placement.device())
                    .optModelName(properties.options().getOrDefault("modelName", "model"))
                    .optTranslator(new TabularTranslator(properties.outputs().size(), properties.scaling()))
                    .optOptions(engineOptions(properties));
            Map<String, Object> arguments = new HashMap<>(properties.arguments());
            arguments.remove("blockFactory");
            arguments.remove("translatorFactory");
            criteria.optArguments(arguments);
            if (properties.blockFactory() != null) {
                criteria.optBlock(block(properties.blockFactory(), directory, properties.arguments(), code));
            }
            ZooModel<float[][], float[][]> model = criteria.build().loadModel();
            served = new ServedModel(model, properties.minWorkers());
            // One row of zeros through the model: a model whose inputs or outputs are not what serving.properties says
            // fails here, at registration, with the reason, not at its first caller.
            float[][] answer = served.run(new float[1][properties.features().size()]);
            if (answer.length != 1) {
                throw new IllegalStateException("The model answered " + answer.length + " rows for one");
            }
            synchronized (this) {
                if (entry.removed) {
                    served.close();
                    return;
                }
                DeviceScheduler scheduler = schedulers.get(entry.placement.device());
                // The entry's properties now: a scale while the model loaded holds.
                ModelQueue queue = new ModelQueue(entry.key.tenant(), entry.key.name() + " " + entry.key.version(),
                        entry.properties, served, entry.metrics);
                scheduler.add(queue);
                entry.served = served;
                entry.queue = queue;
                entry.status = Status.READY;
            }
            LOG.infof("Model %s version %s of tenant %s is ready on %s", entry.key.name(), entry.key.version(),
                    entry.key.tenant(), entry.placement.device());
        } catch (Throwable failure) {
            if (served != null) {
                served.close();
            }
            entry.reason = reason(failure);
            entry.status = Status.FAILED;
            LOG.warnf("Model %s version %s of tenant %s failed to load: %s", entry.key.name(), entry.key.version(),
                    entry.key.tenant(), entry.reason);
        } finally {
            thread.setContextClassLoader(previous);
            entry.loaded.complete(null);
        }
    }

    /**
     * The model's options, and the engine's threads pinned: a batch runs on one thread of its device's slot, whatever
     * the engine would take by default (ONNX Runtime: every core).
     */
    private static Map<String, String> engineOptions(ServingProperties properties) {
        Map<String, String> options = new HashMap<>(properties.options());
        if (properties.engine().equals("OnnxRuntime")) {
            options.put("interOpNumThreads", "1");
            options.put("intraOpNumThreads", "1");
        }
        return options;
    }

    private static Block block(String factoryClass, Path directory, Map<String, String> arguments, ClassLoader code)
            throws Exception {
        // Not initialised before it is known to be a block factory: no static initialiser of another class runs.
        Class<?> type = Class.forName(factoryClass, false, code);
        if (!BlockFactory.class.isAssignableFrom(type)) {
            throw new InvalidModel(factoryClass + " is not a DJL BlockFactory");
        }
        BlockFactory factory = (BlockFactory) type.getDeclaredConstructor().newInstance();
        return factory.newBlock(null, directory, arguments);
    }

    /** The failure's reason in one line, the deepest cause's message (the engine's own words). */
    private static String reason(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        // Native engines append their stack trace to the message: the reason is the sentence before it. The server's
        // directories are nobody's business: a path is shown by its file name.
        message = message.replaceAll("(?:/[^/\\s:'\"]+)+/([^/\\s:'\"]+)", "$1");
        int trace = message.indexOf("Stack trace:");
        message = (trace > 0 ? message.substring(0, trace) : message).replaceAll("\\s+", " ").trim();
        return message.length() > 500 ? message.substring(0, 500) + "..." : message;
    }

    /** Waits until the version is READY or FAILED (at most the given time) and tells which. */
    public Optional<ModelState> awaitLoaded(ModelKey key, long timeoutMillis) {
        Entry entry = models.get(key);
        if (entry == null) {
            return Optional.empty();
        }
        try {
            entry.loaded.get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            // still loading: the state says so
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        }
        return Optional.of(state(entry));
    }

    /**
     * Predicts the rows with a READY version: queued on its device, batched with other requests, answered within the
     * server's predict timeout.
     *
     * @throws ModelNotFound  the tenant has no such version loaded
     * @throws ServingRefused the tenant is at its quota (429), the queue is full, or the model is loading (503)
     */
    public float[][] predict(ModelKey key, float[][] rows) {
        Entry entry = models.get(key);
        if (entry == null || entry.removed) {
            throw new ModelNotFound(key);
        }
        if (entry.status == Status.LOADING) {
            throw new ServingRefused(503, 2, "Model " + key.name() + " version " + key.version() + " is loading; try again");
        }
        if (entry.status == Status.FAILED) {
            throw new ModelFailed(409, "Model " + key.name() + " version " + key.version() + " failed to load: " + entry.reason);
        }
        Runnable finished = quotas.startInference(key.tenant());
        try {
            CompletableFuture<float[][]> answer = schedulers.get(entry.placement.device()).submit(entry.queue, rows);
            try {
                return answer.get(predictTimeoutMillis, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                schedulers.get(entry.placement.device()).abandon(entry.queue, answer);
                answer.cancel(false);
                throw new ServingRefused(503, 1, "Model " + key.name() + " did not answer within "
                        + predictTimeoutMillis / 1000 + " s; try again");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                answer.cancel(false);
                throw new ServingRefused(503, 1, "The prediction was interrupted; try again");
            } catch (CancellationException e) {
                throw new ServingRefused(503, 1, "The prediction was cancelled; try again");
            } catch (ExecutionException e) {
                if (e.getCause() instanceof ServingRefused refused) {
                    throw refused;
                }
                LOG.errorf(e.getCause(), "Model %s version %s of tenant %s failed on a batch", key.name(), key.version(),
                        key.tenant());
                throw new ModelFailed(500, "Model " + key.name() + " failed on this batch; the server log has the details");
            }
        } finally {
            finished.run();
        }
    }

    /** Takes the version off its device: requests waiting for it are answered 503, running batches finish first. */
    public synchronized boolean unload(ModelKey key) {
        Entry entry = models.remove(key);
        if (entry == null) {
            return false;
        }
        entry.removed = true;
        ModelQueue queue = entry.queue;
        ServedModel served = entry.served;
        if (queue != null) {
            DeviceScheduler scheduler = schedulers.get(entry.placement.device());
            scheduler.remove(queue);
            if (!scheduler.awaitIdle(queue, 1_000)) {
                // A batch still runs on the model: it is closed once that batch is done, never under it.
                loader.execute(() -> {
                    while (!scheduler.awaitIdle(queue, 60_000)) {
                        LOG.warnf("Model %s version %s of tenant %s: a batch still runs after unloading", key.name(),
                                key.version(), key.tenant());
                    }
                    served.close();
                });
                return true;
            }
        }
        if (served != null) {
            served.close();
        }
        return true;
    }

    /** Scales a loaded version's workers (DJL Serving's minWorkers/maxWorkers) while it serves. */
    public synchronized ModelState scale(ModelKey key, int minWorkers, int maxWorkers) {
        Entry entry = models.get(key);
        if (entry == null) {
            throw new ModelNotFound(key);
        }
        ServingProperties scaled = entry.properties.withWorkers(minWorkers, maxWorkers);
        entry.properties = scaled;
        if (entry.queue != null) {
            schedulers.get(entry.placement.device()).resize(entry.queue, maxWorkers);
            entry.served.trim(maxWorkers);
        }
        return state(entry);
    }

    public Optional<ModelState> state(ModelKey key) {
        Entry entry = models.get(key);
        return entry == null ? Optional.empty() : Optional.of(state(entry));
    }

    /** The tenant's loaded versions, by name and version. */
    public List<ModelState> states(String tenant) {
        return models.values().stream().filter(e -> e.key.tenant().equals(tenant)).map(this::state)
                .sorted(Comparator.comparing((ModelState s) -> s.key().name()).thenComparing(s -> s.key().version()))
                .toList();
    }

    private ModelState state(Entry entry) {
        return new ModelState(entry.key, entry.properties.engine(), entry.placement.device().toString(),
                entry.placement.reason(), entry.status, entry.reason, entry.properties, entry.metrics.snapshot());
    }

    /** Every device with its slots and the versions placed on it (of every tenant: for the platform's operator). */
    public List<DeviceState> devices() {
        List<DeviceState> devices = new ArrayList<>();
        schedulers.forEach((device, scheduler) -> devices.add(new DeviceState(device.toString(), scheduler.slots(),
                scheduler.tenantSlots(), models.values().stream().filter(e -> e.placement.device().equals(device))
                .map(e -> e.key).sorted(Comparator.comparing(ModelKey::tenant).thenComparing(ModelKey::name)
                        .thenComparing(ModelKey::version)).toList())));
        return devices;
    }

    /** The tenants that have the model version loaded (or loading). */
    public List<String> loadedTenants(String name, String version) {
        return models.keySet().stream().filter(k -> k.name().equals(name) && k.version().equals(version))
                .map(ModelKey::tenant).toList();
    }

    public TenantQuotas quotas() {
        return quotas;
    }

    @Override
    public synchronized void close() {
        new ArrayList<>(models.keySet()).forEach(this::unload);
        schedulers.values().forEach(DeviceScheduler::close);
        loader.shutdownNow();
    }
}
