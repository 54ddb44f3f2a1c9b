package de.deutschlandstack.core.web;

/**
 * A request the platform refuses for a reason the client can fix or must accept, with the HTTP status that says which:
 * 400 (malformed: a bad id, a weak password), 404 (no such tenant or user), 409 (taken, or not allowed in the current
 * status), 429 or 503 (not now: with the seconds after which to try again). The REST API answers it as problem details,
 * with {@code Retry-After} where it has one.
 */
public class RequestRefused extends RuntimeException {

    private final int status;

    private final Integer retryAfterSeconds;

    public RequestRefused(int status, String message) {
        this(status, null, message);
    }

    public RequestRefused(int status, Integer retryAfterSeconds, String message) {
        super(message);
        this.status = status;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public int status() {
        return status;
    }

    /** When to try again, in seconds; null: not a matter of time. */
    public Integer retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
