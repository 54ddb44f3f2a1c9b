package de.deutschlandstack.core.odata.query;

import de.deutschlandstack.core.odata.model.EntitySetModel;
import de.deutschlandstack.core.odata.model.NavigationModel;
import de.deutschlandstack.core.odata.model.ServiceModel;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Tuple;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.CriteriaQuery;
import jakarta.persistence.criteria.From;
import jakarta.persistence.criteria.Order;
import jakarta.persistence.criteria.Predicate;
import jakarta.persistence.criteria.Root;
import jakarta.persistence.criteria.Selection;
import org.apache.olingo.server.api.uri.queryoption.OrderByItem;
import de.deutschlandstack.core.tenancy.CurrentCaller;
import org.hibernate.Hibernate;
import org.hibernate.Session;
import org.apache.olingo.server.api.uri.queryoption.OrderByOption;
import org.apache.olingo.server.api.uri.queryoption.expression.Expression;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs OData reads as JPA Criteria queries: filter, order, offset and limit all execute in the database.
 * Tenant isolation is Hibernate's {@code @TenantId} restriction, present on every query built here; this class
 * never uses {@code EntityManager.find}, whose tenant handling is weaker.
 */
public final class EntityQueries {

    /** Parent keys per query when loading an expanded navigation; keeps IN lists within every database's limits. */
    private static final int KEYS_PER_QUERY = 500;

    private final EntityManager em;
    private final ServiceModel service;

    public EntityQueries(EntityManager em, ServiceModel service) {
        this.em = em;
        this.service = service;
        // Hibernate fixes a session's tenant when the session opens. Refuse to work with a session opened for
        // anyone but the bound caller (e.g. one reused across callers), rather than trust that it never happens.
        String sessionTenant = em.unwrap(Session.class).getTenantIdentifier();
        if (!CurrentCaller.require().tenant().equals(sessionTenant)) {
            throw new IllegalStateException("The persistence context belongs to another tenant than the caller");
        }
    }

    /**
     * Where a collection comes from: an entity set, or a navigation from one parent entity
     * ({@code SalesOrders(7)/Items}).
     */
    public record Source(EntitySetModel set, EntitySetModel parentSet, NavigationModel navigation, Object parentKey) {

        public static Source of(EntitySetModel set) {
            return new Source(set, null, null, null);
        }

        public static Source navigation(EntitySetModel parentSet, Object parentKey, NavigationModel navigation,
                                        EntitySetModel target) {
            return new Source(target, parentSet, navigation, parentKey);
        }
    }

    /**
     * A page of rows ({@link EntitySetModel#row(Object)} shape). Reads select the columns instead of loading
     * entities: no persistence-context bookkeeping, proxies or reflection for data that is only serialized.
     */
    public List<Object[]> rows(Source source, Expression filter, OrderByOption orderBy, int offset, int limit) {
        CriteriaBuilder cb = em.getCriteriaBuilder();
        CriteriaQuery<Object[]> query = cb.createQuery(Object[].class);
        Scoped scoped = scope(cb, query, source);
        FilterTranslation translation = new FilterTranslation(cb, service, source.set(), scoped.target());
        List<Predicate> where = new ArrayList<>(scoped.predicates());
        if (filter != null) {
            where.add(translation.predicate(filter));
        }
        query.multiselect(columns(scoped.target(), source.set())).where(where.toArray(Predicate[]::new));
        query.orderBy(order(cb, translation, source.set(), scoped.target(), orderBy));
        return em.createQuery(query).setFirstResult(offset).setMaxResults(limit).getResultList();
    }

