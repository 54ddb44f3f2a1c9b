package de.deutschlandstack.ai.registry;

import de.deutschlandstack.ai.serving.InvalidModel;
import de.deutschlandstack.ai.serving.ModelServer;
import de.deutschlandstack.ai.serving.ModelServer.ModelKey;
import de.deutschlandstack.ai.serving.ServingProperties;
import de.deutschlandstack.ai.spi.AiModel;
import de.deutschlandstack.ai.spi.AiModule;
import de.deutschlandstack.ai.spi.AiModules;
import de.deutschlandstack.ai.spi.AiService;
import de.deutschlandstack.core.tenancy.Caller;
import de.deutschlandstack.core.tenancy.CurrentCaller;
import de.deutschlandstack.core.tenancy.PlatformTenant;
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
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The services of deployed AI modules ({@link AiModules}): their models are copied from the module's resources into the
 * model store when the module is deployed, and loaded for every tenant that enabled the service, with the module's class
 * loader (its code is trusted: the operator deployed it). Undeploying the module unloads its models for every tenant
 * before its class loader goes; redeploying it loads them again. No restart of the server at either.
 */
@ApplicationScoped
public class ModuleServices implements AiModules.Listener {

    private static final Logger LOG = Logger.getLogger(ModuleServices.class);

    private static final Pattern FILE = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");

    @Inject
    ModelRegistry registry;

    @Inject
    ModuleEnablements enablements;

    @Inject
    TenantRegistry tenants;

    @Resource(lookup = "java:jboss/ee/concurrency/executor/default")
    ManagedExecutorService executor;

    /** A deployed service: its module and its models' directories and properties. */
    public record Deployed(AiService service, AiModule module, Map<String, Model> models) {
    }

    public record Model(AiModel model, Path directory, ServingProperties properties) {
    }

    private final Map<String, Deployed> deployed = new ConcurrentHashMap<>();

    private boolean listening;

    synchronized void start(@Observes @Initialized(ApplicationScoped.class) Object started) {
        if (listening) {
            return; // each module of the EAR announces its start
        }
        listening = true;
        AiModules.listen(this);
    }

    @PreDestroy
    void stop() {
        AiModules.stopListening(this);
        new ArrayList<>(deployed.values()).forEach(d -> unloadEverywhere(d));
        deployed.clear();
    }

    @Override
    public void deployed(AiModule module) {
        for (AiService service : module.services()) {
            try {
                // Checked before anything is copied: the files of a service that serves are never written over.
                if (deployed.containsKey(service.name())) {
                    LOG.errorf("AI module %s: a service %s is deployed already; this one is ignored", module.deployment(), service.name());
                    continue;
                }
                Deployed copied = copy(service, module);
                if (deployed.putIfAbsent(service.name(), copied) != null) {
                    LOG.errorf("AI module %s: a service %s is deployed already; this one is ignored", module.deployment(), service.name());
                    continue;
                }
                LOG.infof("AI module %s: service %s deployed with models %s", module.deployment(), service.name(),
                        copied.models().keySet());
                // Loaded for the tenants that enabled it on the platform's own threads, not the deployment's.
                executor.submit(() -> loadForEnabledTenants(copied));
            } catch (RuntimeException e) {
                LOG.errorf(e, "AI module %s: service %s cannot be served", module.deployment(), service.name());
            }
        }
    }

    @Override
    public void undeployed(AiModule module) {
        for (AiService service : module.services()) {
            Deployed gone = deployed.get(service.name());
            if (gone != null && gone.module() == module) {
                deployed.remove(service.name());
                unloadEverywhere(gone);
                LOG.infof("AI module %s: service %s undeployed; its models are unloaded", module.deployment(), service.name());
            }
        }
    }

