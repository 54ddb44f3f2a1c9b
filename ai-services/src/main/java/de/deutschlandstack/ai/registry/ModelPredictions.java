package de.deutschlandstack.ai.registry;

import de.deutschlandstack.ai.serving.ModelServer.ModelKey;
import de.deutschlandstack.ai.serving.ServingProperties;
import de.deutschlandstack.core.ai.Predictions;
import de.deutschlandstack.core.web.RequestRefused;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The platform's {@link Predictions} for business logic: the caller's tenant's active version of the named model, one
 * row, queued and batched with every other request for the model, under the tenant's quotas like a REST prediction.
 */
@ApplicationScoped
public class ModelPredictions implements Predictions {

    @Inject
    ModelRegistry registry;

    @Override
    public Prediction predict(String model, Map<String, Double> features) {
        ModelKey key = registry.resolve(model, null);
        ServingProperties contract = registry.contract(key);
        float[] row = new float[contract.features().size()];
        for (int i = 0; i < row.length; i++) {
            Double value = features.get(contract.features().get(i));
            if (value == null || !Double.isFinite(value)) {
                throw new RequestRefused(400, "Model " + model + " reads " + contract.features() + "; "
                        + contract.features().get(i) + " is not given");
            }
            row[i] = value.floatValue();
        }
        float[] answer = registry.predict(key, new float[][]{row})[0];
        Map<String, Double> outputs = new LinkedHashMap<>();
        for (int i = 0; i < contract.outputs().size(); i++) {
            outputs.put(contract.outputs().get(i), (double) answer[i]);
        }
        return new Prediction(model, key.version(), outputs);
    }
}