    /** One row reached through a source by the target's key, or empty. */
    public Optional<Object[]> rowByKey(Source source, Object key) {
        CriteriaBuilder cb = em.getCriteriaBuilder();
        CriteriaQuery<Object[]> query = cb.createQuery(Object[].class);
        Scoped scoped = scope(cb, query, source);
        List<Predicate> where = new ArrayList<>(scoped.predicates());
        where.add(cb.equal(scoped.target().get(source.set().key().attribute()), key));
        query.multiselect(columns(scoped.target(), source.set())).where(where.toArray(Predicate[]::new));
        return em.createQuery(query).setMaxResults(1).getResultList().stream().findFirst();
    }

    public long count(Source source, Expression filter) {
        CriteriaBuilder cb = em.getCriteriaBuilder();
        CriteriaQuery<Long> query = cb.createQuery(Long.class);
        Scoped scoped = scope(cb, query, source);
        List<Predicate> where = new ArrayList<>(scoped.predicates());
        if (filter != null) {
            where.add(new FilterTranslation(cb, service, source.set(), scoped.target()).predicate(filter));
        }
        query.select(cb.count(scoped.target())).where(where.toArray(Predicate[]::new));
        return em.createQuery(query).getSingleResult();
    }

    /** One entity of the caller's tenant by key, or empty; the single-row path of reads and writes alike. */
    public Optional<Object> byKey(EntitySetModel set, Object key) {
        CriteriaBuilder cb = em.getCriteriaBuilder();
        CriteriaQuery<Object> query = cb.createQuery(Object.class);
        Root<?> root = query.from(set.javaType());
        query.select(selection(root)).where(cb.equal(root.get(set.key().attribute()), key));
        return unproxied(em.createQuery(query).setMaxResults(1).getResultList()).stream().findFirst();
    }

    /** One entity reached through a source by its own key ({@code SalesOrders(7)/Items(12)}), or empty. */
    public Optional<Object> byKey(Source source, Object key) {
        CriteriaBuilder cb = em.getCriteriaBuilder();
        CriteriaQuery<Object> query = cb.createQuery(Object.class);
        Scoped scoped = scope(cb, query, source);
        List<Predicate> where = new ArrayList<>(scoped.predicates());
        where.add(cb.equal(scoped.target().get(source.set().key().attribute()), key));
        query.select(selection(scoped.target())).where(where.toArray(Predicate[]::new));
        return unproxied(em.createQuery(query).setMaxResults(1).getResultList()).stream().findFirst();
    }

    /**
     * The targets of one navigation for many parents at once, grouped by parent key in database order:
     * one query per {@value #KEYS_PER_QUERY} parents, however many parents there are.
     */
    public Map<Object, List<Object[]>> related(EntitySetModel parentSet, NavigationModel navigation,
                                               Collection<Object> parentKeys, Expression filter, OrderByOption orderBy) {
        Map<Object, List<Object[]>> result = new LinkedHashMap<>();
        List<Object> keys = parentKeys.stream().distinct().toList();
        EntitySetModel target = service.entitySetOf(navigation.targetType()).orElseThrow();
        for (int from = 0; from < keys.size(); from += KEYS_PER_QUERY) {
            List<Object> chunk = keys.subList(from, Math.min(keys.size(), from + KEYS_PER_QUERY));
            CriteriaBuilder cb = em.getCriteriaBuilder();
            CriteriaQuery<Object[]> query = cb.createQuery(Object[].class);
            Root<?> parent = query.from(parentSet.javaType());
            From<?, ?> joined = parent.join(navigation.attribute());
            FilterTranslation translation = new FilterTranslation(cb, service, target, joined);
            List<Predicate> where = new ArrayList<>();
            where.add(parent.get(parentSet.key().attribute()).in(chunk));
            if (filter != null) {
                where.add(translation.predicate(filter));
            }
            List<Selection<?>> selections = new ArrayList<>();
            selections.add(parent.get(parentSet.key().attribute()));
            selections.addAll(columns(joined, target));
            query.multiselect(selections).where(where.toArray(Predicate[]::new));
            query.orderBy(order(cb, translation, target, joined, orderBy));
            for (Object[] row : em.createQuery(query).getResultList()) {
                result.computeIfAbsent(row[0], k -> new ArrayList<>()).add(java.util.Arrays.copyOfRange(row, 1, row.length));
            }
        }
        return result;
    }

