package de.deutschlandstack.ai.serving;

/** A model that could not load, or failed on a batch: the reason, in the engine's words. */
public class ModelFailed extends RuntimeException {

    public ModelFailed(String message) {
        super(message);
    }
}
