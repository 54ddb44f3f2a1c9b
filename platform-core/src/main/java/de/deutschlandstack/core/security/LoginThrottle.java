package de.deutschlandstack.core.security;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows password guessing: a user name gets {@value #FAILURES} failed logins a minute from one client address, and a
 * client address {@value #ADDRESS_FAILURES} failed logins a minute over all names; beyond either, logins are answered
 * 429 without checking the password (which also spares the CPU a password hash costs). Counted per name and address
 * together, so that a stranger elsewhere cannot lock a user out; and per address, so that guessing over many names (or
 * flooding with made-up ones) stops too. Behind a reverse proxy all clients share its address: the proxy should then
 * limit per client itself. Budgets that have refilled are forgotten when the table grows; none is ever dropped while it
 * holds failures. Per node, like every rate limit.
 */
@ApplicationScoped
public class LoginThrottle {

    static final int FAILURES = 10;
    static final int ADDRESS_FAILURES = 120;
    private static final int MAX_TRACKED = 100_000;

    private final Map<String, RequestBudget> failures = new ConcurrentHashMap<>();
    private final Map<String, RequestBudget> byAddress = new ConcurrentHashMap<>();

    /** Empty when a login of this user from this address may be checked; else the seconds to wait. */
    public OptionalLong refusal(String user, String address) {
        long now = System.nanoTime();
        RequestBudget budget = failures.get(key(user, address));
        if (budget != null && !budget.has(FAILURES, now)) {
            return OptionalLong.of(60 / FAILURES);
        }
        RequestBudget fromAddress = byAddress.get(address);
        if (fromAddress != null && !fromAddress.has(ADDRESS_FAILURES, now)) {
            return OptionalLong.of(1);
        }
        if (failures.size() >= MAX_TRACKED && !failures.containsKey(key(user, address))) {
            // Full of budgets that all still hold failures: a flood; refuse what would need a new one.
            return OptionalLong.of(60 / FAILURES);
        }
        return OptionalLong.empty();
    }

    /** Counts a failed login of the user name from the address. */
    public void failed(String user, String address) {
        long now = System.nanoTime();
        forgetIdle(failures, FAILURES, now);
        forgetIdle(byAddress, ADDRESS_FAILURES, now);
        failures.computeIfAbsent(key(user, address), k -> new RequestBudget()).take(FAILURES, now);
        byAddress.computeIfAbsent(address, k -> new RequestBudget()).take(ADDRESS_FAILURES, now);
    }

    private static void forgetIdle(Map<String, RequestBudget> budgets, int perMinute, long now) {
        if (budgets.size() >= MAX_TRACKED) {
            budgets.values().removeIf(budget -> budget.idle(perMinute, now));
        }
    }

    private static String key(String user, String address) {
        return user.trim().toLowerCase(Locale.ROOT) + "|" + address;
    }
}
