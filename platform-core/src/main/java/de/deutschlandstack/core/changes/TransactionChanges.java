package de.deutschlandstack.core.changes;

import de.deutschlandstack.core.web.JsonValues;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import de.deutschlandstack.core.tenancy.CurrentCaller;
import de.deutschlandstack.core.tenancy.TenantConnections;
import org.hibernate.action.spi.AfterTransactionCompletionProcess;
import org.hibernate.action.spi.BeforeTransactionCompletionProcess;
import org.hibernate.engine.spi.SessionImplementor;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.hibernate.persister.entity.EntityPersister;
import org.hibernate.proxy.HibernateProxy;
import org.hibernate.type.CollectionType;
import org.hibernate.type.Type;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one transaction changed, one entry per business object: created, updated (its final state) or deleted. Written
 * to the change log just before the transaction commits, with sequence numbers taken from the log's position row.
 * Updating that row locks it until the commit, so transactions that change business objects commit in the order
 * of their sequence numbers: a reader that has seen number n has seen every number below it (no gaps to wait for).
 */
final class TransactionChanges implements BeforeTransactionCompletionProcess, AfterTransactionCompletionProcess {

    private static final JsonFactory JSON = new JsonFactory();

    private final SharedSessionContractImplementor session;
    private final javax.sql.DataSource jtaDataSource;
    private final Runnable onCompletion;
    private final Map<String, Change> changes = new LinkedHashMap<>();

    private static final class Change {
        final String tenant;
        final String entitySet;
        final String key;
        ChangeLog.Operation operation;
        Object entity;
        EntityPersister persister;

        Change(String tenant, String entitySet, String key, ChangeLog.Operation operation, Object entity, EntityPersister persister) {
            this.tenant = tenant;
            this.entitySet = entitySet;
            this.key = key;
            this.operation = operation;
            this.entity = entity;
            this.persister = persister;
        }
    }

    TransactionChanges(SharedSessionContractImplementor session, javax.sql.DataSource jtaDataSource, Runnable onCompletion) {
        this.session = session;
        this.jtaDataSource = jtaDataSource;
        this.onCompletion = onCompletion;
    }

    void record(String tenant, String entitySet, EntityPersister persister, Object id, Object entity, ChangeLog.Operation operation) {
        String key = String.valueOf(id);
        String identity = tenant + "\u0000" + entitySet + "\u0000" + key;
        Change known = changes.get(identity);
        if (known == null) {
            changes.put(identity, new Change(tenant, entitySet, key, operation, entity, persister));
            return;
        }
        ChangeLog.Operation merged = merge(known.operation, operation);
        if (merged == null) {
            changes.remove(identity);
            return;
        }
        known.operation = merged;
        if (entity != null) {
            known.entity = entity;
            known.persister = persister;
        }
    }

    /** One entry per object and transaction: what a reader of the committed state must learn. Null: nothing happened. */
    private static ChangeLog.Operation merge(ChangeLog.Operation before, ChangeLog.Operation after) {
        if (before == ChangeLog.Operation.CREATED) {
            return after == ChangeLog.Operation.DELETED ? null : ChangeLog.Operation.CREATED;
        }
        if (before == ChangeLog.Operation.DELETED && after == ChangeLog.Operation.CREATED) {
            return ChangeLog.Operation.UPDATED;
        }
        return after == ChangeLog.Operation.DELETED ? ChangeLog.Operation.DELETED : before;
    }

    /** Records the children the database will delete with their parent, read before the parent's delete runs. */
    void cascadingDeletes(String tenant, Object parentId, List<ChangeCapture.CascadingChildren> children) {
        inTransaction(tenant, connection -> {
            for (ChangeCapture.CascadingChildren child : children) {
                try (PreparedStatement select = connection.prepareStatement("select " + child.keyColumn() + " from " + child.table()
                        + " where " + child.parentColumn() + " = ? and tenant = ?")) {
                    select.setObject(1, parentId);
                    select.setString(2, tenant);
                    try (ResultSet rows = select.executeQuery()) {
                        while (rows.next()) {
                            record(tenant, child.entitySet(), null, rows.getObject(1), null, ChangeLog.Operation.DELETED);
                        }
                    }
                }
            }
        });
    }

    @Override
    public void doBeforeTransactionCompletion(SessionImplementor session) {
        if (changes.isEmpty()) {
            return;
        }
        String user = CurrentCaller.get().map(c -> c.user()).orElse(null);
        Timestamp now = Timestamp.from(Instant.now());
        // A transaction writes the rows of its session's tenant (TenantWriteGuard): the log's rows are that tenant's.
        inTransaction(session.getTenantIdentifier(), connection -> write(connection, user, now));
    }

