package de.deutschlandstack.core.tenancy;

import org.hibernate.cfg.AvailableSettings;
import org.hibernate.engine.jdbc.connections.spi.MultiTenantConnectionProvider;
import org.hibernate.service.spi.Configurable;

import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;

/**
 * Hands Hibernate the platform's connections, each bound to the tenant of the session that asks for it, so that
 * PostgreSQL's row-level security ({@link RowLevelSecurity}) confines every statement to that tenant a second time,
 * whatever the statement says. The binding is the session setting {@value #TENANT_SETTING}, set when the connection
 * is taken from the pool; the policies read it. On a database without row-level security (the embedded H2) the
 * connection is handed over as it is.
 *
 * <p>Hibernate keeps a connection from the first statement of a session to the end of its transaction (or, for reads
 * without a transaction, to the session's close) instead of returning it after each statement: one binding per
 * session and transaction, not one per statement. Code that reaches tenant tables over plain JDBC binds the
 * connection itself with {@link #bind(Connection, String)}.
 */
public class TenantConnections implements MultiTenantConnectionProvider<String>, Configurable {

    /** The PostgreSQL setting the row-level security policies compare each row's tenant with. */
    public static final String TENANT_SETTING = "platform.tenant";

    private static final String JNDI_NAME = "java:jboss/datasources/PlatformDS";

    private DataSource dataSource;

    /**
     * The driver's connections behind the pool's that have been bound to a tenant, in use or idle in the pool, so that
     * all of them can be aborted when the database stops answering. Weakly held: a connection the pool discards is
     * forgotten with it.
     */
    private static final java.util.Set<Connection> BOUND =
            java.util.Collections.synchronizedSet(java.util.Collections.newSetFromMap(new java.util.WeakHashMap<>()));

    /**
     * How long a connection waits for the database's answer before it counts as broken ({@code Connection#setNetworkTimeout}):
     * longer than the statement timeout of the persistence unit (30 s), so that a slow query is cancelled as such first,
     * and short enough that a database that stopped answering frees its requests ({@code PLATFORM_DB_NETWORK_TIMEOUT_SECONDS}).
     */
    private static final int NETWORK_TIMEOUT_MILLIS =
            1000 * de.deutschlandstack.core.config.PlatformSettings.intSetting("platform.db.network-timeout-seconds", 35);

    @Override
    public void configure(Map<String, Object> settings) {
        Object configured = settings.get(AvailableSettings.JAKARTA_JTA_DATASOURCE);
        if (configured == null) {
            configured = settings.get(AvailableSettings.JAKARTA_NON_JTA_DATASOURCE);
        }
        if (configured == null) {
            configured = settings.get(AvailableSettings.DATASOURCE);
        }
        if (configured instanceof DataSource given) {
            dataSource = given;
            return;
        }
        String name = configured == null ? JNDI_NAME : configured.toString();
        try {
            dataSource = (DataSource) new InitialContext().lookup(name);
        } catch (NamingException e) {
            throw new IllegalStateException("The platform's data source " + name + " is not bound", e);
        }
    }

    /**
     * The data source of a session factory's service registry, for code that runs beside Hibernate (schema migrations,
     * the change log): behind these tenant connections, or behind a plain connection provider (unit tests).
     */
    public static DataSource dataSourceOf(org.hibernate.service.ServiceRegistry services) {
        org.hibernate.engine.jdbc.connections.spi.ConnectionProvider plain =
                services.getService(org.hibernate.engine.jdbc.connections.spi.ConnectionProvider.class);
        if (plain != null) {
            return plain.unwrap(DataSource.class);
        }
        return services.requireService(MultiTenantConnectionProvider.class).unwrap(DataSource.class);
    }

    @Override
    public Connection getAnyConnection() throws SQLException {
        refuseWhileUnavailable();
        return dataSource.getConnection();
    }

    /** No connection while the database is known to be away: the request is answered 503 at once (ErrorMapping). */
    private static void refuseWhileUnavailable() throws SQLException {
        if (de.deutschlandstack.core.health.DatabaseAvailability.refusing()) {
            throw new java.sql.SQLTransientConnectionException(de.deutschlandstack.core.health.DatabaseAvailability.MESSAGE, "08001");
        }
    }

    @Override
    public void releaseAnyConnection(Connection connection) throws SQLException {
        connection.close();
    }

