package de.deutschlandstack.ai.serving;

/**
 * A prediction the platform will not take now, with the status that says why and when to try again: 429 when the
 * caller's tenant is at its quota, 503 when the model's queue is full or the model is going away.
 */
public class ServingRefused extends RuntimeException {

    private final int status;
    private final int retryAfterSeconds;

    public ServingRefused(int status, int retryAfterSeconds, String message) {
        super(message, null, false, false);
        this.status = status;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public int status() {
        return status;
    }

    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
