package de.deutschlandstack.ai.serving;

import de.deutschlandstack.core.web.RequestRefused;

/**
 * A model that could not load (409: it is FAILED, with the engine's reason, until a new version replaces it), or that
 * failed on a batch of valid input (500: the model's fault, logged).
 */
public class ModelFailed extends RequestRefused {

    public ModelFailed(int status, String message) {
        super(status, message);
    }
}
