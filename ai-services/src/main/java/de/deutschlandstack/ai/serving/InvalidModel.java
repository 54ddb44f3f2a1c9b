package de.deutschlandstack.ai.serving;

/** A model directory or archive the platform will not serve, with the reason in words a model's author can act on. */
public class InvalidModel extends RuntimeException {

    public InvalidModel(String message) {
        super(message);
    }
}
