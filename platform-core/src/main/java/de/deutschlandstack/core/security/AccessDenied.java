package de.deutschlandstack.core.security;

/** The caller's roles do not allow what the request asks for: answered 403 in the protocol's error format. */
public class AccessDenied extends RuntimeException {

    public AccessDenied(String message) {
        super(message);
    }
}