    @Override
    public Connection getConnection(String tenant) throws SQLException {
        refuseWhileUnavailable();
        Connection connection = dataSource.getConnection();
        try {
            bind(connection, tenant);
            return connection;
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    @Override
    public void releaseConnection(String tenant, Connection connection) throws SQLException {
        connection.close();
    }

    /**
     * Aborts every connection of the pool that has been bound to a tenant, in use or idle: the requests waiting on a
     * database that no longer answers fail at once and are answered 503 instead of waiting out the network timeout, and
     * so do those the pool is validating an idle connection for (each validation would wait its own timeout). Called
     * when the database stops answering ({@code core.health.DatabaseAvailability}); the pool replaces the aborted
     * connections when it is back. The driver's own connection is aborted ({@link Connection#abort}), not the pool's
     * wrapper around it: the wrapper's abort waits for the lock that the waiting request holds.
     */
    public static void abortAll(java.util.concurrent.Executor executor) {
        Connection[] bound;
        synchronized (BOUND) {
            bound = BOUND.toArray(Connection[]::new);
        }
        for (Connection connection : bound) {
            try {
                connection.abort(executor);
            } catch (SQLException | RuntimeException e) {
                // already closed or broken: nothing left to abort
            }
        }
    }

    /**
     * The driver's connection behind a pool's wrapper, asked for while this thread holds the wrapper (so without
     * contention): WildFly's pool (IronJacamar) offers it as {@code getUnderlyingConnection()}; elsewhere the
     * connection itself.
     */
    private static Connection physical(Connection connection) {
        try {
            java.lang.reflect.Method underlying = connection.getClass().getMethod("getUnderlyingConnection");
            return (Connection) underlying.invoke(connection);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return connection;
        }
    }

    /** False, so that Hibernate holds a connection for the transaction (or read) instead of binding it per statement. */
    @Override
    public boolean supportsAggressiveRelease() {
        return false;
    }

    @Override
    public boolean isUnwrappableAs(Class<?> type) {
        return type.isAssignableFrom(TenantConnections.class) || type.isAssignableFrom(DataSource.class);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T unwrap(Class<T> type) {
        if (type.isAssignableFrom(TenantConnections.class)) {
            return (T) this;
        }
        if (type.isAssignableFrom(DataSource.class)) {
            return (T) dataSource;
        }
        throw new IllegalArgumentException("Cannot unwrap as " + type.getName());
    }

    /**
     * Binds the connection to the tenant for the row-level security policies and answers the tenant it was bound to
     * before (null: none), for code that shares a transaction's connection and must leave it as it found it. Every
     * statement on the connection sees only the tenant's rows from here on, until it is bound again. Does nothing on a
     * database without row-level security.
     */
    public static String bind(Connection connection, String tenant) throws SQLException {
        if (tenant == null || tenant.isBlank()) {
            throw new IllegalArgumentException("A connection is bound to a tenant, never to none");
        }
        if (!RowLevelSecurity.supports(connection)) {
            return null;
        }
        // A database over the network (PostgreSQL), which can stop answering, already while binding; not an embedded one.
        BOUND.add(physical(connection));
        // The database may have gone since the connection was taken, and its sweep (abortAll) missed this one.
        refuseWhileUnavailable();
        // Set at each binding: the probe of core.health sets its own, shorter one on the connection it holds.
        connection.setNetworkTimeout(Runnable::run, NETWORK_TIMEOUT_MILLIS);
        // set_config(..., false): for the session, not the transaction, since reads run without one. It is set at
        // each binding, so what a connection held before it was taken from the pool never reaches another tenant.
        try (PreparedStatement set = connection.prepareStatement(
                "select current_setting('" + TENANT_SETTING + "', true), set_config('" + TENANT_SETTING + "', ?, false)")) {
            set.setString(1, tenant);
            try (ResultSet row = set.executeQuery()) {
                row.next();
                String before = row.getString(1);
                return before == null || before.isEmpty() ? null : before;
            }
        }
    }

    /** Binds the connection back to what {@link #bind(Connection, String)} answered, where it was bound at all. */
    public static void restore(Connection connection, String before) throws SQLException {
        if (before != null && RowLevelSecurity.supports(connection)) {
            bind(connection, before);
        }
    }
}
