package de.deutschlandstack.core.events;

/**
 * Refuses an action or a write because the business object is in a status that does not allow it (an invoice that
 * is already posted cannot be posted again, nor have its items changed). The client receives a 409 error whose
 * message names the current status.
 */
public class StatusConflict extends BusinessRuleViolation {

    private final String currentStatus;

    public StatusConflict(String object, String currentStatus, String refused) {
        super("StatusConflict", object + " is " + currentStatus + "; " + refused);
        this.currentStatus = currentStatus;
    }

    public String currentStatus() {
        return currentStatus;
    }
}
