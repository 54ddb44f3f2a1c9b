package de.deutschlandstack.ai.spi;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

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

    private static final List<Listener> LISTENERS = new CopyOnWriteArrayList<>();

    private AiModules() {
    }

    /** Listens from now on, told first of the modules deployed already (the platform may start after a module). */
    public static synchronized void listen(Listener listener) {
        LISTENERS.add(listener);
        DEPLOYED.values().forEach(listener::deployed);
    }

    public static synchronized void stopListening(Listener listener) {
        LISTENERS.remove(listener);
    }

    static synchronized void deployed(AiModule module) {
        AiModule previous = DEPLOYED.put(module.deployment(), module);
        if (previous != null) {
            LISTENERS.forEach(listener -> listener.undeployed(previous));
        }
        LISTENERS.forEach(listener -> listener.deployed(module));
    }

    static synchronized void undeployed(String deployment) {
        AiModule module = DEPLOYED.remove(deployment);
        if (module != null) {
            LISTENERS.forEach(listener -> listener.undeployed(module));
        }
    }

    /** The modules deployed now. */
    public static List<AiModule> deployed() {
        return List.copyOf(DEPLOYED.values());
    }
}
