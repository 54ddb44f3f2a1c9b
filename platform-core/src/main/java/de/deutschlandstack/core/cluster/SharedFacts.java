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
 * {@code psql} counts too); every node reads the records of the last minute once a second, beside its database probe
 * ({@code core.health.DatabaseAvailability}), and fires {@link Changed} for each one it has not seen: the cache that
 * holds the fact forgets it, and nothing else. The node that made a change forgets at once besides. A record that
 * becomes visible more than a minute after it was written (a transaction open that long) is not seen: the caches' own
 * expiry (users 30 s, tenants 10 s) bounds that case.
 */
@ApplicationScoped
public class SharedFacts {

    private static final Logger LOG = Logger.getLogger(SharedFacts.class);

    /** What changed. */
    public enum Kind {
        /** A platform user (key: the user name). */
        USER,
        /** A registered tenant (key: the tenant). */
        TENANT,
        /** The keys the platform signs its tokens with (no key: all of them). */
        SIGNING_KEYS
    }

    /** The table the changes are recorded in; the platform's own database user may only read it. */
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

    /** The records of the window seen at the last reading; null before the first, which only notes them. */
    private Set<Long> seen;
    private boolean missingReported;

    /**
     * Reads the records of the last minute on {@code connection} (the probe's; PostgreSQL only) and fires {@link Changed}
     * for each one not seen before. Called by the probe's one thread after each probe that reached the database; a
     * failure here is the probe's to notice, not an outage.
     */
    public void check(Connection connection) {
        Set<Long> now = new HashSet<>();
        java.util.List<Changed> news = new java.util.ArrayList<>();
        try {
            if (!RowLevelSecurity.supports(connection)) {
                return;
            }
            try (Statement select = connection.createStatement();
                 ResultSet rows = select.executeQuery("select seq, kind, fact_key from " + TABLE
                         + " where changed_at > clock_timestamp() - interval '60 seconds'")) {
                while (rows.next()) {
                    long seq = rows.getLong(1);
                    now.add(seq);
                    if (seen != null && !seen.contains(seq)) {
                        news.add(new Changed(Kind.valueOf(rows.getString(2)), rows.getString(3)));
                    }
                }
            }
            missingReported = false;
        } catch (SQLException | IllegalArgumentException e) {
            if (!missingReported) {
                // Once: the other nodes' changes now reach this one only when its caches expire.
                LOG.warnf("Changes of users, tenants and signing keys on other nodes cannot be read (%s): this node"
                        + " notices them only when its caches expire (users 30 s, tenants 10 s)", e.getMessage());
                missingReported = true;
            }
            return;
        }
        seen = now;
        for (Changed change : news) {
            LOG.debugf("Changed elsewhere: %s %s", change.kind(), change.key() == null ? "(all)" : change.key());
            changed.fire(change);
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
            String schema;
            boolean ownsTables;
            try (ResultSet row = ddl.executeQuery("select quote_ident(current_schema()), current_user")) {
                row.next();
                schema = row.getString(1);
                ownsTables = row.getString(2).equals(platformUser);
            }
            // With the owner's rights (the platform's user may not write the table); the name column and the kind come
            // from the trigger's arguments. Records older than an hour go as new ones come: the table stays small.
            ddl.execute("create or replace function " + schema + ".platform_shared_fact_changed() returns trigger"
                    + " language plpgsql security definer set search_path = pg_catalog, " + schema + ", pg_temp as $$"
                    + """
                    declare
                        changed_key varchar;
                    begin
                        if tg_level = 'ROW' and tg_nargs > 1 then
                            changed_key := (case when tg_op = 'DELETE' then to_jsonb(old) else to_jsonb(new) end) ->> tg_argv[1];
                            if tg_op = 'UPDATE' and (to_jsonb(old) ->> tg_argv[1]) is distinct from changed_key then
                                insert into %1$s.%2$s (kind, fact_key, changed_at)
                                    values (tg_argv[0], to_jsonb(old) ->> tg_argv[1], clock_timestamp());
                            end if;
                        end if;
                        insert into %1$s.%2$s (kind, fact_key, changed_at) values (tg_argv[0], changed_key, clock_timestamp());
                        delete from %1$s.%2$s where changed_at < clock_timestamp() - interval '1 hour';
                        return null;
                    end
                    $$""".formatted(schema, TABLE));
            trigger(ddl, schema, "platform_user", "USER", "user_name");
            trigger(ddl, schema, "platform_tenant", "TENANT", "tenant");
            trigger(ddl, schema, "platform_signing_key", "SIGNING_KEYS", null);
            if (!ownsTables) {
                ddl.execute("revoke insert, update, delete, truncate on " + schema + "." + TABLE + " from \""
                        + platformUser.replace("\"", "\"\"") + "\"");
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
