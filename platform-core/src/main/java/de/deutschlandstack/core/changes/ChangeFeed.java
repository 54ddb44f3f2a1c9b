package de.deutschlandstack.core.changes;

import de.deutschlandstack.core.tenancy.RowLevelSecurity;
import de.deutschlandstack.core.tenancy.TenantStatus;
import de.deutschlandstack.core.web.RequestRefused;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import org.hibernate.Session;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The change log of every tenant, page by page, for the data lake: the entries after a sequence number, and what the
 * lake must erase. The lake runs in a process of its own, possibly on another machine, and reads this through the
 * platform's API with its technical account ({@code /api/lake/changes}); nothing else reads across tenants.
 *
 * <p>Each page is a range of sequence numbers, {@code after} up to {@code upTo}, never beyond the log's committed
 * {@code position} (numbers are taken in commit order, so every entry up to it is committed and visible: there is no gap
 * to wait for). A reader that continues after {@code upTo} misses nothing. Entries of tenants being offboarded are left
 * out: their erasure is under way, and nothing of theirs may reach the lake again.
 *
 * <p>An erasure comes with the first page that reaches the log's position at the moment the feed first saw it (by then
 * its transaction had committed, every change it made at or below that position): every change of the erasing
 * transaction is then in this page or an earlier one, and every entry read later already has its personal state cleared.
 * A lake that applies the page, then the erasures, holds nothing the erasure took away. It reports exactly the erasures
 * it applied; the others are handed out again.
 */
@ApplicationScoped
public class ChangeFeed {

    /** Entries one page holds at most. */
    public static final int MAX_ENTRIES = 10_000;
    public static final int DEFAULT_ENTRIES = 2_000;
    /** The states of one page together, in characters: a page of large objects ends early rather than fill the heap. */
    static final long MAX_STATE_CHARS = 8L * 1024 * 1024;
    /** Open erasures one page carries at most; the rest follow once these are applied. */
    public static final int MAX_ERASURES = 10_000;

    @PersistenceContext(unitName = "platform")
    EntityManager em;

    @jakarta.inject.Inject
    de.deutschlandstack.core.odata.ODataServices services;

    private volatile Schema schema;

