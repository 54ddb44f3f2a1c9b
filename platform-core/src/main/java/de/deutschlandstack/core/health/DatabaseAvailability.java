package de.deutschlandstack.core.health;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import javax.sql.DataSource;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Whether the platform database answers, known without asking it on the request's path. A probe asks the database every
 * second on a thread of its own; a probe that gets no answer within a second, or a refused or broken connection, makes
 * the database unavailable until a probe succeeds again. While it is unavailable every request that needs it is answered
 * at once with 503 and {@code Retry-After} ({@link #RETRY_AFTER_SECONDS}), in its protocol's error format, instead of
 * waiting on a pool, a socket or a frozen server; readiness says DOWN without waiting either. Each change of state is one
 * log line (down with its reason, back with the outage's length), never a stack trace per failed request.
 */
@ApplicationScoped
public class DatabaseAvailability {

    private static final Logger LOG = Logger.getLogger(DatabaseAvailability.class);

    /** What a refused client is told to wait before it tries again. */
    public static final int RETRY_AFTER_SECONDS = 5;
    /** What a request refused for it is told, in its protocol's error format. */
    public static final String MESSAGE = "The platform's database is unavailable at the moment; retry after "
            + RETRY_AFTER_SECONDS + " s";
    /** How long a probe may take before the database counts as not answering. */
    static final long PROBE_BUDGET_MILLIS = 1_000;
    private static final long PROBE_INTERVAL_MILLIS = 1_000;

    @Resource(lookup = "java:jboss/datasources/PlatformDS")
    DataSource dataSource;

    /**
     * Threads of its own, not the container's managed executors: the probe must run whatever happens to the request
     * threads and pools, and a periodic task of the managed scheduler, scheduled while the EAR starts, never ran.
     */
    private ScheduledExecutorService ticker;
    private ExecutorService probes;

    private volatile boolean available = true;
    private volatile String reason = "";
    private volatile String product = "";
    private volatile long unavailableSince;
    private volatile long probeStarted;
    private ScheduledFuture<?> ticks;
    private final AtomicBoolean probing = new AtomicBoolean();
    /** The probe's own connection; only the one running probe touches it. */
    private Connection held;

    synchronized void start(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
        if (ticks != null) {
            return; // each module of the EAR announces its start
        }
        ticker = Executors.newSingleThreadScheduledExecutor(daemon("platform-database-ticks"));
        probes = Executors.newSingleThreadExecutor(daemon("platform-database-probe"));
        // The first probe before the first request (on the starting thread: the migrations have just reached the
        // database), so that readiness reports the database from the start.
        probing.set(true);
        probeStarted = System.currentTimeMillis();
        probe();
        ticks = ticker.scheduleWithFixedDelay(this::tick, PROBE_INTERVAL_MILLIS, PROBE_INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    synchronized void stop() {
        if (ticks == null) {
            return;
        }
        ticks = null;
        ticker.shutdownNow();
        probes.shutdownNow();
        if (!probing.get()) {
            release();
        }
    }

    private static ThreadFactory daemon(String name) {
        return work -> {
            Thread thread = new Thread(work, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    /** True unless the last probe failed or got no answer in time. */
    public boolean available() {
        return available;
    }

    /** The database's product name (H2, PostgreSQL) once a probe connected; empty before. */
    public String product() {
        return product;
    }

    /** Why the database counts as unavailable (empty while it is available); never connection details. */
    public String reason() {
        return reason;
    }

    /**
     * Called by a request whose database work failed with {@code failure}: when the failure says the database is away
     * (not a constraint, not a bad query), a probe runs now instead of at the next tick. Answers whether it said so.
     */
    public boolean failed(Throwable failure) {
        if (!isUnavailability(failure)) {
            return false;
        }
        try {
            ticker.execute(this::tick);
        } catch (RuntimeException | Error stopping) {
            // the application is stopping: no probe any more
        }
        return true;
    }

    /**
     * For code outside the container's injection (servlets and filters of the EAR's library, Olingo's processors): whether
     * {@code failure} says the database is away, in which case the request answers 503 with {@link #MESSAGE}, and the
     * probe runs now.
     */
    public static boolean reportIfUnavailability(Throwable failure) {
        if (!isUnavailability(failure)) {
            return false;
        }
        try {
            jakarta.enterprise.inject.spi.CDI.current().select(DatabaseAvailability.class).get().failed(failure);
        } catch (RuntimeException e) {
            // no container (a unit test) or it is stopping: the answer is the same
        }
        return true;
    }

    /** Starts a probe unless one is running; declares the database unavailable if the running one is overdue. */
    void tick() {
        try {
            if (probing.get()) {
                if (System.currentTimeMillis() - probeStarted > PROBE_BUDGET_MILLIS
                        && markUnavailable("the database does not answer within " + PROBE_BUDGET_MILLIS + " ms")) {
                    // Frozen rather than gone: the requests waiting on it would wait out the network timeout.
                    de.deutschlandstack.core.tenancy.TenantConnections.abortInUse(Runnable::run);
                }
                return;
            }
            if (!probing.compareAndSet(false, true)) {
                return;
            }
            probeStarted = System.currentTimeMillis();
            try {
                probes.execute(this::probe);
            } catch (RuntimeException rejected) {
                probing.set(false);
            }
        } catch (RuntimeException e) {
            // The ticks go on whatever one of them met (a scheduled task that throws is never run again).
            LOG.debugf(e, "Probe of the platform database failed to start");
        }
    }

    /**
     * Asks the database on a connection the probe holds for itself, so that a probe never waits for the pool: a pool
     * busy with a peak of requests is not a database that is away.
     */
    private void probe() {
        try {
            if (held == null) {
                held = dataSource.getConnection();
                held.setNetworkTimeout(Runnable::run, (int) PROBE_BUDGET_MILLIS);
                product = held.getMetaData().getDatabaseProductName();
            }
            // A statement, not Connection.isValid: a statement that fails tells the pool that its connection is broken,
            // so that the pool destroys it rather than lending it again.
            try (java.sql.Statement select = held.createStatement()) {
                select.setQueryTimeout((int) Math.max(1, PROBE_BUDGET_MILLIS / 1000));
                select.execute("select 1");
            }
            markAvailable();
        } catch (SQLException | RuntimeException e) {
            release();
            markUnavailable(describe(e));
        } finally {
            probing.set(false);
        }
    }

    private void release() {
        Connection connection = held;
        held = null;
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException | RuntimeException e) {
                // broken anyway: the pool validates it before lending it again
            }
        }
    }

    /** Answers whether this call changed the state (the database was available until now). */
    private synchronized boolean markUnavailable(String why) {
        if (!available) {
            if (!why.equals(reason)) {
                // One line per change of the reason too (refused, then not answering), none per probe.
                reason = why;
                LOG.infof("Platform database still unavailable: %s", why);
            }
            return false;
        }
        available = false;
        unavailableSince = System.currentTimeMillis();
        reason = why;
        LOG.warnf("Platform database unavailable: %s; requests are answered 503 until it is back", why);
        return true;
    }

    private synchronized void markAvailable() {
        if (!available) {
            available = true;
            reason = "";
            LOG.infof("Platform database available again after %.1f s", (System.currentTimeMillis() - unavailableSince) / 1000.0);
        }
    }

    /**
     * Whether a failure means the database (or the way to it) is away rather than that the work was wrong: a refused,
     * broken or timed-out connection (SQLSTATE class 08, PostgreSQL's 57P01–57P03 shutdown states, 53300 too many
     * connections), a pool that had no connection to lend within its wait, a socket that timed out.
     */
    public static boolean isUnavailability(Throwable failure) {
        return causes(failure).stream().anyMatch(DatabaseAvailability::saysUnavailable);
    }

    private static boolean saysUnavailable(Throwable cause) {
        if (cause instanceof SQLTransientConnectionException || cause instanceof SQLNonTransientConnectionException
                || cause instanceof ConnectException || cause instanceof SocketTimeoutException
                || cause instanceof org.hibernate.exception.JDBCConnectionException) {
            return true;
        }
        if (cause instanceof SQLException sql && sql.getSQLState() != null) {
            String state = sql.getSQLState();
            if (state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03")
                    || state.equals("53300")) {
                return true;
            }
        }
        // IronJacamar's pool: "IJ000453: Unable to get managed connection", "IJ000655: No managed connections
        // available within configured blocking timeout" (a jakarta.resource.ResourceException inside).
        if (cause.getClass().getName().startsWith("jakarta.resource.")) {
            return true;
        }
        String message = cause.getMessage();
        return message != null && (message.startsWith("IJ000453") || message.startsWith("IJ000655") || message.startsWith("IJ031019"));
    }

    /**
     * A failure and everything behind it: its causes, and the chained exceptions of a JDBC batch (a batch's
     * {@code BatchUpdateException} carries the driver's real failure as its next exception, not as its cause).
     */
    private static java.util.List<Throwable> causes(Throwable failure) {
        java.util.List<Throwable> found = new java.util.ArrayList<>();
        java.util.Deque<Throwable> pending = new java.util.ArrayDeque<>();
        pending.add(failure);
        while (!pending.isEmpty() && found.size() < 64) {
            Throwable next = pending.poll();
            if (next == null || found.stream().anyMatch(seen -> seen == next)) {
                continue;
            }
            found.add(next);
            if (next.getCause() != null) {
                pending.add(next.getCause());
            }
            if (next instanceof SQLException sql && sql.getNextException() != null) {
                pending.add(sql.getNextException());
            }
        }
        return found;
    }

    private static String describe(Throwable failure) {
        for (Throwable cause : causes(failure)) {
            if (cause instanceof ConnectException) {
                return "connection refused";
            }
            if (cause instanceof SocketTimeoutException) {
                return "no answer within the network timeout";
            }
            if (cause instanceof SQLException sql && sql.getSQLState() != null) {
                return "SQLSTATE " + sql.getSQLState();
            }
        }
        return failure.getClass().getSimpleName();
    }
}
