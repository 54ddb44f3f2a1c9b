package de.deutschlandstack.core.odata.query;

import de.deutschlandstack.core.odata.model.EntitySetModel;
import de.deutschlandstack.core.odata.model.PropertyModel;
import de.deutschlandstack.core.odata.model.ServiceModel;
import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import org.apache.olingo.server.api.uri.UriResource;
import org.apache.olingo.server.api.uri.UriResourceCount;
import org.apache.olingo.server.api.uri.UriResourceNavigation;
import org.apache.olingo.server.api.uri.queryoption.ApplyItem;
import org.apache.olingo.server.api.uri.queryoption.ApplyOption;
import org.apache.olingo.server.api.uri.queryoption.OrderByItem;
import org.apache.olingo.server.api.uri.queryoption.OrderByOption;
import org.apache.olingo.server.api.uri.queryoption.apply.Aggregate;
import org.apache.olingo.server.api.uri.queryoption.apply.AggregateExpression;
import org.apache.olingo.server.api.uri.queryoption.apply.BottomTop;
import org.apache.olingo.server.api.uri.queryoption.apply.Compute;
import org.apache.olingo.server.api.uri.queryoption.apply.ComputeExpression;
import org.apache.olingo.server.api.uri.queryoption.apply.Filter;
import org.apache.olingo.server.api.uri.queryoption.apply.GroupBy;
import org.apache.olingo.server.api.uri.queryoption.apply.GroupByItem;
import org.apache.olingo.server.api.uri.queryoption.apply.Identity;
import org.apache.olingo.server.api.uri.queryoption.apply.OrderBy;
import org.apache.olingo.server.api.uri.queryoption.apply.Skip;
import org.apache.olingo.server.api.uri.queryoption.apply.Top;
import org.apache.olingo.server.api.uri.queryoption.expression.Expression;
import org.apache.olingo.server.api.uri.queryoption.expression.Literal;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code $apply} as one HQL statement with {@code GROUP BY}, executed by the database: {@code filter} before the
 * grouping becomes {@code WHERE}, {@code groupby} the grouping (paths through single-valued navigation included),
 * {@code aggregate} the aggregate functions ({@code sum}, {@code average}, {@code min}, {@code max},
 * {@code countdistinct}, {@code $count}), {@code compute} named values, {@code filter} after the grouping (and the
 * request's {@code $filter}) {@code HAVING}, {@code orderby}/{@code topcount}/{@code bottomcount}/{@code top}/{@code skip}
 * the order and window. The names given with {@code as} are usable by every later step. The tenant predicate is on
 * every alias as in any other statement ({@link HqlStatement}).
 */
public final class Aggregation {

    /** One column of the result: a grouped path ({@code [Customer, City]}) or a name given with {@code as}. */
    public record Column(List<String> path, Class<?> javaType) {

        public String name() {
            return String.join("/", path);
        }
    }

    /** The result: its columns and at most the requested rows. */
    public record Result(List<Column> columns, List<Object[]> rows) {
    }

    private final EntityManager em;
    private final ServiceModel service;
    private final String tenant;
    private final Map<String, Expression> parameterAliases;

    Aggregation(EntityManager em, ServiceModel service, String tenant, Map<String, Expression> parameterAliases) {
        this.em = em;
        this.service = service;
        this.tenant = tenant;
        this.parameterAliases = parameterAliases;
    }

    /** What a statement of the transformations holds as it is built. */
    private static final class Plan {
        final EntitySetModel set;
        final HqlStatement statement;
        final FilterTranslation translation;
        final List<Column> columns = new ArrayList<>();
        final List<String> selected = new ArrayList<>();
        final List<String> grouping = new ArrayList<>();
        final List<String> having = new ArrayList<>();
        final List<OrderTerm> order = new ArrayList<>();
        boolean grouped;
        long offset;
        Long limit;
        /** The transformation that cut a window out of the result (top, skip, topcount, bottomcount), if any. */
        String window;

        Plan(EntitySetModel set, HqlStatement statement) {
            this.set = set;
            this.statement = statement;
            this.translation = new FilterTranslation(statement);
        }
    }

    /**
     * Runs {@code $apply}, then the request's own {@code $filter} and {@code $orderby} on its result, and returns the
     * rows {@code offset} to {@code offset + limit}.
     */
    Result run(EntitySetModel set, ApplyOption apply, Expression filter, OrderByOption orderBy, long offset, int limit) {
        Plan plan = new Plan(set, HqlStatement.of(service, tenant, set));
        plan.statement.parameterAliases(parameterAliases);
        for (ApplyItem item : apply.getApplyItems()) {
            transform(plan, item);
        }
        if (!plan.grouped) {
            throw QueryException.notImplemented("$apply needs groupby or aggregate; use $filter, $orderby and $compute for entities");
        }
        if (filter != null) {
            requireUnwindowed(plan, "the request's $filter");
            plan.having.add(plan.translation.condition(filter));
        }
        if (plan.grouping.isEmpty() && !plan.having.isEmpty()) {
            throw QueryException.notImplemented("A filter on the result of aggregate without groupby is not supported; "
                    + "filter the entities before the aggregate: $apply=filter(...)/aggregate(...)");
        }
        List<OrderTerm> order = new ArrayList<>();
        if (orderBy != null) {
            requireUnwindowed(plan, "the request's $orderby");
            for (OrderByItem item : orderBy.getOrders()) {
                order.add(plan.translation.orderTerm(item.getExpression(), item.isDescending()));
            }
        }
        order.addAll(plan.order);
        // A stable order: the grouped columns, so that pages of the result never overlap.
        for (int i = 0; i < plan.grouping.size(); i++) {
            order.add(new OrderTerm(plan.grouping.get(i), plan.columns.get(i).javaType(), true, false));
        }
        StringBuilder hql = new StringBuilder("select ").append(String.join(", ", plan.selected))
                .append(" from ").append(plan.statement.from()).append(plan.statement.whereClause());
        if (!plan.grouping.isEmpty()) {
            hql.append(" group by ").append(String.join(", ", plan.grouping));
        }
        if (!plan.having.isEmpty()) {
            hql.append(" having ").append(plan.having.stream().map(c -> "(" + c + ")").collect(Collectors.joining(" and ")));
        }
        if (!order.isEmpty()) {
            hql.append(" order by ").append(order.stream().map(OrderTerm::render).collect(Collectors.joining(", ")));
        }
        long first = plan.offset + offset;
        long max = plan.limit == null ? limit : Math.max(0, Math.min(limit, plan.limit - offset));
        if (max == 0 || first > Integer.MAX_VALUE) {
            return new Result(plan.columns, List.of());
        }
        TypedQuery<Object[]> query = em.createQuery(hql.toString(), Object[].class);
        List<Object> parameters = plan.statement.parameters();
        for (int i = 0; i < parameters.size(); i++) {
            query.setParameter(i + 1, parameters.get(i));
        }
        List<Object[]> rows = new ArrayList<>();
        for (Object row : query.setFirstResult((int) first).setMaxResults((int) max).getResultList()) {
            rows.add(row instanceof Object[] values ? values : new Object[]{row});
        }
        return new Result(plan.columns, rows);
    }

    private void transform(Plan plan, ApplyItem item) {
        if (item instanceof Filter filter) {
            requireUnwindowed(plan, "filter");
            String condition = plan.translation.condition(filter.getFilterOption().getExpression());
            if (plan.grouped) {
                plan.having.add(condition);
            } else {
                plan.statement.where(condition);
            }
        } else if (item instanceof org.apache.olingo.server.api.uri.queryoption.apply.Search search) {
            // The entities that match, as $search finds them: before a grouping only (its groups have no text to search).
            requireUngrouped(plan, "search");
            requireUnwindowed(plan, "search");
            plan.statement.where(SearchTranslation.condition(plan.statement, plan.set, search.getSearchOption().getSearchExpression()));
        } else if (item instanceof GroupBy groupBy) {
            groupBy(plan, groupBy);
        } else if (item instanceof Aggregate aggregate) {
            requireUngrouped(plan, "aggregate");
            requireUnwindowed(plan, "aggregate");
            plan.order.clear();
            aggregate(plan, aggregate);
            plan.grouped = true;
        } else if (item instanceof Compute compute) {
            for (ComputeExpression expression : compute.getExpressions()) {
                FilterTranslation.Value value = plan.translation.value(expression.getExpression());
                if (plan.grouped) {
                    name(plan, expression.getAlias(), value.hql(), value.javaType());
                } else {
                    // Computed per entity, before a grouping: a value the later steps aggregate, not a column of the
                    // result (a grouping's result holds its groups and aggregates only).
                    alias(plan, expression.getAlias(), value.hql(), value.javaType());
                }
            }
        } else if (item instanceof OrderBy orderBy) {
            requireUnwindowed(plan, "orderby");
            // A later ordering sorts the whole result again: its terms come before those of the steps before it.
            List<OrderTerm> terms = new ArrayList<>();
            for (OrderByItem order : orderBy.getOrderByOption().getOrders()) {
                terms.add(plan.translation.orderTerm(order.getExpression(), order.isDescending()));
            }
            plan.order.addAll(0, terms);
        } else if (item instanceof BottomTop bottomTop) {
            requireUnwindowed(plan, bottomTop.getMethod().name().toLowerCase().replace("_", ""));
            bottomTop(plan, bottomTop);
            plan.window = bottomTop.getMethod().name().toLowerCase().replace("_", "");
        } else if (item instanceof Top top) {
            plan.limit = plan.limit == null ? top.getTopOption().getValue() : Math.min(plan.limit, top.getTopOption().getValue());
            plan.window = "top";
        } else if (item instanceof Skip skip) {
            plan.window = "skip";
            plan.offset += skip.getSkipOption().getValue();
            plan.limit = plan.limit == null ? null : Math.max(0, plan.limit - skip.getSkipOption().getValue());
        } else if (!(item instanceof Identity)) {
            throw QueryException.notImplemented("The $apply transformation " + item.getKind().name().toLowerCase()
                    + " is not supported; supported: filter, search, groupby, aggregate, compute, orderby, topcount, bottomcount, top, skip");
        }
    }

    private void groupBy(Plan plan, GroupBy groupBy) {
        requireUngrouped(plan, "groupby");
        // A grouping of a window would need the window as a subquery (the statement groups first, then cuts); an
        // ordering before a grouping orders nothing of its result (the groups' order is the steps' after it).
        requireUnwindowed(plan, "groupby");
        plan.order.clear();
        for (GroupByItem item : groupBy.getGroupByItems()) {
            if (item.isRollupAll() || !item.getRollup().isEmpty()) {
                throw QueryException.notImplemented("groupby with rollup is not supported");
            }
            HqlStatement.Resolved resolved = plan.statement.resolve(item.getPath());
            List<String> path = new ArrayList<>();
            for (UriResource part : item.getPath()) {
                path.add(part.getSegmentValue());
                if (!(part instanceof UriResourceNavigation) && part != item.getPath().get(item.getPath().size() - 1)) {
                    throw QueryException.notImplemented("groupby paths lead through single-valued navigation to a property");
                }
            }
            plan.columns.add(new Column(path, resolved.property().javaType()));
            plan.selected.add(resolved.hql());
            plan.grouping.add(resolved.hql());
        }
        if (groupBy.getApplyOption() != null) {
            for (ApplyItem inner : groupBy.getApplyOption().getApplyItems()) {
                if (!(inner instanceof Aggregate aggregate)) {
                    throw QueryException.notImplemented("Inside groupby only aggregate is supported");
                }
                aggregate(plan, aggregate);
            }
        }
        plan.grouped = true;
    }

    private void aggregate(Plan plan, Aggregate aggregate) {
        for (AggregateExpression expression : aggregate.getExpressions()) {
            if (expression.getAlias() == null || expression.getCustomMethod() != null || expression.getInlineAggregateExpression() != null
                    || !expression.getFrom().isEmpty()) {
                throw QueryException.notImplemented("Aggregate with a standard method and an alias: "
                        + "aggregate(NetAmount with sum as Total) or aggregate($count as Orders)");
            }
            List<UriResource> path = expression.getPath();
            if (path != null && !path.isEmpty() && path.get(path.size() - 1) instanceof UriResourceCount) {
                name(plan, expression.getAlias(), "count(" + HqlStatement.TARGET + ")", Long.class);
                continue;
            }
            if (expression.getExpression() == null || expression.getStandardMethod() == null) {
                throw QueryException.notImplemented("Aggregate a property with sum, average, min, max or countdistinct");
            }
            FilterTranslation.Value value = plan.translation.value(expression.getExpression());
            switch (expression.getStandardMethod()) {
                case SUM -> name(plan, expression.getAlias(), "sum(" + value.hql() + ")", numeric(value.javaType(), "sum"));
                case MIN -> name(plan, expression.getAlias(), "min(" + value.hql() + ")", value.javaType());
                case MAX -> name(plan, expression.getAlias(), "max(" + value.hql() + ")", value.javaType());
                case AVERAGE -> name(plan, expression.getAlias(), "avg(" + value.hql() + ")", averageOf(value.javaType()));
                case COUNT_DISTINCT -> name(plan, expression.getAlias(), "count(distinct " + value.hql() + ")", Long.class);
                default -> throw QueryException.notImplemented("The aggregate method " + expression.getStandardMethod() + " is not supported");
            }
        }
    }

    /** topcount/bottomcount: the n groups with the greatest (smallest) value; the percent and sum forms are not offered. */
    private void bottomTop(Plan plan, BottomTop bottomTop) {
        boolean top = bottomTop.getMethod() == BottomTop.Method.TOP_COUNT;
        if (!top && bottomTop.getMethod() != BottomTop.Method.BOTTOM_COUNT) {
            throw QueryException.notImplemented("Of topcount, bottomcount, toppercent, bottompercent, topsum and bottomsum, "
                    + "topcount and bottomcount are supported");
        }
        if (!(bottomTop.getNumber() instanceof Literal literal) || !literal.getText().matches("[0-9]{1,9}")) {
            throw QueryException.badRequest(bottomTop.getMethod().name().toLowerCase() + " needs a count, e.g. topcount(5,Total)");
        }
        FilterTranslation.Value value = plan.translation.value(bottomTop.getValue());
        plan.order.add(0, new OrderTerm(value.hql(), value.javaType(), value.nullable(), top));
        long count = Long.parseLong(literal.getText());
        plan.limit = plan.limit == null ? count : Math.min(plan.limit, count);
    }

    /**
     * A step that reorders or filters the result after a window was cut out of it would need the window first and the
     * step then (a nested statement): refused rather than answered with the wrong rows.
     */
    private static void requireUnwindowed(Plan plan, String step) {
        if (plan.window != null) {
            throw QueryException.notImplemented(step + " after " + plan.window + " is not supported; "
                    + "order and filter before top, skip, topcount and bottomcount");
        }
    }

    private static void requireUngrouped(Plan plan, String transformation) {
        if (plan.grouped) {
            throw QueryException.notImplemented(transformation + " after a grouping is not supported");
        }
    }

    /** A value the result holds under a name, usable by the steps that follow. */
    private static void name(Plan plan, String alias, String hql, Class<?> type) {
        plan.columns.add(new Column(List.of(alias), type));
        plan.selected.add(hql);
        alias(plan, alias, hql, type);
    }

    /** A value under a name that the steps that follow can use. */
    private static void alias(Plan plan, String alias, String hql, Class<?> type) {
        plan.statement.alias(alias, new HqlStatement.Resolved(hql, new PropertyModel(alias, alias, type,
                EDM_TYPES.getOrDefault(type, "String"), true, null, null, null, false, true, false, null), true));
    }

    private static Class<?> numeric(Class<?> type, String method) {
        if (!Number.class.isAssignableFrom(Values.wrap(type))) {
            throw QueryException.badRequest(method + " needs a numeric value");
        }
        return type == Integer.class || type == int.class || type == Short.class || type == short.class ? Long.class : Values.wrap(type);
    }

    private static Class<?> averageOf(Class<?> type) {
        numeric(type, "average");
        return Double.class;
    }

    private static final Map<Class<?>, String> EDM_TYPES = Map.of(String.class, "String", Long.class, "Int64",
            Integer.class, "Int32", Double.class, "Double", BigDecimal.class, "Decimal", Boolean.class, "Boolean",
            java.time.LocalDate.class, "Date", java.time.Instant.class, "DateTimeOffset");
}
