package de.deutschlandstack.ai.serving;

import de.deutschlandstack.core.web.RequestRefused;

/** No such model (or version) for the caller's tenant (404): another tenant's models are not found either. */
public class ModelNotFound extends RequestRefused {

    public ModelNotFound(ModelServer.ModelKey key) {
        this("No model " + key.name() + (key.version() == null ? "" : " version " + key.version()));
    }

    public ModelNotFound(String message) {
        super(404, message);
    }
}
