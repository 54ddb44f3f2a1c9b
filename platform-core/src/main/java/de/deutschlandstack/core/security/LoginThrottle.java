package de.deutschlandstack.core.security;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows password guessing: a user name gets {@value #FAILURES} failed logins a minute from one client address; beyond
 * that its logins from there are answered 429 without checking the password (which also spares the CPU a password
 * hash costs). Counted per name and address together, so that a stranger elsewhere cannot lock a user out by failing
 * on purpose. Per node, like every rate limit.
 */
@ApplicationScoped
public class LoginThrottle {

    static final int FAILURES = 10;
    private static final int MAX_TRACKED = 100_000;

    private final Map<String, RequestBudget> failures = new ConcurrentHashMap<>();

    /** Empty when a login of this user from this address may be checked; else the seconds to wait. */
    public OptionalLong refusal(String user, String address) {
        RequestBudget budget = failures.get(key(user, address));
        if (budget != null && !budget.has(FAILURES, System.nanoTime())) {
            return OptionalLong.of(60 / FAILURES);
        }
        return OptionalLong.empty();
    }

    /** Counts a failed login of the user name from the address. */
    public void failed(String user, String address) {
        if (failures.size() > MAX_TRACKED) {
            failures.clear();
        }
        failures.computeIfAbsent(key(user, address), k -> new RequestBudget()).take(FAILURES, System.nanoTime());
    }

    private static String key(String user, String address) {
        return user.trim().toLowerCase(Locale.ROOT) + "|" + address;
    }
}
