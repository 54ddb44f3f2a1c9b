package de.deutschlandstack.core.cluster;

import de.deutschlandstack.core.tenancy.RowLevelSecurity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Set;

/**
 * How a change of a fact that every platform node keeps in memory reaches the other nodes within about a second: a user
 * (password, roles, enabled), a tenant (status, limits), the keys tokens are signed with. PostgreSQL records each changed
 * row in {@code platform_shared_fact_change} (by triggers, in the changing transaction, so a change made by hand with
 * {@code psql} counts too); every node reads the records of the last {@value #WINDOW_MINUTES} minutes once a second, on a
 * thread and a connection of its own (never the database probe's: a burst of records delays the forgetting, never the
 * probe), and fires {@link Changed} for each one it has not seen: the cache that holds the fact forgets it, and nothing
 * else. The node that made a change forgets at once besides.
 *
 * <p>What cannot be known is forgotten whole: at the first reading, after readings failed, after a pause longer than
 * half the window (the database was away), and when a reading finds more new records than {@value #MAX_EVENTS} (one
 * event per kind then). A record that becomes visible after it left the window (a transaction open for longer) is not
 * seen; the caches' own expiry bounds that case (users 30 s, tenants 10 s, signing keys 60 s). Records older than an
 * hour are deleted by every node now and then ({@code platform_prune_shared_fact_changes()}, skipping rows a transaction
 * holds), never by the triggers: a change never waits for another's.
 */
@ApplicationScoped
public class SharedFacts {

    private static final Logger LOG = Logger.getLogger(SharedFacts.class);

    /** The records of this many minutes are read at each reading. */
    static final int WINDOW_MINUTES = 10;
    /** More new records than this in one reading: each kind is forgotten whole instead of record by record. */
    static final int MAX_EVENTS = 1_000;
    private static final long READ_INTERVAL_MILLIS = 1_000;
    private static final long PRUNE_INTERVAL_MILLIS = 10 * 60_000;

    /** What changed. */
    public enum Kind {
        /** A platform user (key: the user name). */
        USER,
        /** A registered tenant (key: the tenant). */
        TENANT,
        /** The keys the platform signs its tokens with (no key: all of them). */
        SIGNING_KEYS
    }

    /** The table the changes are recorded in (where the schema has an owner of its own, the platform's user only reads it). */
    public static final String TABLE = "platform_shared_fact_change";

    /** A fact another node (or anyone) changed: the cache holding it forgets it; {@code key} null: every fact of the kind. */
    public record Changed(Kind kind, String key) {

        /** Whether this change concerns the fact of that key. */
        public boolean concerns(String factKey) {
            return key == null || key.equals(factKey);
        }
    }

    @Inject
    Event<Changed> changed;

    @Inject
    de.deutschlandstack.core.health.DatabaseAvailability database;

    private java.util.concurrent.ScheduledExecutorService reader;
    private Connection held;
    /** The records of the window seen at the last reading; null when nothing is known (first reading, after a failure). */
    private Set<Long> seen;
    private long lastRead;
    private long lastPrune;
    private boolean failureReported;

