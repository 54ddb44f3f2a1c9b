package de.deutschlandstack.core.tenancy;

import org.hibernate.boot.Metadata;
import org.hibernate.boot.spi.BootstrapContext;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.integrator.spi.Integrator;
import org.hibernate.mapping.Column;
import org.hibernate.mapping.ForeignKey;
import org.hibernate.mapping.PersistentClass;
import org.hibernate.mapping.Table;
import org.hibernate.mapping.UniqueKey;
import org.hibernate.service.spi.SessionFactoryServiceRegistry;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Makes every many-to-one/one-to-one foreign key between tenant-scoped tables a composite one,
 * {@code (parent_id, tenant) -> (id, tenant)}, so the database itself refuses a row that points into another
 * tenant — whatever wrote it (an import, a manual SQL fix, a module). Each tenant-scoped table gets the unique key
 * {@code (id, tenant)} such keys reference. The key column comes first because Hibernate's schema update tells
 * foreign keys apart by their first column: two associations into one table stay two keys.
 *
 * <p>Derived from the entities' mapping, so a new association needs no declaration of its own. An association
 * declared with {@code @OnDelete(action = CASCADE)} keeps it: the database then deletes a parent's children of
 * the parent's tenant only. Hibernate's own single-column key is not created.
 *
 * <p>Runs as a Hibernate {@link Integrator} (registered through {@code META-INF/services}), which Hibernate calls
 * before it creates or updates the schema. A database created before these keys keeps its single-column ones
 * (Hibernate's update sees a key on the same column and adds nothing): bringing such a database over is the
 * versioned migrations' job.
 */
public class TenantForeignKeys implements Integrator {

    @Override
    public void integrate(Metadata metadata, BootstrapContext bootstrapContext, SessionFactoryImplementor sessionFactory) {
        for (PersistentClass entity : metadata.getEntityBindings()) {
            if (!isTenantScoped(entity)) {
                continue;
            }
            Table table = entity.getTable();
            ensureTenantAndIdUnique(entity);
            for (ForeignKey foreignKey : new ArrayList<>(table.getForeignKeys().values())) {
                PersistentClass referenced = foreignKey.getReferencedEntityName() == null ? null
                        : metadata.getEntityBinding(foreignKey.getReferencedEntityName());
                if (referenced == null || !isTenantScoped(referenced) || !foreignKey.isReferenceToPrimaryKey()
                        || foreignKey.getColumnSpan() != 1 || !foreignKey.isCreationEnabled()) {
                    continue;
                }
                ensureTenantAndIdUnique(referenced);
                Column column = foreignKey.getColumn(0);
                ForeignKey composite = table.createForeignKey(
                        constraintName("fk_", table, column.getName()),
                        List.of(column, tenantColumn(entity)),
                        referenced.getEntityName(), null,
                        List.of(idColumn(referenced), tenantColumn(referenced)));
                composite.setReferencedTable(referenced.getTable());
                composite.setOnDeleteAction(foreignKey.getOnDeleteAction());
                foreignKey.disableCreation();
            }
        }
    }

    @Override
    public void disintegrate(SessionFactoryImplementor sessionFactory, SessionFactoryServiceRegistry serviceRegistry) {
    }

    private static boolean isTenantScoped(PersistentClass entity) {
        return entity.getMappedClass() != null && TenantScopedEntity.class.isAssignableFrom(entity.getMappedClass());
    }

    private static void ensureTenantAndIdUnique(PersistentClass entity) {
        Table table = entity.getTable();
        String name = constraintName("uk_", table, "id_tenant");
        if (table.getUniqueKey(name) != null) {
            return;
        }
        UniqueKey key = new UniqueKey();
        key.setName(name);
        key.setNameExplicit(true);
        key.setTable(table);
        key.addColumn(idColumn(entity));
        key.addColumn(tenantColumn(entity));
        table.addUniqueKey(key);
    }

    private static Column tenantColumn(PersistentClass entity) {
        return entity.getProperty(TenantScopedEntity.TENANT_ATTRIBUTE).getColumns().get(0);
    }

    private static Column idColumn(PersistentClass entity) {
        List<Column> columns = entity.getIdentifier().getColumns();
        if (columns.size() != 1) {
            throw new IllegalStateException(entity.getEntityName() + ": tenant-scoped entities have a single-column key");
        }
        return columns.get(0);
    }

    /** A readable name within PostgreSQL's 63 characters. */
    private static String constraintName(String prefix, Table table, String column) {
        String name = (prefix + table.getName() + "_" + column).toLowerCase(Locale.ROOT);
        return name.length() <= 60 ? name : name.substring(0, 50) + "_" + Integer.toHexString(name.hashCode());
    }
}