    /**
     * The lake's columns, from the entity declarations (the one declaration of every business object): each primitive
     * property, and each reference to a single object as the referenced object's identifier. Collections of complex
     * values (a partner's addresses) stay in the state alone.
     */
    public Schema schema() {
        Schema known = schema;
        if (known != null) {
            return known;
        }
        java.util.Map<String, EntitySetSchema> sets = new java.util.TreeMap<>();
        for (de.deutschlandstack.core.odata.ODataService service : services.services().values()) {
            for (de.deutschlandstack.core.odata.model.EntitySetModel set : service.model().entitySets()) {
                if (!set.changeLogged()) {
                    continue;
                }
                List<Column> columns = new ArrayList<>();
                for (de.deutschlandstack.core.odata.model.PropertyModel property : set.properties()) {
                    columns.add(new Column(property.name(), property.attribute(), property.edmType(), property.precision(),
                            property.scale(), property.key()));
                }
                for (de.deutschlandstack.core.odata.model.NavigationModel navigation : set.navigations()) {
                    if (!navigation.collection() && set.property(navigation.name() + "ID").isEmpty()) {
                        columns.add(new Column(navigation.name() + "ID", navigation.attribute(), "String", null, null, false));
                    }
                }
                sets.put(set.name(), new EntitySetSchema(set.name(), List.copyOf(columns)));
            }
        }
        StringBuilder canonical = new StringBuilder();
        sets.values().forEach(set -> canonical.append(set).append('\n'));
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(canonical.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            known = new Schema(java.util.HexFormat.of().formatHex(digest, 0, 8), List.copyOf(sets.values()));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        schema = known;
        return known;
    }

    /** One change as the lake receives it: its state as the object's JSON, null for a deletion. */
    @jakarta.json.bind.annotation.JsonbNillable
    public record Change(long seq, String tenant, String entitySet, String key, String operation, String state, Instant changedAt) {
    }

    /**
     * What the lake must erase: a whole tenant ({@code entitySet} and {@code key} null) or one object of it, whose states
     * up to sequence number {@code upToSeq} held what the erasure took away.
     */
    @jakarta.json.bind.annotation.JsonbNillable
    public record Erasure(long id, String tenant, String entitySet, String key, long upToSeq) {
    }

    /**
     * A page: the changes with numbers in ({@code after}, {@code upTo}], and the open erasures whose changes are all at
     * or below {@code upTo}; {@code schemaVersion} names the {@link #schema()} the states follow (a reader that holds
     * another version reads the schema again).
     */
    public record Page(long after, long upTo, long position, String schemaVersion, List<Change> changes, List<Erasure> erasures) {
    }

    /**
     * One column of an entity set's table in the lake: its name (the OData property's, or for a reference to a single
     * object the navigation's name and {@code ID}), the key of its value in a change's state ({@code attribute}), and its
     * EDM type with precision and scale where it has them. The key's value is the change's key.
     */
    @jakarta.json.bind.annotation.JsonbNillable
    public record Column(String name, String attribute, String type, Integer precision, Integer scale, boolean key) {
    }

    /** The columns of one entity set's states. */
    public record EntitySetSchema(String entitySet, List<Column> columns) {
    }

    /** The columns of every entity set the change log records, as declared by the entities; {@code version} a digest of them. */
    public record Schema(String version, List<EntitySetSchema> entitySets) {
    }

    /** The page after {@code after} with at most {@code limit} entries; 409 if {@code after} is beyond the log. */
    @Transactional
    public Page after(long after, int limit) {
        if (after < 0 || limit < 1 || limit > MAX_ENTRIES) {
            throw new RequestRefused(400, "after is 0 or more, limit 1 to " + MAX_ENTRIES);
        }
        return em.unwrap(Session.class).doReturningWork(connection -> {
            openEveryTenant(connection);
            // An erasure the feed sees for the first time takes the log's position of this moment: its transaction has
            // committed, and with it every change it made, all at or below that position (one statement, one snapshot).
            try (PreparedStatement seen = connection.prepareStatement("update lake_erasure set seen_position ="
                    + " (select p.last_seq from change_log_position p where p.id = 1) where applied_at is null and seen_position is null")) {
                seen.executeUpdate();
            }
            long position;
            try (PreparedStatement read = connection.prepareStatement("select last_seq from change_log_position where id = 1");
                 ResultSet row = read.executeQuery()) {
                row.next();
                position = row.getLong(1);
            }
            if (after > position) {
                // The database is older than what the reader has seen: restored from a backup, or another one.
                throw new RequestRefused(409, "The reader is at sequence number " + after + ", beyond the change log's position "
                        + position + ": the database is older than what the reader has seen (restored from a backup?);"
                        + " rebuild the lake from the log");
            }
            long bound = Math.min(position, after + limit);
            List<Change> changes = new ArrayList<>();
            long upTo = bound;
            long stateChars = 0;
            try (PreparedStatement read = connection.prepareStatement("select c.seq, c.tenant, c.entity_set, c.entity_key, c.operation,"
                    + " c.state, c.changed_at from change_log c where c.seq > ? and c.seq <= ? and c.tenant in"
                    + " (select t.tenant from platform_tenant t where t.status in ('" + TenantStatus.ACTIVE + "', '"
                    + TenantStatus.SUSPENDED + "')) order by c.seq")) {
                read.setLong(1, after);
                read.setLong(2, bound);
                read.setFetchSize(500);
                try (ResultSet rows = read.executeQuery()) {
                    while (rows.next()) {
                        String state = rows.getString(6);
                        stateChars += state == null ? 0 : state.length();
                        if (stateChars > MAX_STATE_CHARS && !changes.isEmpty()) {
                            upTo = changes.get(changes.size() - 1).seq();
                            break;
                        }
                        Timestamp at = rows.getTimestamp(7);
                        changes.add(new Change(rows.getLong(1), rows.getString(2), rows.getString(3), rows.getString(4),
                                rows.getString(5), state, at.toInstant()));
                    }
                }
            }
            return new Page(after, upTo, position, schema().version(), changes, openErasures(connection, upTo));
        });
    }

    /**
     * Marks these erasures applied: the lake has erased them from its tables and their history. Exactly those: an
     * erasure whose number is lower but whose transaction committed later was never handed out.
     */
    @Transactional
    public int applied(List<Long> ids) {
        if (ids.size() > MAX_ERASURES) {
            throw new RequestRefused(400, "At most " + MAX_ERASURES + " erasures at once");
        }
        int applied = 0;
        Timestamp now = Timestamp.from(Instant.now());
        for (int from = 0; from < ids.size(); from += 500) {
            applied += em.createNativeQuery("update lake_erasure set applied_at = ?1 where applied_at is null and id in (?2)")
                    .setParameter(1, now).setParameter(2, ids.subList(from, Math.min(ids.size(), from + 500))).executeUpdate();
        }
        return applied;
    }

    /** The open erasures whose changes are all at or below {@code upTo}, oldest first. */
    private static List<Erasure> openErasures(Connection connection, long upTo) throws SQLException {
        List<Erasure> erasures = new ArrayList<>();
        try (PreparedStatement read = connection.prepareStatement("select id, erased_tenant, entity_set, entity_key, seen_position"
                + " from lake_erasure where applied_at is null and seen_position <= ? order by id")) {
            read.setLong(1, upTo);
            read.setMaxRows(MAX_ERASURES);
            try (ResultSet rows = read.executeQuery()) {
                while (rows.next()) {
                    erasures.add(new Erasure(rows.getLong(1), rows.getString(2), rows.getString(3), rows.getString(4), rows.getLong(5)));
                }
            }
        }
        return erasures;
    }

    /** On PostgreSQL, the change log's policy admits every tenant's entries for this transaction alone. */
    private static void openEveryTenant(Connection connection) throws SQLException {
        if (!RowLevelSecurity.supports(connection)) {
            return;
        }
        try (PreparedStatement open = connection.prepareStatement("select set_config('" + RowLevelSecurity.CHANGE_FEED_SETTING
                + "', 'all', true)")) {
            open.executeQuery().close();
        }
    }
}
