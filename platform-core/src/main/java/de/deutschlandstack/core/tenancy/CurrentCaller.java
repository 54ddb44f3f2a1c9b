package de.deutschlandstack.core.tenancy;

import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * The caller bound to the current thread for the duration of one request or one platform job.
 *
 * <p>Hibernate reads the tenant from here when it opens a session ({@link PlatformTenantResolver}), so every
 * query, find, insert and delete of a {@link TenantScopedEntity} is confined to this caller's tenant.
 * Nothing else may set it: requests bind it in {@code CallerBinding} from the authenticated principal,
 * platform jobs through {@link #runAs(Caller, Callable)}.
 */
public final class CurrentCaller {

    private static final ThreadLocal<Caller> BOUND = new ThreadLocal<>();

    private CurrentCaller() {
    }

    public static Optional<Caller> get() {
        return Optional.ofNullable(BOUND.get());
    }

    /** The caller, or an {@link IllegalStateException}: tenant-scoped work never runs without one. */
    public static Caller require() {
        Caller caller = BOUND.get();
        if (caller == null) {
            throw new IllegalStateException("No caller is bound to this thread; tenant-scoped data is unreachable");
        }
        return caller;
    }

    public static <T> T runAs(Caller caller, Callable<T> work) throws Exception {
        Caller previous = bind(caller);
        try {
            return work.call();
        } finally {
            restore(previous);
        }
    }

    /** {@link #runAs(Caller, Callable)} for work that throws no checked exception. */
    public static <T> T runAsUnchecked(Caller caller, java.util.function.Supplier<T> work) {
        Caller previous = bind(caller);
        try {
            return work.get();
        } finally {
            restore(previous);
        }
    }

    private static Caller bind(Caller caller) {
        Caller previous = BOUND.get();
        BOUND.set(caller);
        return previous;
    }

    private static void restore(Caller previous) {
        if (previous == null) {
            BOUND.remove();
        } else {
            BOUND.set(previous);
        }
    }
}
