package de.deutschlandstack.core.web;

/**
 * A request the platform refuses for a reason the client can fix or must accept, with the HTTP status that says which:
 * 400 (malformed: a bad id, a weak password), 404 (no such tenant or user), 409 (taken, or not allowed in the current
 * status). The REST API answers it as problem details.
 */
public class RequestRefused extends RuntimeException {

    private final int status;

    public RequestRefused(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
