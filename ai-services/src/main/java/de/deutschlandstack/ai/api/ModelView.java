package de.deutschlandstack.ai.api;

import de.deutschlandstack.ai.registry.ModelRegistry.RegisteredVersion;
import de.deutschlandstack.ai.registry.ModelVersion;
import de.deutschlandstack.ai.serving.ModelMetrics;
import de.deutschlandstack.ai.serving.ModelServer.ModelState;
import de.deutschlandstack.ai.serving.ServingProperties;

import java.time.Instant;
import java.util.List;

/**
 * A registered model version as the management API shows it: its registration, and its state on the node asked. A
 * trained version that a data subject's erasure came after has {@code retrainingNeededSince} and its reason
 * ({@code registry.TrainedModelErasures}).
 */
public record ModelView(String name, String version, boolean active, String engine, String source, String status,
                        String reason, String device, String placedOn, String placement, int minWorkers, int maxWorkers,
                        int batchSize, int maxBatchDelayMillis, int jobQueueSize, List<String> features,
                        List<String> outputs, Instant registeredAt, String registeredBy, String trainedOn, String evaluation,
                        Instant retrainingNeededSince, String retrainingReason, ModelMetrics.Snapshot metrics) {

    /** The status of a version this node has not loaded (registered on another node, or not yet used since a start). */
    public static final String NOT_LOADED = "NOT_LOADED";

    static ModelView of(RegisteredVersion registered) {
        ModelVersion v = registered.version();
        ModelState state = registered.state();
        ServingProperties properties = state != null ? state.properties() : ServingProperties.parse(v.getServingProperties());
        return new ModelView(v.getName(), v.getModelVersion(), v.isActive(), v.getEngine(), v.getSource().name(),
                state == null ? NOT_LOADED : state.status().name(), state == null ? null : state.reason(), v.getDevice(),
                state == null ? null : state.device(), state == null ? null : state.placement(), v.getMinWorkers(),
                v.getMaxWorkers(), properties.batchSize(), properties.maxBatchDelayMillis(), properties.jobQueueSize(),
                properties.features(), properties.outputs(), v.getRegisteredAt(), v.getRegisteredBy(), v.getTrainedOn(),
                v.getEvaluation(), v.getRetrainingNeededSince(), v.getRetrainingReason(), state == null ? null : state.metrics());
    }
}
