package de.deutschlandstack.core.events;

/** Thrown by business logic to refuse a write; the client receives it as a 400 error with this message. */
public class BusinessRuleViolation extends RuntimeException {

    private final String code;

    public BusinessRuleViolation(String code, String message) {
        super(message);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
