package de.deutschlandstack.ai.spi;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The AI modules deployed in this server, and the platform that serves them. The class lives in the server's module
 * {@code de.deutschlandstack.ai.api}, which the platform and every module deployment share: one registry per JVM, whatever
 * is deployed or redeployed. Modules arrive through {@link AiModuleDeployment}; the platform listens.
 */
public final class AiModules {

    /** The platform's side: told of every module deployed and undeployed. */
    public interface Listener {

        void deployed(AiModule module);

        void undeployed(AiModule module);
    }

    private static final Map<String, AiModule> DEPLOYED = new ConcurrentHashMap<>();

    private static final java.util.Set<Listener> LISTENERS = new java.util.concurrent.CopyOnWriteArraySet<>();

    private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger(AiModules.class.getName());

    private AiModules() {
    }

    /** Listens from now on, told first of the modules deployed already (the platform may start after a module). */
    public static synchronized void listen(Listener listener) {
        if (LISTENERS.add(listener)) {
            DEPLOYED.values().forEach(module -> tell(listener, module, true));
        }
    }

    public static synchronized void stopListening(Listener listener) {
        LISTENERS.remove(listener);
    }

    static synchronized void deployed(AiModule module) {
        AiModule previous = DEPLOYED.put(module.deployment(), module);
        if (previous != null) {
            LISTENERS.forEach(listener -> tell(listener, previous, false));
        }
        LISTENERS.forEach(listener -> tell(listener, module, true));
    }

    static synchronized void undeployed(String deployment) {
        AiModule module = DEPLOYED.remove(deployment);
        if (module != null) {
            LISTENERS.forEach(listener -> tell(listener, module, false));
        }
    }

    /** One listener's failure is its own: the module's deployment and the other listeners go on. */
    private static void tell(Listener listener, AiModule module, boolean deployed) {
        try {
            if (deployed) {
                listener.deployed(module);
            } else {
                listener.undeployed(module);
            }
        } catch (RuntimeException e) {
            LOG.log(java.util.logging.Level.SEVERE, "An AI module listener failed on " + module.deployment(), e);
        }
    }

    /** The modules deployed now. */
    public static List<AiModule> deployed() {
        return List.copyOf(DEPLOYED.values());
    }
}