    private Deployed copy(AiService service, AiModule module) {
        if (!ModelRegistry.MODEL_NAME.matcher(service.name()).matches()) {
            throw new InvalidModel("A service's name is lower-case letters, digits and -: " + service.name());
        }
        Map<String, Model> models = new java.util.LinkedHashMap<>();
        for (AiModel model : service.models()) {
            if (!ModelRegistry.MODEL_NAME.matcher(model.name()).matches() || !ModelRegistry.VERSION.matcher(model.version()).matches()) {
                throw new InvalidModel("Model " + model.name() + " " + model.version() + ": not a model name and version");
            }
            Path directory = registry.store().moduleDirectory(service.name(), model.name(), model.version());
            try {
                Files.createDirectories(directory);
                for (String file : model.files()) {
                    if (!FILE.matcher(file).matches()) {
                        throw new InvalidModel("Model " + model.name() + ": " + file + " is not a file name");
                    }
                    String resource = model.directory().replaceAll("/+$", "") + "/" + file;
                    try (InputStream in = module.classLoader().getResourceAsStream(resource)) {
                        if (in == null) {
                            throw new InvalidModel("Model " + model.name() + ": the module has no resource " + resource);
                        }
                        Files.copy(in, directory.resolve(file), StandardCopyOption.REPLACE_EXISTING);
                    }
                }
                models.put(model.name(), new Model(model, directory, ServingProperties.read(directory)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new Deployed(service, module, Map.copyOf(models));
    }

    private void loadForEnabledTenants(Deployed service) {
        for (PlatformTenant tenant : tenants.all()) {
            if (tenant.getStatus() != TenantStatus.ACTIVE) {
                continue;
            }
            try {
                CurrentCaller.runAs(Caller.system(tenant.getTenant()), () -> {
                    if (enablements.enabled().contains(service.service().name())) {
                        load(tenant.getTenant(), service);
                    }
                    return null;
                });
            } catch (Exception e) {
                LOG.errorf(e, "Tenant %s: the models of %s could not be loaded", tenant.getTenant(), service.service().name());
            }
        }
    }

    private void load(String tenant, Deployed service) {
        ModelServer server = registry.server();
        for (Model model : service.models().values()) {
            ModelKey key = new ModelKey(tenant, model.model().name(), model.model().version());
            if (deployed.get(service.service().name()) == service && server.state(key).isEmpty()) {
                server.load(key, model.directory(), model.properties(), null, service.module().classLoader());
            }
        }
    }

    private void unload(String tenant, Deployed service) {
        ModelServer server = registry.server();
        service.models().values().forEach(model -> server.unload(new ModelKey(tenant, model.model().name(), model.model().version())));
    }

    private void unloadEverywhere(Deployed service) {
        ModelServer server = registry.server();
        for (Model model : service.models().values()) {
            server.loadedTenants(model.model().name(), model.model().version())
                    .forEach(tenant -> server.unload(new ModelKey(tenant, model.model().name(), model.model().version())));
        }
    }

    /** The deployed services, each with whether the caller's tenant has enabled it. */
    public List<Map.Entry<Deployed, Boolean>> list() {
        java.util.Set<String> enabled = enablements.enabled();
        return deployed.values().stream().sorted(java.util.Comparator.comparing(d -> d.service().name()))
                .map(d -> Map.entry(d, enabled.contains(d.service().name()))).toList();
    }

    public Deployed enable(String name) {
        Caller caller = CurrentCaller.require();
        Deployed service = deployedOrNotFound(name);
        for (Model model : service.models().values()) {
            if (registry.hasRegisteredModel(model.model().name())) {
                throw new RequestRefused(409, "Your tenant has a model " + model.model().name()
                        + " of its own; unregister it, or leave " + name + " disabled");
            }
        }
        enablements.enable(name, caller.user());
        load(caller.tenant(), service);
        return service;
    }

    public void disable(String name) {
        Caller caller = CurrentCaller.require();
        boolean was = enablements.disable(name);
        Deployed service = deployed.get(name);
        if (service != null) {
            unload(caller.tenant(), service);
        } else if (!was) {
            throw new RequestRefused(404, "No AI module service " + name);
        }
    }

    /** Whether the loaded version is one a deployed module brings (not a row of the registry). */
    public boolean providesLoaded(ModelKey key) {
        return deployed.values().stream().map(d -> d.models().get(key.name()))
                .anyMatch(model -> model != null && model.model().version().equals(key.version()));
    }

    /** The version of a model that a service the caller's tenant enabled brings, if one does. */
    public Optional<String> enabledModelVersion(String tenant, String model) {
        for (Deployed service : deployed.values()) {
            Model found = service.models().get(model);
            if (found != null && registry.server().state(new ModelKey(tenant, model, found.model().version())).isPresent()) {
                return Optional.of(found.model().version());
            }
        }
        return Optional.empty();
    }

    private Deployed deployedOrNotFound(String name) {
        Deployed service = deployed.get(name);
        if (service == null) {
            throw new RequestRefused(404, "No AI module service " + name + " is deployed");
        }
        return service;
    }
}