    /** How many targets of a collection navigation each parent has (for {@code $expand=Items($count=true)}). */
    public Map<Object, Long> relatedCounts(EntitySetModel parentSet, NavigationModel navigation,
                                           Collection<Object> parentKeys, Expression filter) {
        Map<Object, Long> result = new LinkedHashMap<>();
        List<Object> keys = parentKeys.stream().distinct().toList();
        EntitySetModel target = service.entitySetOf(navigation.targetType()).orElseThrow();
        for (int from = 0; from < keys.size(); from += KEYS_PER_QUERY) {
            List<Object> chunk = keys.subList(from, Math.min(keys.size(), from + KEYS_PER_QUERY));
            CriteriaBuilder cb = em.getCriteriaBuilder();
            CriteriaQuery<Tuple> query = cb.createTupleQuery();
            Root<?> parent = query.from(parentSet.javaType());
            From<?, ?> joined = parent.join(navigation.attribute());
            List<Predicate> where = new ArrayList<>();
            where.add(parent.get(parentSet.key().attribute()).in(chunk));
            if (filter != null) {
                where.add(new FilterTranslation(cb, service, target, joined).predicate(filter));
            }
            query.multiselect(parent.get(parentSet.key().attribute()), cb.count(joined))
                    .where(where.toArray(Predicate[]::new))
                    .groupBy(parent.get(parentSet.key().attribute()));
            for (Tuple row : em.createQuery(query).getResultList()) {
                result.put(row.get(0), (Long) row.get(1));
            }
        }
        return result;
    }

    private record Scoped(From<?, ?> target, List<Predicate> predicates) {
    }

    private Scoped scope(CriteriaBuilder cb, CriteriaQuery<?> query, Source source) {
        if (source.navigation() == null) {
            return new Scoped(query.from(source.set().javaType()), List.of());
        }
        Root<?> parent = query.from(source.parentSet().javaType());
        From<?, ?> target = parent.join(source.navigation().attribute());
        return new Scoped(target, List.of(cb.equal(parent.get(source.parentSet().key().attribute()), source.parentKey())));
    }

    /** The client's order, then the key, so that pages never overlap or skip rows. */
    private static List<Order> order(CriteriaBuilder cb, FilterTranslation translation, EntitySetModel set,
                                     From<?, ?> target, OrderByOption orderBy) {
        List<Order> orders = new ArrayList<>();
        if (orderBy != null) {
            for (OrderByItem item : orderBy.getOrders()) {
                jakarta.persistence.criteria.Expression<?> expression = translation.expression(item.getExpression());
                orders.add(item.isDescending() ? cb.desc(expression) : cb.asc(expression));
            }
        }
        orders.add(cb.asc(target.get(set.key().attribute())));
        return orders;
    }

    /** The columns of a row: the properties in model order, then the version. */
    private static List<Selection<?>> columns(From<?, ?> from, EntitySetModel set) {
        List<Selection<?>> columns = new ArrayList<>();
        set.properties().forEach(p -> columns.add(from.get(p.attribute())));
        if (set.versionAttribute() != null) {
            columns.add(from.get(set.versionAttribute()));
        }
        return columns;
    }

    /**
     * The entities themselves: a lazy association loaded earlier in the same persistence context leaves a proxy
     * there, and the query then returns that proxy, whose fields are empty.
     */
    private static List<Object> unproxied(List<Object> rows) {
        List<Object> result = new ArrayList<>(rows.size());
        rows.forEach(row -> result.add(Hibernate.unproxy(row)));
        return result;
    }

    @SuppressWarnings("unchecked")
    private static Selection<Object> selection(From<?, ?> from) {
        return (Selection<Object>) (Selection<?>) from;
    }
}