    private interface Work {
        void run(Connection connection) throws SQLException;
    }

    /**
     * Runs the work on the transaction's connection. Under JTA the data source hands out the connection the server has
     * enlisted in the transaction; Hibernate's own handle may already be released after the flush.
     */
    private void inTransaction(String tenant, Work work) {
        if (jtaDataSource == null) {
            session.doWork(connection -> bound(connection, tenant, work));
            return;
        }
        try (Connection connection = jtaDataSource.getConnection()) {
            bound(connection, tenant, work);
        } catch (SQLException e) {
            throw new IllegalStateException("The change log could not be written", e);
        }
    }

    /** Runs the work on the connection bound to the tenant (row-level security), then binds it back as it was. */
    private static void bound(Connection connection, String tenant, Work work) throws SQLException {
        String before = TenantConnections.bind(connection, tenant);
        try {
            work.run(connection);
        } finally {
            TenantConnections.restore(connection, before);
        }
    }

    private void write(Connection connection, String user, Timestamp now) throws SQLException {
        long last;
        try (PreparedStatement advance = connection.prepareStatement(
                "update change_log_position set last_seq = last_seq + ? where id = 1")) {
            advance.setLong(1, changes.size());
            if (advance.executeUpdate() != 1) {
                throw new SQLException("The change log has no position row");
            }
        }
        try (PreparedStatement position = connection.prepareStatement("select last_seq from change_log_position where id = 1");
             ResultSet row = position.executeQuery()) {
            row.next();
            last = row.getLong(1);
        }
        long seq = last - changes.size();
        try (PreparedStatement insert = connection.prepareStatement("insert into change_log"
                + " (seq, tenant, entity_set, entity_key, operation, state, changed_at, changed_by) values (?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (Change change : changes.values()) {
                insert.setLong(1, ++seq);
                insert.setString(2, change.tenant);
                insert.setString(3, change.entitySet);
                insert.setString(4, change.key);
                insert.setString(5, change.operation.name());
                insert.setString(6, change.operation == ChangeLog.Operation.DELETED ? null : state(change));
                insert.setTimestamp(7, now);
                insert.setString(8, user);
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    @Override
    public void doAfterTransactionCompletion(boolean success, SharedSessionContractImplementor session) {
        changes.clear();
        onCompletion.run();
    }

    /** The object's attributes as JSON, by JPA attribute name; an association as the key of what it points to. */
    private String state(Change change) {
        EntityPersister persister = change.persister;
        String[] names = persister.getPropertyNames();
        Object[] values = persister.getValues(change.entity);
        Type[] types = persister.getPropertyTypes();
        StringWriter out = new StringWriter();
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField(persister.getIdentifierPropertyName(), change.key);
            for (int i = 0; i < names.length; i++) {
                if (names[i].equals("tenant")) {
                    continue;
                }
                if (types[i] instanceof CollectionType collection) {
                    if (collection.getElementType(session.getFactory()).isEntityType()) {
                        continue; // the children log their own changes
                    }
                    json.writeFieldName(names[i]);
                    writeElements(json, (Collection<?>) values[i]);
                    continue;
                }
                json.writeFieldName(names[i]);
                JsonValues.write(json, types[i].isEntityType() ? keyOf(values[i]) : values[i]);
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private Object keyOf(Object entity) {
        if (entity == null) {
            return null;
        }
        if (entity instanceof HibernateProxy proxy) {
            return proxy.getHibernateLazyInitializer().getIdentifier();
        }
        return session.getEntityPersister(null, entity).getIdentifier(entity, session);
    }

    private static void writeElements(JsonGenerator json, Collection<?> elements) throws IOException {
        json.writeStartArray();
        if (elements != null) {
            for (Object element : elements) {
                json.writeStartObject();
                for (Class<?> c = element.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
                    for (Field field : c.getDeclaredFields()) {
                        if (java.lang.reflect.Modifier.isStatic(field.getModifiers())) {
                            continue;
                        }
                        field.setAccessible(true);
                        try {
                            json.writeFieldName(field.getName());
                            JsonValues.write(json, field.get(element));
                        } catch (IllegalAccessException e) {
                            throw new IllegalStateException(e);
                        }
                    }
                }
                json.writeEndObject();
            }
        }
        json.writeEndArray();
    }
}
