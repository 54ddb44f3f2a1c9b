package de.deutschlandstack.ai.serving;

/** No such model (or version) for the caller's tenant: another tenant's models are not found either. */
public class ModelNotFound extends RuntimeException {

    public ModelNotFound(ModelServer.ModelKey key) {
        super("No model " + key.name() + (key.version() == null ? "" : " version " + key.version()));
    }

    public ModelNotFound(String message) {
        super(message);
    }
}
