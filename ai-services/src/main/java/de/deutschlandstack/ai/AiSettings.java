package de.deutschlandstack.ai;

import de.deutschlandstack.ai.serving.ModelServer;

import java.nio.file.Path;

import static de.deutschlandstack.core.config.PlatformSettings.intSetting;
import static de.deutschlandstack.core.config.PlatformSettings.stringSetting;

/**
 * The AI services' settings, each with a default that runs out of the box; override with a system property
 * ({@code -Dplatform.ai.cpu-slots=8}) or an environment variable ({@code PLATFORM_AI_CPU_SLOTS=8}).
 *
 * @param modelDirectory             where registered model versions' files lie ({@code platform.ai.model-dir}; default
 *                                   the server's data directory, {@code ai/models}); on several nodes, a shared file system
 * @param cpuSlots                   batches the CPU runs at once (default: its cores; PyTorch runs each with
 *                                   {@code ai.djl.pytorch.num_threads} threads, 1 in the server's configuration)
 * @param gpuSlots                   batches each GPU runs at once
 * @param tenantDeviceSharePercent   the share of a device's slots one tenant may hold at once
 * @param tenantModels               model versions one tenant may have loaded
 * @param tenantConcurrentInferences predictions of one tenant in flight at once (queued or running)
 * @param maxRowsPerRequest          instances in one prediction request
 * @param predictTimeoutMillis       the longest a prediction waits for its answer
 * @param maxModelMegabytes          an uploaded model's size, unpacked
 */
public record AiSettings(Path modelDirectory, int cpuSlots, int gpuSlots, int tenantDeviceSharePercent, int tenantModels,
                         int tenantConcurrentInferences, int maxRowsPerRequest, int predictTimeoutMillis,
                         int maxModelMegabytes) {

    public static AiSettings fromEnvironment() {
        String dataDirectory = System.getProperty("jboss.server.data.dir", "data");
        return new AiSettings(
                Path.of(stringSetting("platform.ai.model-dir", Path.of(dataDirectory, "ai", "models").toString())),
                intSetting("platform.ai.cpu-slots", Runtime.getRuntime().availableProcessors()),
                intSetting("platform.ai.gpu-slots", 4),
                intSetting("platform.ai.tenant-device-share-percent", 50),
                intSetting("platform.ai.tenant-models", 20),
                intSetting("platform.ai.tenant-concurrent-inferences", 64),
                intSetting("platform.ai.max-rows-per-request", 1024),
                intSetting("platform.ai.predict-timeout-millis", 30_000),
                intSetting("platform.ai.max-model-megabytes", 512));
    }

    public ModelServer.Limits limits() {
        return new ModelServer.Limits(cpuSlots, gpuSlots, tenantDeviceSharePercent / 100.0, tenantModels,
                tenantConcurrentInferences, predictTimeoutMillis);
    }
}
