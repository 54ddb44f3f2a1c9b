package de.deutschlandstack.core.schema;

import de.deutschlandstack.core.audit.AppendOnlyAudit;
import de.deutschlandstack.core.tenancy.RowLevelSecurity;
import de.deutschlandstack.core.tenancy.TenantConnections;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.migration.JavaMigration;
import org.flywaydb.core.api.output.MigrateResult;
import org.hibernate.boot.Metadata;
import org.hibernate.boot.spi.BootstrapContext;
import org.hibernate.engine.config.spi.ConfigurationService;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.integrator.spi.Integrator;
import org.hibernate.service.spi.SessionFactoryServiceRegistry;
import org.jboss.logging.Logger;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.ServiceLoader;

/**
 * Brings the database to the schema the entities expect, with Flyway's versioned migrations, before Hibernate
 * validates it ({@code hibernate.hbm2ddl.auto=validate}). Runs as a Hibernate {@link Integrator}: Hibernate calls
 * integrators while it builds the session factory, before its schema tooling, so no request and no other bean can
 * see the database half migrated. Platform nodes starting together wait for each other on Flyway's lock.
 *
 * <p>Only persistence units that name their migrations take part:
 * {@value #LOCATIONS} lists Flyway locations, one per module that owns tables (versions are global across them).
 * A database the foundation created with Hibernate's schema update has no history table yet: it is taken as
 * version {@value #FOUNDATION_VERSION} (the foundation's schema) and migrated from there.
 */
public class SchemaMigrations implements Integrator {

    /** Persistence unit property: comma-separated Flyway locations, e.g. {@code classpath:db/migration/core}. */
    public static final String LOCATIONS = "platform.schema.migrations";

    /** The version whose migrations recreate the schema the foundation's Hibernate update produced. */
    public static final String FOUNDATION_VERSION = "1.1";

    /** The data source of the schema's owner, which the migrations run on. */
    public static final String OWNER_DATA_SOURCE = "java:jboss/datasources/PlatformOwnerDS";

    /** The advisory lock that serialises {@link #protect} across nodes: a constant used for nothing else. */
    private static final long PROTECTION_LOCK = 0x7465_6e61_6e74L;

    private static final Logger LOG = Logger.getLogger(SchemaMigrations.class);

    @Override
    public void integrate(Metadata metadata, BootstrapContext bootstrapContext, SessionFactoryImplementor sessionFactory) {
        Object locations = sessionFactory.getServiceRegistry().requireService(ConfigurationService.class)
                .getSettings().get(LOCATIONS);
        if (locations == null || locations.toString().isBlank()) {
            return;
        }
        DataSource platform = TenantConnections.dataSourceOf(sessionFactory.getServiceRegistry());
        DataSource owner = ownerOf(platform);
        MigrateResult result = migrate(owner, locations.toString().split("\\s*,\\s*"));
        if (result.migrationsExecuted > 0) {
            LOG.infof("Database schema migrated from version %s to %s (%d migrations)",
                    result.initialSchemaVersion == null ? "empty" : result.initialSchemaVersion, result.targetSchemaVersion,
                    result.migrationsExecuted);
        } else {
            LOG.infof("Database schema is at version %s", result.initialSchemaVersion);
        }
        protect(owner, userOf(platform));
    }

    /**
     * The schema's owner: the data source {@value #OWNER_DATA_SOURCE} where the server has one (its user may be
     * another than the platform's, {@code PLATFORM_DB_OWNER_USER}), else the platform's own (tests without a server).
     */
    private static DataSource ownerOf(DataSource platform) {
        try {
            return (DataSource) new javax.naming.InitialContext().lookup(OWNER_DATA_SOURCE);
        } catch (javax.naming.NameNotFoundException | javax.naming.NoInitialContextException e) {
            // A server without it, or no server at all (unit tests): the platform's user owns the schema.
            LOG.debugf("No %s: the platform's own data source migrates the schema", OWNER_DATA_SOURCE);
            return platform;
        } catch (javax.naming.NamingException e) {
            throw new IllegalStateException("The schema owner's data source " + OWNER_DATA_SOURCE + " cannot be looked up", e);
        }
    }

