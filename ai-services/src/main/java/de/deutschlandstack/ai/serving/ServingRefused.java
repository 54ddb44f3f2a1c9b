package de.deutschlandstack.ai.serving;

import de.deutschlandstack.core.web.RequestRefused;

/**
 * A prediction the platform will not take now, with the status that says why and when to try again: 429 when the
 * caller's tenant is at its quota, 503 when the model's queue is full or the model is loading or going away.
 */
public class ServingRefused extends RequestRefused {

    public ServingRefused(int status, int retryAfterSeconds, String message) {
        super(status, retryAfterSeconds, message);
    }
}
