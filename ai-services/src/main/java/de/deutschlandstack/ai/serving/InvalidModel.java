package de.deutschlandstack.ai.serving;

import de.deutschlandstack.core.web.RequestRefused;

/** A model directory or archive the platform will not serve (400), with the reason in words its author can act on. */
public class InvalidModel extends RequestRefused {

    public InvalidModel(String message) {
        super(400, message);
    }
}