    private static String userOf(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            return connection.getMetaData().getUserName();
        } catch (SQLException e) {
            throw new IllegalStateException("The platform's database user is not known", e);
        }
    }

    /**
     * What the database itself enforces beyond the schema, brought up to date after every migration (PostgreSQL):
     * row-level security on every tenant table, those of this migration included, the audit trail append-only, and,
     * where the platform's user is not the owner, that user's rights (only what it uses). Run as the owner, in one
     * transaction, serialised with other nodes that start at the same time.
     */
    static void protect(DataSource owner, String platformUser) {
        try (Connection connection = owner.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try {
                if (RowLevelSecurity.supports(connection)) {
                    try (Statement lock = connection.createStatement()) {
                        lock.execute("select pg_advisory_xact_lock(" + PROTECTION_LOCK + ")");
                    }
                }
                grantTables(connection, platformUser);
                RowLevelSecurity.apply(connection, platformUser);
                AppendOnlyAudit.apply(connection, platformUser);
                de.deutschlandstack.core.cluster.SharedFacts.apply(connection, platformUser);
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("The database's own protections could not be applied", e);
        }
    }

    /**
     * Where the platform's user is not the schema's owner (PostgreSQL): it may read and write the rows of every table,
     * those of this migration included, and use the sequences, but not alter a table, its policies or its triggers,
     * nor touch the migrations' history. (What it may not do to the audit trail, {@link AppendOnlyAudit} takes away.)
     */
    private static void grantTables(Connection connection, String platformUser) throws SQLException {
        if (!RowLevelSecurity.supports(connection)
                || platformUser.equals(connection.getMetaData().getUserName())) {
            return;
        }
        String user = "\"" + platformUser.replace("\"", "\"\"") + "\"";
        try (Statement grant = connection.createStatement()) {
            String schema;
            try (java.sql.ResultSet row = grant.executeQuery("select quote_ident(current_schema())")) {
                row.next();
                schema = row.getString(1);
            }
            grant.execute("grant usage on schema " + schema + " to " + user);
            grant.execute("grant select, insert, update, delete on all tables in schema " + schema + " to " + user);
            // nextval needs USAGE; UPDATE would also allow setval, and with it keys that collide.
            grant.execute("grant usage, select on all sequences in schema " + schema + " to " + user);
            grant.execute("revoke update on all sequences in schema " + schema + " from " + user);
            grant.execute("revoke all on schema_history from " + user);
        }
        LOG.infof("The platform's database user %s may read and write rows; the schema belongs to %s", platformUser,
                connection.getMetaData().getUserName());
    }

    /** Migrates the database behind {@code dataSource} to the newest version found in {@code locations}. */
    public static MigrateResult migrate(DataSource dataSource, String... locations) {
        LOG.debugf("Schema migrations from %s", Arrays.toString(locations));
        ClassLoader loader = SchemaMigrations.class.getClassLoader();
        JavaMigration[] steps = ServiceLoader.load(JavaMigration.class, loader).stream()
                .map(ServiceLoader.Provider::get).toArray(JavaMigration[]::new);
        return Flyway.configure(loader)
                .dataSource(dataSource)
                .locations(locations)
                .javaMigrations(steps)
                .table("schema_history")
                .baselineOnMigrate(true)
                .baselineVersion(FOUNDATION_VERSION)
                // A migration that fails leaves the server down with the database at the last good version.
                .validateMigrationNaming(true)
                .load()
                .migrate();
    }

    @Override
    public void disintegrate(SessionFactoryImplementor sessionFactory, SessionFactoryServiceRegistry serviceRegistry) {
    }
}
