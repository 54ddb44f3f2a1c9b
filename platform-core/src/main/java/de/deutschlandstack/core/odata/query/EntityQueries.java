package de.deutschlandstack.core.odata.query;

import de.deutschlandstack.core.odata.model.ComplexCollectionModel;
import de.deutschlandstack.core.odata.model.EntitySetModel;
import de.deutschlandstack.core.odata.model.NavigationModel;
import de.deutschlandstack.core.odata.model.ServiceModel;
import de.deutschlandstack.core.tenancy.CurrentCaller;
import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import org.apache.olingo.server.api.uri.queryoption.OrderByItem;
import org.apache.olingo.server.api.uri.queryoption.OrderByOption;
import org.apache.olingo.server.api.uri.queryoption.expression.Expression;
import org.apache.olingo.server.api.uri.queryoption.search.SearchExpression;
import org.hibernate.Hibernate;
import org.hibernate.Session;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Runs OData reads as HQL: filter, order, offset and limit all execute in the database. Client values travel
 * as parameters only, never as HQL text.
 * Tenant isolation is explicit: {@link HqlStatement} restricts every alias of every statement to the caller's
 * tenant (Hibernate's {@code @TenantId} filter misses collection joins, subqueries and derived tables). This
 * class never uses {@code EntityManager.find} and never lets Hibernate load a collection.
 */
public final class EntityQueries {

    /** Parent keys per query when loading an expanded navigation; keeps IN lists within every database's limits. */
    private static final int KEYS_PER_QUERY = 500;
    /** More sort keys than this order nothing further; each one costs the keyset of the next page. */
    private static final int MAX_ORDER_TERMS = 32;
    private static final String TARGET = HqlStatement.TARGET;
    private static final String PARENT = HqlStatement.PARENT;

    private final EntityManager em;
    private final ServiceModel service;
    private final String tenant;
    private Map<String, Expression> parameterAliases = Map.of();

    public EntityQueries(EntityManager em, ServiceModel service) {
        this.em = em;
        this.service = service;
        this.tenant = CurrentCaller.require().tenant();
        // Hibernate fixes a session's tenant when the session opens. Refuse to work with a session opened for
        // anyone but the bound caller (e.g. one reused across callers), rather than trust that it never happens.
        String sessionTenant = em.unwrap(Session.class).getTenantIdentifier();
        if (!tenant.equals(sessionTenant)) {
            throw new IllegalStateException("The persistence context belongs to another tenant than the caller");
        }
    }

    /** The parameter aliases of the request being answered ({@code @min=1000}); its expressions may refer to them. */
    public void parameterAliases(List<org.apache.olingo.server.api.uri.queryoption.AliasQueryOption> aliases) {
        Map<String, Expression> values = new java.util.HashMap<>();
        if (aliases != null) {
            aliases.forEach(alias -> values.put(alias.getName(), alias.getValue()));
        }
        this.parameterAliases = values;
    }

    /**
     * Where a collection comes from: an entity set, or a navigation from one parent entity
     * ({@code SalesOrders(7)/Items}).
     */
    public record Source(EntitySetModel set, EntitySetModel parentSet, NavigationModel navigation, Object parentKey,
                         SearchExpression search) {

        public static Source of(EntitySetModel set) {
            return new Source(set, null, null, null, null);
        }

        public static Source navigation(EntitySetModel parentSet, Object parentKey, NavigationModel navigation,
                                        EntitySetModel target) {
            return new Source(target, parentSet, navigation, parentKey, null);
        }

        /** The same collection, narrowed to what {@code $search} finds. */
        public Source searching(SearchExpression search) {
            return new Source(set, parentSet, navigation, parentKey, search);
        }
    }

    /**
     * A page of rows ({@link EntitySetModel#row(Object)} shape). Reads select the columns instead of loading
     * entities: no persistence-context bookkeeping, proxies or reflection for data that is only serialized.
     */
    public List<Object[]> rows(Source source, Expression filter, OrderByOption orderBy, int offset, int limit) {
        return rows(source, filter, orderBy, null, offset, limit);
    }

    /**
     * A page of rows that starts right after a row of the previous page: {@code after} holds that row's sort values
     * ({@link #sortValuesOf}, a keyset), or null for the first page. A keyset page neither skips nor repeats rows
     * when others are written between pages, and costs the same however deep into the collection it lies.
     */
    public List<Object[]> rows(Source source, Expression filter, OrderByOption orderBy, List<Object> after, int offset, int limit) {
        return rows(source, filter, orderBy, after, offset, limit, List.of());
    }

    /** The same page with the values of {@code computed} expressions ({@code $compute}) as trailing columns of each row. */
    public List<Object[]> rows(Source source, Expression filter, OrderByOption orderBy, List<Object> after, int offset, int limit,
                               List<Expression> computed) {
        HqlStatement statement = statement(source);
        FilterTranslation translation = new FilterTranslation(statement);
        StringBuilder select = new StringBuilder(columns(source.set(), TARGET));
        for (Expression expression : computed) {
            select.append(", ").append(translation.value(expression).hql());
        }
        if (filter != null) {
            statement.where(translation.condition(filter));
        }
        List<OrderTerm> order = order(translation, source.set(), orderBy);
        if (after != null) {
            statement.where(keyset(statement, order, after));
        }
        String hql = "select " + select + " from " + statement.from() + statement.whereClause()
                + " order by " + render(order);
        return query(hql, Object[].class, statement).setFirstResult(offset).setMaxResults(limit).getResultList();
    }

    /** The Java types of the values of expressions over the set's entities ({@code $compute}), without reading anything. */
    public List<Class<?>> valueTypes(EntitySetModel set, List<Expression> expressions) {
        FilterTranslation translation = new FilterTranslation(statement(Source.of(set)));
        return expressions.stream().<Class<?>>map(expression -> translation.value(expression).javaType()).toList();
    }

    /** The values the row with this key is sorted by, or empty when the caller's tenant has no such row. */
    public Optional<List<Object>> sortValuesOf(Source source, OrderByOption orderBy, Object key) {
        HqlStatement statement = statement(source);
        List<OrderTerm> order = order(new FilterTranslation(statement), source.set(), orderBy);
        Object typedKey;
        try {
            typedKey = Values.convert(key, source.set().key().javaType());
        } catch (Values.InvalidValueException e) {
            throw QueryException.badRequest("Invalid $skiptoken; follow the @odata.nextLink as given");
        }
        statement.where(TARGET + "." + source.set().key().attribute() + " = " + statement.parameter(typedKey));
        String hql = "select " + order.stream().map(OrderTerm::hql).collect(Collectors.joining(", ")) + ", 0"
                + " from " + statement.from() + statement.whereClause();
        return query(hql, Object[].class, statement).setMaxResults(1).getResultList().stream()
                .map(row -> Arrays.asList(Arrays.copyOf(row, order.size())))
                .findFirst();
    }


    /** Rows after the keyset: greater on the first term, or equal on it and greater on the next, and so on. */
    private static String keyset(HqlStatement statement, List<OrderTerm> order, List<Object> after) {
        if (after.size() != order.size()) {
            throw QueryException.badRequest("Invalid $skiptoken; follow the @odata.nextLink as given");
        }
        List<String> alternatives = new ArrayList<>();
        for (int i = 0; i < order.size(); i++) {
            if (order.get(i).descending() && after.get(i) == null) {
                continue; // nothing sorts after null on a descending term
            }
            List<String> conditions = new ArrayList<>();
            for (int j = 0; j < i; j++) {
                conditions.add(order.get(j).equalTo(parameter(statement, order.get(j), after.get(j)), after.get(j) == null));
            }
            conditions.add(order.get(i).after(parameter(statement, order.get(i), after.get(i)), after.get(i) == null));
            alternatives.add("(" + String.join(" and ", conditions) + ")");
        }
        return alternatives.isEmpty() ? "1 = 0" : "(" + String.join(" or ", alternatives) + ")";
    }

    private static String parameter(HqlStatement statement, OrderTerm term, Object value) {
        if (value == null) {
            return null;
        }
        try {
            return statement.parameter(Values.convert(value, term.javaType().isEnum() ? term.javaType() : Values.wrap(term.javaType())));
        } catch (Values.InvalidValueException e) {
            throw QueryException.badRequest("Invalid $skiptoken; follow the @odata.nextLink as given");
        }
    }

    /** One row reached through a source by the target's key, or empty. */
    public Optional<Object[]> rowByKey(Source source, Object key) {
        HqlStatement statement = statement(source);
        statement.where(TARGET + "." + source.set().key().attribute() + " = " + statement.parameter(key));
        String hql = "select " + columns(source.set(), TARGET) + " from " + statement.from() + statement.whereClause();
        return query(hql, Object[].class, statement).setMaxResults(1).getResultList().stream().findFirst();
    }

    /**
     * The key of the one entity a source addresses: the entity with this key when it is reachable, or, without a
     * key, the one entity of a single-valued navigation ({@code SalesOrders(7)/Customer}). Empty when there is none
     * in the caller's tenant. A step in the middle of a longer navigation path.
     */
    public Optional<Object> keyOf(Source source, Object key) {
        HqlStatement statement = statement(source);
        String keyPath = TARGET + "." + source.set().key().attribute();
        if (key != null) {
            statement.where(keyPath + " = " + statement.parameter(key));
        }
        String hql = "select " + keyPath + " from " + statement.from() + statement.whereClause();
        return query(hql, Object.class, statement).setMaxResults(1).getResultList().stream().findFirst();
    }

    /**
     * The rows of these keys that the filter admits, in any order: the current state of the objects a delta response
     * reports as changed. One query per {@value #KEYS_PER_QUERY} keys.
     */
    public List<Object[]> rowsByKeys(Source source, Expression filter, Collection<Object> keys) {
        List<Object[]> rows = new ArrayList<>();
        for (List<Object> chunk : chunks(keys)) {
            HqlStatement statement = statement(source);
            if (filter != null) {
                statement.where(new FilterTranslation(statement).condition(filter));
            }
            statement.where(TARGET + "." + source.set().key().attribute() + " in (" + chunk.stream()
                    .map(statement::parameter).collect(Collectors.joining(", ")) + ")");
            rows.addAll(query("select " + columns(source.set(), TARGET) + " from " + statement.from() + statement.whereClause(),
                    Object[].class, statement).getResultList());
        }
        return rows;
    }

    public long count(Source source, Expression filter) {
        HqlStatement statement = statement(source);
        if (filter != null) {
            statement.where(new FilterTranslation(statement).condition(filter));
        }
        String hql = "select count(" + TARGET + ") from " + statement.from() + statement.whereClause();
        return query(hql, Long.class, statement).getSingleResult();
    }

    /** The result of {@code $apply} (see {@link Aggregation}), then the request's {@code $filter} and {@code $orderby}. */
    public Aggregation.Result aggregate(EntitySetModel set, org.apache.olingo.server.api.uri.queryoption.ApplyOption apply,
                                        Expression filter, OrderByOption orderBy, long offset, int limit) {
        return new Aggregation(em, service, tenant, parameterAliases).run(set, apply, filter, orderBy, offset, limit);
    }

    /** The children one parent has through a collection navigation, as entities to change: the path of a deep update. */
    public List<Object> children(EntitySetModel parentSet, NavigationModel navigation, EntitySetModel childSet, Object parentKey) {
        HqlStatement statement = statement(Source.navigation(parentSet, parentKey, navigation, childSet));
        String hql = "select " + TARGET + " from " + statement.from() + statement.whereClause();
        return query(hql, Object.class, statement).getResultList().stream().map(Hibernate::unproxy).toList();
    }

    /** One entity of the caller's tenant by key, or empty; the single-row path of writes. */
    public Optional<Object> byKey(EntitySetModel set, Object key) {
        return byKey(Source.of(set), key);
    }

    /** One entity reached through a source by its own key ({@code SalesOrders(7)/Items(12)}), or empty. */
    public Optional<Object> byKey(Source source, Object key) {
        HqlStatement statement = statement(source);
        statement.where(TARGET + "." + source.set().key().attribute() + " = " + statement.parameter(key));
        String hql = "select " + TARGET + " from " + statement.from() + statement.whereClause();
        return query(hql, Object.class, statement).setMaxResults(1).getResultList().stream()
                .map(Hibernate::unproxy).findFirst();
    }

    /**
     * The targets of one navigation for many parents at once, grouped by parent key in database order:
     * one query per {@value #KEYS_PER_QUERY} parents, however many parents there are. With {@code skip}/{@code top}
     * each parent gets its own window of targets, numbered by the database ({@code row_number() over (partition by
     * parent ...)}), so a nested page is cut in SQL as well. At most {@code maxRows} rows are read in all.
     */
    public Map<Object, List<Object[]>> related(EntitySetModel parentSet, NavigationModel navigation,
                                               Collection<Object> parentKeys, Expression filter, OrderByOption orderBy,
                                               int skip, Integer top) {
        return related(parentSet, navigation, parentKeys, filter, orderBy, skip, top, Integer.MAX_VALUE);
    }

    public Map<Object, List<Object[]>> related(EntitySetModel parentSet, NavigationModel navigation,
                                               Collection<Object> parentKeys, Expression filter, OrderByOption orderBy,
                                               int skip, Integer top, int maxRows) {
        int remaining = maxRows;
        Map<Object, List<Object[]>> result = new LinkedHashMap<>();
        EntitySetModel target = service.entitySetOf(navigation.targetType()).orElseThrow();
        String parentKey = PARENT + "." + parentSet.key().attribute();
        boolean windowed = skip > 0 || top != null;
        for (List<Object> chunk : chunks(parentKeys)) {
            HqlStatement statement = HqlStatement.navigation(service, tenant, parentSet, navigation, target);
            statement.parameterAliases(parameterAliases);
            statement.where(parentKey + " in (" + statement.parameter(chunk) + ")");
            FilterTranslation translation = new FilterTranslation(statement);
            if (filter != null) {
                statement.where(translation.condition(filter));
            }
            String order = render(order(translation, target, orderBy));
            String hql;
            if (!windowed) {
                hql = "select " + parentKey + ", " + columns(target, TARGET) + " from " + statement.from()
                        + statement.whereClause() + " order by " + order;
            } else {
                List<String> columns = columnList(target, TARGET);
                StringBuilder inner = new StringBuilder("select ").append(parentKey).append(" as k");
                StringBuilder outer = new StringBuilder("select w.k");
                for (int i = 0; i < columns.size(); i++) {
                    inner.append(", ").append(columns.get(i)).append(" as c").append(i);
                    outer.append(", w.c").append(i);
                }
                // The derived table is built from the same tenant-restricted statement as the plain case.
                inner.append(", row_number() over (partition by ").append(parentKey).append(" order by ").append(order)
                        .append(") as n from ").append(statement.from()).append(statement.whereClause());
                String window = "w.n > " + statement.parameter((long) skip)
                        + (top == null ? "" : " and w.n <= " + statement.parameter((long) skip + top));
                hql = outer + " from (" + inner + ") w where " + window + " order by w.k, w.n";
            }
            List<Object[]> rows = query(hql, Object[].class, statement).setMaxResults(remaining).getResultList();
            for (Object[] row : rows) {
                result.computeIfAbsent(row[0], k -> new ArrayList<>()).add(Arrays.copyOfRange(row, 1, row.length));
            }
            remaining -= rows.size();
            if (remaining <= 0) {
                break;
            }
        }
        return result;
    }

    /**
     * The complex values of a collection ({@code Addresses}) of many entities, by entity key in their order: one query
     * per {@value #KEYS_PER_QUERY} entities. Each value is its properties' values in the model's order.
     */
    public Map<Object, List<Object[]>> complexValues(EntitySetModel set, ComplexCollectionModel collection, Collection<Object> keys) {
        Map<Object, List<Object[]>> result = new LinkedHashMap<>();
        String key = TARGET + "." + set.key().attribute();
        String columns = collection.properties().stream().map(p -> "v." + p.attribute()).collect(Collectors.joining(", "));
        for (List<Object> chunk : chunks(keys)) {
            HqlStatement statement = statement(Source.of(set));
            statement.where(key + " in (" + statement.parameter(chunk) + ")");
            String hql = "select " + key + ", " + columns + " from " + statement.from() + " join " + TARGET + "." + collection.attribute()
                    + " v" + statement.whereClause() + " order by " + key + ", index(v)";
            for (Object[] row : query(hql, Object[].class, statement).getResultList()) {
                result.computeIfAbsent(row[0], k -> new ArrayList<>()).add(Arrays.copyOfRange(row, 1, row.length));
            }
        }
        return result;
    }

    /** How many targets of a collection navigation each parent has (for {@code $expand=Items($count=true)}). */
    public Map<Object, Long> relatedCounts(EntitySetModel parentSet, NavigationModel navigation,
                                           Collection<Object> parentKeys, Expression filter) {
        Map<Object, Long> result = new LinkedHashMap<>();
        EntitySetModel target = service.entitySetOf(navigation.targetType()).orElseThrow();
        String parentKey = PARENT + "." + parentSet.key().attribute();
        for (List<Object> chunk : chunks(parentKeys)) {
            HqlStatement statement = HqlStatement.navigation(service, tenant, parentSet, navigation, target);
            statement.parameterAliases(parameterAliases);
            statement.where(parentKey + " in (" + statement.parameter(chunk) + ")");
            if (filter != null) {
                statement.where(new FilterTranslation(statement).condition(filter));
            }
            String hql = "select " + parentKey + ", count(" + TARGET + ") from " + statement.from() + statement.whereClause()
                    + " group by " + parentKey;
            for (Object[] row : query(hql, Object[].class, statement).getResultList()) {
                result.put(row[0], (Long) row[1]);
            }
        }
        return result;
    }

    private HqlStatement statement(Source source) {
        HqlStatement statement;
        if (source.navigation() == null) {
            statement = HqlStatement.of(service, tenant, source.set());
        } else {
            statement = HqlStatement.navigation(service, tenant, source.parentSet(), source.navigation(), source.set());
            statement.where(PARENT + "." + source.parentSet().key().attribute() + " = " + statement.parameter(source.parentKey()));
        }
        statement.parameterAliases(parameterAliases);
        if (source.search() != null) {
            statement.where(SearchTranslation.condition(statement, source.set(), source.search()));
        }
        return statement;
    }

    /** The client's order, then the key, so that pages never overlap or skip rows. */
    private static List<OrderTerm> order(FilterTranslation translation, EntitySetModel set, OrderByOption orderBy) {
        List<OrderTerm> orders = new ArrayList<>();
        if (orderBy != null && orderBy.getOrders().size() > MAX_ORDER_TERMS) {
            throw QueryException.badRequest("$orderby names " + orderBy.getOrders().size() + " terms; the limit is " + MAX_ORDER_TERMS);
        }
        if (orderBy != null) {
            for (OrderByItem item : orderBy.getOrders()) {
                orders.add(translation.orderTerm(item.getExpression(), item.isDescending()));
            }
        }
        orders.add(new OrderTerm(TARGET + "." + set.key().attribute(), set.key().javaType(), false, false));
        return orders;
    }

    private static String render(List<OrderTerm> order) {
        return order.stream().map(OrderTerm::render).collect(Collectors.joining(", "));
    }

    /** The columns of a row: the properties in model order, then the version. */
    private static String columns(EntitySetModel set, String alias) {
        return String.join(", ", columnList(set, alias));
    }

    private static List<String> columnList(EntitySetModel set, String alias) {
        List<String> columns = set.properties().stream().map(p -> alias + "." + p.attribute()).collect(Collectors.toList());
        if (set.versionAttribute() != null) {
            columns.add(alias + "." + set.versionAttribute());
        }
        return columns;
    }

    private <T> TypedQuery<T> query(String hql, Class<T> type, HqlStatement statement) {
        TypedQuery<T> query = em.createQuery(hql, type);
        List<Object> parameters = statement.parameters();
        for (int i = 0; i < parameters.size(); i++) {
            query.setParameter(i + 1, parameters.get(i));
        }
        return query;
    }

    private static List<List<Object>> chunks(Collection<Object> keys) {
        List<Object> distinct = keys.stream().distinct().toList();
        List<List<Object>> chunks = new ArrayList<>();
        for (int from = 0; from < distinct.size(); from += KEYS_PER_QUERY) {
            chunks.add(distinct.subList(from, Math.min(distinct.size(), from + KEYS_PER_QUERY)));
        }
        return chunks;
    }
}
