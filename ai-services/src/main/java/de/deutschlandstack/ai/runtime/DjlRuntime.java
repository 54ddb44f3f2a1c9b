package de.deutschlandstack.ai.runtime;

import ai.djl.Device;
import ai.djl.engine.Engine;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * DJL as this server runs it: the engines of the module {@code ai.djl} (PyTorch, ONNX Runtime, XGBoost), offline
 * (nothing is ever downloaded: {@code ai.djl.offline=true} in the server's configuration), and the devices present.
 *
 * <p>DJL discovers its engines once per JVM, through the calling thread's context class loader: the first call runs
 * with the module's own loader, which sees every engine, so that no deployment's loader decides what the JVM has.
 */
public final class DjlRuntime {

    private static final Logger LOG = Logger.getLogger(DjlRuntime.class);

    private static volatile boolean initialised;

    private DjlRuntime() {
    }

    /** Discovers the engines (once), and fails if DJL could reach out to the internet. */
    public static synchronized void initialise() {
        if (initialised) {
            return;
        }
        if (!Boolean.getBoolean("ai.djl.offline") && !"true".equalsIgnoreCase(System.getenv("DJL_OFFLINE"))) {
            throw new IllegalStateException("DJL must run offline: set ai.djl.offline=true (the server's configuration does)");
        }
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(Engine.class.getClassLoader());
        try {
            Set<String> engines = Engine.getAllEngines();
            if (!engines.containsAll(Set.of("PyTorch", "OnnxRuntime", "XGBoost"))) {
                // Another class loader touched DJL first and its discovery missed the module's engines: say so now,
                // not as "engine not found" at every model's load.
                throw new IllegalStateException("DJL found the engines " + engines + ", not PyTorch, OnnxRuntime and XGBoost:"
                        + " the server's module ai.djl must be the first to start DJL (restart the server)");
            }
            LOG.infof("DJL %s engines: %s; GPUs: %d", Engine.getDjlVersion(), engines, gpuCount());
        } finally {
            thread.setContextClassLoader(previous);
        }
        initialised = true;
    }

    /** The GPUs PyTorch sees (none with the CPU natives the server carries by default). */
    public static int gpuCount() {
        try {
            return Engine.hasEngine("PyTorch") ? Engine.getEngine("PyTorch").getGpuCount() : 0;
        } catch (RuntimeException e) {
            return 0;
        }
    }

    /** Every device present: each GPU by index, then the CPU. */
    public static List<Device> devices() {
        initialise();
        List<Device> devices = new ArrayList<>();
        for (int gpu = 0; gpu < gpuCount(); gpu++) {
            devices.add(Device.gpu(gpu));
        }
        devices.add(Device.cpu());
        return devices;
    }

    public static boolean hasEngine(String engine) {
        initialise();
        return Engine.hasEngine(engine);
    }
}