    synchronized void start(@jakarta.enterprise.event.Observes @jakarta.enterprise.context.Initialized(ApplicationScoped.class) Object started) {
        if (reader != null) {
            return; // each module of the EAR announces its start
        }
        reader = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(work -> {
            Thread thread = new Thread(work, "platform-shared-facts");
            thread.setDaemon(true);
            return thread;
        });
        reader.scheduleWithFixedDelay(this::readSafely, READ_INTERVAL_MILLIS, READ_INTERVAL_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    @jakarta.annotation.PreDestroy
    synchronized void stop() {
        if (reader != null) {
            reader.shutdownNow();
            try {
                reader.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            reader = null;
        }
        release();
    }

    private void readSafely() {
        try {
            if (database.available()) {
                read();
            }
        } catch (RuntimeException | Error e) {
            // Caught whole: a scheduled task that throws is never run again.
            seen = null;
            LOG.debugf(e, "Reading the changes of shared facts failed");
        }
    }

    /** One reading: the records of the window, an event for each new one (or for each kind when too many are new). */
    void read() {
        Set<Long> now = new HashSet<>();
        java.util.List<Changed> news = new java.util.ArrayList<>();
        try {
            if (held == null) {
                held = database.sideConnection();
                held.setNetworkTimeout(Runnable::run, 5_000);
            }
            if (!RowLevelSecurity.supports(held)) {
                return; // the embedded database serves one node: nothing to hear of
            }
            try (Statement select = held.createStatement();
                 ResultSet rows = select.executeQuery("select seq, kind, fact_key from " + TABLE
                         + " where changed_at > clock_timestamp() - interval '" + WINDOW_MINUTES + " minutes'")) {
                while (rows.next()) {
                    long seq = rows.getLong(1);
                    now.add(seq);
                    if (seen != null && !seen.contains(seq)) {
                        news.add(new Changed(Kind.valueOf(rows.getString(2)), rows.getString(3)));
                    }
                }
            }
            pruneNowAndThen();
        } catch (SQLException | IllegalArgumentException e) {
            release();
            seen = null; // what was missed meanwhile is unknown: the next good reading forgets everything
            if (!failureReported) {
                failureReported = true;
                LOG.warnf("Changes of users, tenants and signing keys on other nodes cannot be read (%s): this node"
                        + " notices them when its caches expire (users 30 s, tenants 10 s, signing keys 60 s) until it can", e.getMessage());
            }
            return;
        }
        long time = System.currentTimeMillis();
        boolean unknown = seen == null || time - lastRead > WINDOW_MINUTES * 60_000L / 2;
        if (failureReported) {
            failureReported = false;
            LOG.info("Changes of users, tenants and signing keys on other nodes are read again");
        }
        if (unknown || news.size() > MAX_EVENTS) {
            for (Kind kind : Kind.values()) {
                changed.fire(new Changed(kind, null));
            }
        } else {
            for (Changed change : news) {
                LOG.debugf("Changed elsewhere: %s %s", change.kind(), change.key() == null ? "(all)" : change.key());
                changed.fire(change);
            }
        }
        // Only once every cache heard of them: an observer that failed has them again at the next reading.
        seen = now;
        lastRead = time;
    }

    /** Now and then: deletes records older than an hour, those a transaction holds skipped. */
    private void pruneNowAndThen() throws SQLException {
        long time = System.currentTimeMillis();
        if (time - lastPrune < PRUNE_INTERVAL_MILLIS) {
            return;
        }
        lastPrune = time;
        try (Statement prune = held.createStatement()) {
            prune.execute("select platform_prune_shared_fact_changes()");
        }
    }

    private void release() {
        Connection connection = held;
        held = null;
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                // broken anyway
            }
        }
    }

    /**
     * Installs the recording triggers (PostgreSQL only; the embedded H2 serves one node), on a connection of the schema's
     * owner in a transaction the caller commits, and takes from the platform's user every right on the table but reading
     * it, so that no request can forge or remove a record.
     */
    public static void apply(Connection connection, String platformUser) throws SQLException {
        if (!RowLevelSecurity.supports(connection)) {
            return;
        }
        try (Statement ddl = connection.createStatement()) {
            de.deutschlandstack.core.schema.OwnedSchema owned = de.deutschlandstack.core.schema.OwnedSchema.of(ddl, platformUser);
            String schema = owned.name();
            boolean ownsTables = owned.platformUserOwnsIt();
            // With the owner's rights (the platform's user may not write the table); the name column and the kind come
            // from the trigger's arguments (constants of this class, never input).
            ddl.execute("create or replace function " + schema + ".platform_shared_fact_changed() returns trigger"
                    + owned.ownersFunction()
                    + """
                    declare
                        changed_key varchar;
                    begin
                        if tg_op = 'UPDATE' and old is not distinct from new then
                            return null; -- nothing changed: nothing to forget
                        end if;
                        if tg_level = 'ROW' and tg_nargs > 1 then
                            changed_key := (case when tg_op = 'DELETE' then to_jsonb(old) else to_jsonb(new) end) ->> tg_argv[1];
                            if tg_op = 'UPDATE' and (to_jsonb(old) ->> tg_argv[1]) is distinct from changed_key then
                                insert into %1$s.%2$s (kind, fact_key, changed_at)
                                    values (tg_argv[0], to_jsonb(old) ->> tg_argv[1], clock_timestamp());
                            end if;
                        end if;
                        insert into %1$s.%2$s (kind, fact_key, changed_at) values (tg_argv[0], changed_key, clock_timestamp());
                        return null;
                    end
                    $$""".formatted(schema, TABLE));
            // Records older than an hour go, called by the nodes now and then: rows another transaction holds are skipped,
            // so pruning never waits for a change nor a change for it.
            ddl.execute("create or replace function " + schema + ".platform_prune_shared_fact_changes() returns void"
                    + owned.ownersFunction()
                    + """
                    begin
                        delete from %1$s.%2$s where seq in (select seq from %1$s.%2$s
                            where changed_at < clock_timestamp() - interval '1 hour' for update skip locked);
                    end
                    $$""".formatted(schema, TABLE));
            trigger(ddl, schema, "platform_user", "USER", "user_name");
            trigger(ddl, schema, "platform_tenant", "TENANT", "tenant");
            trigger(ddl, schema, "platform_signing_key", "SIGNING_KEYS", null);
            // Only the triggers call the recording function, only the platform's user the pruning one: a function of the
            // owner's that anyone may call would write records for them (PostgreSQL lets PUBLIC execute by default).
            String user = "\"" + platformUser.replace("\"", "\"\"") + "\"";
            ddl.execute("revoke execute on function " + schema + ".platform_shared_fact_changed() from public");
            ddl.execute("revoke execute on function " + schema + ".platform_prune_shared_fact_changes() from public");
            if (!ownsTables) {
                ddl.execute("grant execute on function " + schema + ".platform_prune_shared_fact_changes() to " + user);
                ddl.execute("revoke insert, update, delete, truncate on " + schema + "." + TABLE + " from " + user);
            }
        }
    }

    /** One record per changed row (its key from {@code keyColumn}; none: the whole kind), one per truncation. */
    private static void trigger(Statement ddl, String schema, String table, String kind, String keyColumn) throws SQLException {
        String function = schema + ".platform_shared_fact_changed";
        String rowArguments = keyColumn == null ? "'" + kind + "'" : "'" + kind + "', '" + keyColumn + "'";
        ddl.execute("create or replace trigger " + table + "_changed after insert or update or delete on " + schema + "."
                + table + " for each " + (keyColumn == null ? "statement" : "row") + " execute function " + function
                + "(" + rowArguments + ")");
        ddl.execute("create or replace trigger " + table + "_truncated after truncate on " + schema + "." + table
                + " for each statement execute function " + function + "('" + kind + "')");
    }
}
