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
 * second on a connection of its own; two probes in a row that fail or get no answer within a second (or one that finds
 * the database refusing connections or shutting down) make the database unavailable until a probe succeeds again. While
 * it is unavailable every request that needs it is answered at once with 503 and {@code Retry-After}
 * ({@link #RETRY_AFTER_SECONDS}), in its protocol's error format, instead of waiting on a pool, a socket or a frozen
 * server; the connections requests held when it went are aborted; readiness says DOWN without waiting either. Going and
 * coming back are one log line each, never a stack trace per failed request.
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
    /** Failed or overdue probes in a row that make the database count as unavailable. */
    private static final int FAILURES_TO_REFUSE = 2;

    @Resource(lookup = "java:jboss/datasources/PlatformDS")
    DataSource dataSource;

    /**
     * The probe's own small pool ({@value #PROBE_DATA_SOURCE}, configure-platform.cli), so that a probe never waits
     * behind requests for a connection (a pool busy with a peak is not a database that is away), and what the probe sets
     * on a connection never reaches one a request gets. Where the server has none (tests without one), the platform's.
     */
    private DataSource probeDataSource;
    static final String PROBE_DATA_SOURCE = "java:jboss/datasources/PlatformProbeDS";

    /**
     * Threads of its own, not the container's managed executors: the probe must run whatever happens to the request
     * threads and pools, and a periodic task of the managed scheduler, scheduled while the EAR starts, never ran.
     */
    private ScheduledExecutorService ticker;
    private ExecutorService probes;

    private volatile boolean available = true;
    /** {@link #available} for code the container does not inject; one deployment's classes, one platform. */
    private static volatile boolean refusing;
    private int failures;
    private final AtomicBoolean tickQueued = new AtomicBoolean();
    private volatile String reason = "";
    private volatile String product = "";
    private volatile long unavailableSince;
    private volatile long probeStarted;
    private ScheduledFuture<?> ticks;
    private final AtomicBoolean probing = new AtomicBoolean();
    /** The probe's own connection; only the one running probe touches it. */
    private volatile Connection held;

    synchronized void start(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
        if (ticks != null) {
            return; // each module of the EAR announces its start
        }
        try {
            probeDataSource = (DataSource) new javax.naming.InitialContext().lookup(PROBE_DATA_SOURCE);
        } catch (javax.naming.NamingException e) {
            // A server configured by an older configure-platform.cli: the probe then shares the requests' pool.
            LOG.warnf("No %s: the database probe uses the requests' pool and may wait behind them", PROBE_DATA_SOURCE);
            probeDataSource = dataSource;
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
        try {
            // A probe under way ends within its network timeout; then its connection goes back to the server's pool.
            probes.awaitTermination(2 * PROBE_BUDGET_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        release();
        refusing = false;
    }

    private static ThreadFactory daemon(String name) {
        return work -> {
            Thread thread = new Thread(work, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    /**
     * A connection of the probe's pool, for the platform's own small reads that must not wait behind requests (the
     * metrics' scrape): at most a second's wait for it. Closed by the caller.
     */
    public Connection sideConnection() throws SQLException {
        return (probeDataSource != null ? probeDataSource : dataSource).getConnection();
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
        // However many requests fail at once, one early tick.
        if (tickQueued.compareAndSet(false, true)) {
            try {
                ticker.execute(() -> {
                    tickQueued.set(false);
                    tick();
                });
            } catch (RuntimeException | Error stopping) {
                tickQueued.set(false); // the application is stopping: no probe any more
            }
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

    /**
     * For code below the container (the connections Hibernate takes, {@code core.tenancy.TenantConnections}): whether
     * requests are being refused now. A request already past its login (a {@code $batch} under way) then gets no more
     * connections either, instead of waiting for each.
     */
    public static boolean refusing() {
        return refusing;
    }

    /** Starts a probe unless one is running; counts a running one that is overdue as a failure. */
    void tick() {
        try {
            if (probing.get()) {
                if (System.currentTimeMillis() - probeStarted > PROBE_BUDGET_MILLIS) {
                    failure("the database does not answer within " + PROBE_BUDGET_MILLIS + " ms", false);
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
     * Asks the database on a connection the probe holds for itself, from a pool of its own. When the held connection
     * fails, one more try on a fresh one: a connection the database ended (an idle timeout, a terminated backend) is not
     * an outage.
     */
    private void probe() {
        try {
            try {
                ask();
            } catch (SQLException | RuntimeException first) {
                release();
                ask();
            }
            success();
        } catch (SQLException | RuntimeException e) {
            release();
            failure(describe(e), isRefusal(e));
        } finally {
            probing.set(false);
        }
    }

    private void ask() throws SQLException {
        if (held == null) {
            held = probeDataSource.getConnection();
            held.setNetworkTimeout(Runnable::run, (int) PROBE_BUDGET_MILLIS);
            product = held.getMetaData().getDatabaseProductName();
        }
        // A statement, not Connection.isValid: a statement that fails tells the pool that its connection is broken,
        // so that the pool destroys it rather than lending it again.
        try (java.sql.Statement select = held.createStatement()) {
            select.setQueryTimeout((int) Math.max(1, PROBE_BUDGET_MILLIS / 1000));
            select.execute("select 1");
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

    private synchronized void success() {
        failures = 0;
        if (!available) {
            available = true;
            refusing = false;
            reason = "";
            LOG.infof("Platform database available again after %.1f s", (System.currentTimeMillis() - unavailableSince) / 1000.0);
        }
    }

    /**
     * One failed or overdue probe. The database counts as unavailable at the second in a row (a pause of the JVM or a
     * busy database is not yet an outage), or at once when it refused a fresh connection or is shutting down. Going
     * unavailable aborts the pool's connections: requests would otherwise wait on a database that does not answer.
     */
    private synchronized void failure(String why, boolean definitive) {
        failures++;
        if (!available) {
            if (!why.equals(reason)) {
                reason = why;
                LOG.debugf("Platform database still unavailable: %s", why);
            }
            return;
        }
        if (!definitive && failures < FAILURES_TO_REFUSE) {
            return;
        }
        available = false;
        refusing = true;
        unavailableSince = System.currentTimeMillis();
        reason = why;
        LOG.warnf("Platform database unavailable: %s; requests are answered 503 until it is back", why);
        de.deutschlandstack.core.tenancy.TenantConnections.abortAll(Runnable::run);
    }

    /** A refused connection or a database that says it shuts down: no reason to wait for a second probe. */
    private static boolean isRefusal(Throwable failure) {
        return causes(failure).stream().anyMatch(cause -> cause instanceof ConnectException
                || cause instanceof SQLException sql && sql.getSQLState() != null && java.util.Set.of("08001", "08004",
                "57P01", "57P02", "57P03").contains(sql.getSQLState()));
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
