package de.deutschlandstack.core.security;

/**
 * A token bucket: holds up to a minute's allowance, refills continuously at {@code perMinute} per minute. Thread-safe;
 * the allowance may change between calls (a new limit holds at once).
 */
final class RequestBudget {

    private static final long MINUTE = 60_000_000_000L;

    private double tokens = -1;
    private long refilledAt;

    /** Takes one request if the budget has one: 0. Otherwise nothing is taken, and the nanoseconds until one is there. */
    synchronized long take(int perMinute, long now) {
        if (tokens < 0) {
            tokens = perMinute;
            refilledAt = now;
        }
        tokens = Math.min(perMinute, tokens + (now - refilledAt) * (double) perMinute / MINUTE);
        refilledAt = now;
        if (tokens >= 1) {
            tokens -= 1;
            return 0;
        }
        return (long) Math.ceil((1 - tokens) * MINUTE / perMinute);
    }

    /** Whether the budget is full again: nothing taken within the last minute's refill. Such a budget can be forgotten. */
    synchronized boolean idle(int perMinute, long now) {
        return tokens < 0 || tokens + (now - refilledAt) * (double) perMinute / MINUTE >= perMinute;
    }

    /** Whether a request could be taken now, without taking it. */
    synchronized boolean has(int perMinute, long now) {
        return tokens < 0 || Math.min(perMinute, tokens + (now - refilledAt) * (double) perMinute / MINUTE) >= 1;
    }
}
