package de.deutschlandstack.ai.api;

import de.deutschlandstack.ai.registry.ModelRegistry;
import de.deutschlandstack.ai.serving.ModelServer;
import de.deutschlandstack.ai.serving.Placement;
import de.deutschlandstack.core.security.AccessPolicy;
import de.deutschlandstack.core.security.PlatformRoles;
import de.deutschlandstack.core.tenancy.Caller;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.List;

import static de.deutschlandstack.ai.api.AiApi.bean;

/**
 * The devices of this node and the model versions placed on them, with the placement policy: for the platform admin
 * every tenant's, for a tenant admin the tenant's own.
 */
@Path("/devices")
@Produces(MediaType.APPLICATION_JSON)
public class DevicesResource {

    private final ModelRegistry registry = bean(ModelRegistry.class);

    public record Devices(String placementPolicy, int tenantSharePercent, int tenantModels, int tenantConcurrentInferences,
                          List<ModelServer.DeviceState> devices) {
    }

    @GET
    public Devices devices() {
        Caller caller = AccessPolicy.requireRole("Reading the AI devices", PlatformRoles.PLATFORM_ADMIN, PlatformRoles.TENANT_ADMIN);
        var settings = registry.settings();
        return new Devices(Placement.POLICY, settings.tenantDeviceSharePercent(), settings.tenantModels(),
                settings.tenantConcurrentInferences(), registry.devices(caller.hasRole(PlatformRoles.PLATFORM_ADMIN)));
    }
}
