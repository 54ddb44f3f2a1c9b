package de.deutschlandstack.core.ai;

import java.util.Map;

/**
 * Predictions of the caller's tenant's models, for business logic: an entity's action asks a model by name with a row of
 * features by name and gets the model's outputs by name. The AI services implement it (their active version of the
 * model); a business module never sees which engine, device or version answers.
 *
 * <p>Refusals are {@link de.deutschlandstack.core.web.RequestRefused}: 404 when the tenant has no such model, 409 when
 * it failed to load, 400 when a feature is missing, 429 or 503 (with Retry-After) when the tenant is at its quota or the
 * model is busy or loading.
 */
public interface Predictions {

    /** One prediction: the version that answered and its outputs by name. */
    record Prediction(String model, String version, Map<String, Double> outputs) {
    }

    Prediction predict(String model, Map<String, Double> features);
}
