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
import java.util.List;

/**
 * How a change of a fact that every platform node keeps in memory reaches the other nodes within about a second:
 * users (passwords, roles, enabled), tenants (status, limits) and the keys tokens are signed with. PostgreSQL counts
 * every change of their tables in one row ({@code platform_shared_facts}, by triggers, so a change made by hand with
 * {@code psql} counts too); every node reads that count once a second, beside its database probe
 * ({@code core.health.DatabaseAvailability}), and when it moved, fires {@link Changed}: each cache of such facts
 * observes it and forgets everything. The node that made a change forgets at once besides, without waiting for the
 * count. Changes of these facts are rare (an administrator's work), so forgetting everything costs a few reads.
 */
@ApplicationScoped
public class SharedFacts {

    private static final Logger LOG = Logger.getLogger(SharedFacts.class);

    /** The tables whose changes count: what the caches of users, tenants and signing keys hold. */
    static final List<String> TABLES = List.of("platform_user", "platform_tenant", "platform_signing_key");

    /** Fired when another node (or anyone) changed users, tenants or signing keys: caches of them forget everything. */
    public record Changed(long generation) {
    }

    @Inject
    Event<Changed> changed;

    /** The count last read; -1 before the first read, which only sets it. */
    private long seen = -1;

    /**
     * Reads the count on {@code connection} (the probe's) and fires {@link Changed} when it moved since the last read.
     * Called by the probe's one thread after each probe that reached the database; a failure here is the probe's to
     * notice next time, not an outage.
     */
    public void check(Connection connection) {
        long generation;
        try (Statement select = connection.createStatement();
             ResultSet row = select.executeQuery("select generation from platform_shared_facts where id = 1")) {
            if (!row.next()) {
                return;
            }
            generation = row.getLong(1);
        } catch (SQLException e) {
            LOG.debugf("The count of shared facts' changes was not read: %s", e.getMessage());
            return;
        }
        if (seen >= 0 && generation != seen) {
            LOG.debugf("Users, tenants or signing keys changed (count %d, was %d): the caches forget them", generation, seen);
            changed.fire(new Changed(generation));
        }
        seen = generation;
    }

    /**
     * Installs the counting triggers (PostgreSQL only; the embedded H2 serves one node), on a connection of the schema's
     * owner in a transaction the caller commits. Statement-level: one count per statement, whatever it touched.
     */
    public static void apply(Connection connection) throws SQLException {
        if (!RowLevelSecurity.supports(connection)) {
            return;
        }
        try (Statement ddl = connection.createStatement()) {
            String schema;
            try (ResultSet row = ddl.executeQuery("select quote_ident(current_schema())")) {
                row.next();
                schema = row.getString(1);
            }
            // With the owner's rights: the platform's user changes users and tenants, and need not be able to set the
            // count itself.
            ddl.execute("create or replace function " + schema + ".platform_shared_facts_changed() returns trigger"
                    + " language plpgsql security definer set search_path = pg_catalog, " + schema + ", pg_temp as $$"
                    + """
                    begin
                        update %1$s.platform_shared_facts set generation = generation + 1 where id = 1;
                        return null;
                    end
                    $$""".formatted(schema));
            for (String table : TABLES) {
                ddl.execute("create or replace trigger " + table + "_changed after insert or update or delete or truncate on "
                        + schema + "." + table + " for each statement execute function " + schema + ".platform_shared_facts_changed()");
            }
        }
    }
}
