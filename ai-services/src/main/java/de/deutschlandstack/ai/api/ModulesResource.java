package de.deutschlandstack.ai.api;

import de.deutschlandstack.ai.registry.ModelRegistry;
import de.deutschlandstack.ai.registry.ModuleServices;
import de.deutschlandstack.ai.serving.ModelServer;
import de.deutschlandstack.core.audit.AuditKind;
import de.deutschlandstack.core.audit.AuditTrail;
import de.deutschlandstack.core.security.AccessPolicy;
import de.deutschlandstack.core.security.PlatformRoles;
import de.deutschlandstack.core.tenancy.Caller;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.List;

import static de.deutschlandstack.ai.api.AiApi.bean;

/**
 * The services of AI modules deployed in the server ({@code GET /ai/v1/modules}) and their enabling per tenant: {@code POST
 * /ai/v1/modules/{service}/enable} serves the service's models to the caller's tenant (predictions as for any model, at
 * {@code /ai/v1/models/{model}/predict}), {@code .../disable} stops that.
 */
@Path("/modules")
@Produces(MediaType.APPLICATION_JSON)
public class ModulesResource {

    private final ModuleServices modules = bean(ModuleServices.class);
    private final ModelRegistry registry = bean(ModelRegistry.class);
    private final AuditTrail audit = bean(AuditTrail.class);

    public record ModuleModel(String name, String version, List<String> features, List<String> outputs, String status,
                              String reason) {
    }

    public record Module(String name, String description, String deployment, boolean enabled, List<ModuleModel> models) {
    }

    public record Modules(List<Module> modules) {
    }

    @GET
    public Modules list() {
        Caller caller = AccessPolicy.requireRole("Reading the AI modules", PlatformRoles.TENANT_ADMIN, PlatformRoles.BUSINESS_USER,
                PlatformRoles.READ_ONLY);
        return new Modules(modules.list().stream().map(entry -> view(entry.getKey(), entry.getValue(), caller.tenant())).toList());
    }

    @POST
    @Path("{service}/enable")
    public Module enable(@PathParam("service") String service) {
        Caller caller = AccessPolicy.requireRole("Enabling an AI module", PlatformRoles.TENANT_ADMIN);
        Module enabled = view(modules.enable(service), true, caller.tenant());
        audit.recordNow(AuditKind.CONFIGURATION, "AI_MODULE_ENABLED", "AiModules", service, null);
        return enabled;
    }

    @POST
    @Path("{service}/disable")
    public Modules disable(@PathParam("service") String service) {
        AccessPolicy.requireRole("Disabling an AI module", PlatformRoles.TENANT_ADMIN);
        modules.disable(service);
        audit.recordNow(AuditKind.CONFIGURATION, "AI_MODULE_DISABLED", "AiModules", service, null);
        return list();
    }

    private Module view(ModuleServices.Deployed deployed, boolean enabled, String tenant) {
        List<ModuleModel> models = deployed.models().values().stream().map(model -> {
            var state = registry.stateOf(new ModelServer.ModelKey(tenant, model.model().name(), model.model().version()));
            return new ModuleModel(model.model().name(), model.model().version(), model.properties().features(),
                    model.properties().outputs(), state.map(s -> s.status().name()).orElse(enabled ? "NOT_LOADED" : "DISABLED"),
                    state.map(ModelServer.ModelState::reason).orElse(null));
        }).toList();
        return new Module(deployed.service().name(), deployed.service().description(), deployed.module().deployment(), enabled,
                models);
    }
}
