package de.deutschlandstack.core.tenancy;

import org.hibernate.boot.Metadata;
import org.hibernate.boot.spi.BootstrapContext;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.integrator.spi.Integrator;
import org.hibernate.mapping.Column;
import org.hibernate.mapping.ForeignKey;
import org.hibernate.mapping.PersistentClass;
import org.hibernate.mapping.Property;
import org.hibernate.mapping.Table;
import org.hibernate.mapping.UniqueKey;
import org.hibernate.service.spi.SessionFactoryServiceRegistry;

import de.deutschlandstack.core.odata.model.ODataKey;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Makes every many-to-one/one-to-one foreign key between tenant-scoped tables a composite one,
 * {@code (parent_id, tenant) -> (id, tenant)}, so the database itself refuses a row that points into another
 * tenant — whatever wrote it (an import, a manual SQL fix, a module). Each tenant-scoped table gets the unique key
 * {@code (id, tenant)} such keys reference. The key column comes first because Hibernate's schema update tells
 * foreign keys apart by their first column: two associations into one table stay two keys.
 *
 * <p>A code list (currencies, units: an entity whose {@link ODataKey} is its code) gets the unique key
 * {@code (code, tenant)}, so every tenant keeps its own list; an attribute marked {@link CodeList} gets the composite
 * key {@code (attribute, tenant) -> (code, tenant)} into that list.
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
            for (Property property : entity.getPropertyClosure()) {
                CodeList codeList = field(entity, property.getName())
                        .map(field -> field.getAnnotation(CodeList.class)).orElse(null);
                if (codeList == null) {
                    continue;
                }
                PersistentClass list = metadata.getEntityBinding(codeList.value().getName());
                Column code = list == null ? null : codeColumn(list);
                if (code == null) {
                    throw new IllegalStateException(entity.getEntityName() + "." + property.getName()
                            + ": @CodeList names " + codeList.value().getName() + ", which is no entity with an @ODataKey code");
                }
                ensureUnique(list, code, "code_tenant");
                Column column = property.getColumns().get(0);
                ForeignKey key = table.createForeignKey(constraintName("fk_", table, column.getName()),
                        List.of(column, tenantColumn(entity)), list.getEntityName(), null,
                        List.of(code, tenantColumn(list)));
                key.setReferencedTable(list.getTable());
            }
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

    /** The column of a code list's code: the attribute marked {@link ODataKey}, or null for another entity. */
    private static Column codeColumn(PersistentClass entity) {
        if (!isTenantScoped(entity)) {
            return null;
        }
        for (Property property : entity.getPropertyClosure()) {
            if (field(entity, property.getName()).map(f -> f.isAnnotationPresent(ODataKey.class)).orElse(false)) {
                return property.getColumns().get(0);
            }
        }
        return null;
    }

    private static Optional<Field> field(PersistentClass entity, String name) {
        for (Class<?> c = entity.getMappedClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            try {
                return Optional.of(c.getDeclaredField(name));
            } catch (NoSuchFieldException e) {
                // declared further up
            }
        }
        return Optional.empty();
    }

    private static void ensureTenantAndIdUnique(PersistentClass entity) {
        ensureUnique(entity, idColumn(entity), "id_tenant");
    }

    /** The unique key {@code (column, tenant)} that composite foreign keys into the entity's table reference. */
    private static void ensureUnique(PersistentClass entity, Column column, String suffix) {
        Table table = entity.getTable();
        String name = constraintName("uk_", table, suffix);
        if (table.getUniqueKey(name) != null) {
            return;
        }
        UniqueKey key = new UniqueKey();
        key.setName(name);
        key.setNameExplicit(true);
        key.setTable(table);
        key.addColumn(column);
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
