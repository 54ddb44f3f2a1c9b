package de.deutschlandstack.core.schema;

import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.JavaMigration;

/**
 * A migration step that SQL alone cannot write portably for H2 and PostgreSQL (constraint names to discover, data
 * to compute). A module registers its steps in {@code META-INF/services/org.flywaydb.core.api.migration.JavaMigration};
 * {@link SchemaMigrations} runs them in version order among the module's SQL migrations.
 */
public abstract class JavaSchemaMigration implements JavaMigration {

    private final MigrationVersion version;
    private final String description;

    protected JavaSchemaMigration(String version, String description) {
        this.version = MigrationVersion.fromVersion(version);
        this.description = description;
    }

    @Override
    public MigrationVersion getVersion() {
        return version;
    }

    @Override
    public String getDescription() {
        return description;
    }

    @Override
    public Integer getChecksum() {
        return null;
    }

    @Override
    public boolean canExecuteInTransaction() {
        return true;
    }
}
