package de.deutschlandstack.core.odata.query;

import de.deutschlandstack.core.security.AccessPolicy;
import de.deutschlandstack.core.odata.model.ComplexCollectionModel;
import de.deutschlandstack.core.odata.model.EntitySetModel;
import de.deutschlandstack.core.odata.model.NavigationModel;
import de.deutschlandstack.core.odata.model.PropertyModel;
import de.deutschlandstack.core.odata.model.ServiceModel;
import de.deutschlandstack.core.tenancy.RowLevelSecurity;
import de.deutschlandstack.core.tenancy.TenantScopedEntity;
import org.apache.olingo.server.api.uri.UriResource;
import org.apache.olingo.server.api.uri.UriResourceComplexProperty;
import org.apache.olingo.server.api.uri.UriResourceIt;
import org.apache.olingo.server.api.uri.UriResourceLambdaVariable;
import org.apache.olingo.server.api.uri.UriResourceNavigation;
import org.apache.olingo.server.api.uri.UriResourcePrimitiveProperty;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One HQL statement under construction: its root, the joins that member paths need, and the positional
 * parameters that carry every client value. Client input never becomes HQL text: only model names
 * (attributes, entity names) and operators do. No client value can change the statement, and its text depends
 * on the query's shape alone, which keeps it cacheable.
 *
 * <p>Tenant isolation is written here, once, for every alias the statement creates: the root (and the parent of a
 * navigation) in {@link #conditions()}, each join in its {@code on} clause, each lambda subquery in its
 * {@code where}. All of them compare with parameter {@code ?1}, the caller's tenant. Hibernate's own
 * {@code @TenantId} filter does not reach collection joins, subqueries or derived tables, so it is not relied on.
 * The caller's read permission is checked here too, for every entity set an alias ranges over ({@link AccessPolicy}):
 * a set the caller may not read can be neither queried, nor expanded, nor crossed by a filter path.
 */
final class HqlStatement {

    static final String TARGET = "e";
    static final String PARENT = "p";
    private static final String TENANT = TenantScopedEntity.TENANT_ATTRIBUTE;

    private final ServiceModel service;
    private final EntitySetModel rootSet;
    private final String from;
    private final String tenantParameter;
    private final List<String> conditions = new ArrayList<>();
    /** The statement's own range: {@code e} and the joins its paths need. */
    private final Scope root;
    private final List<Object> parameters = new ArrayList<>();
    /** Lambda variables in scope ({@code i} in {@code Items/any(i:i/Quantity gt 5)}). */
    private final Map<String, Scope> lambdas = new LinkedHashMap<>();
    private int subqueryCount;
    private int joinCount;
    /** Names that $apply gave to values ({@code aggregate(NetAmount with sum as Total)}): what later steps refer to. */
    private final Map<String, Resolved> aliases = new LinkedHashMap<>();

    /**
     * An alias that member paths start from, with the joins those paths need: the statement's root, a lambda
     * variable or a {@code $root} entity. A scope's joins are written into the FROM clause of the (sub)query that
     * declares its alias, each restricted to the caller's tenant.
     */
    final class Scope {
        private final String alias;
        private final EntitySetModel set;
        /** Set for a lambda over complex values ({@code Addresses/any(a:...)}): they have properties only. */
        private ComplexCollectionModel complex;
        /** Join alias per navigation path ({@code /Customer} → {@code j1}), and the join clauses in order. */
        private final Map<String, String> joinAliases = new LinkedHashMap<>();
        private final List<String> joinClauses = new ArrayList<>();

        private Scope(String alias, EntitySetModel set) {
            this.alias = alias;
            this.set = set;
        }

        String alias() {
            return alias;
        }

        EntitySetModel set() {
            return set;
        }

        /** {@code " left join ..."} for every join this scope's paths asked for; empty without any. */
        String joins() {
            StringBuilder result = new StringBuilder();
            joinClauses.forEach(join -> result.append(' ').append(join));
            return result.toString();
        }

        /** The alias of the single-valued navigation's target, joined once per path. */
        private String join(String path, String parent, NavigationModel navigation) {
            service.entitySetOf(navigation.targetType()).ifPresent(AccessPolicy::requireRead);
            return joinAliases.computeIfAbsent(path, p -> {
                String joinAlias = "j" + (++joinCount);
                joinClauses.add("left join " + parent + "." + navigation.attribute() + " " + joinAlias + " on " + tenantOf(joinAlias));
                return joinAlias;
            });
        }
    }

    private HqlStatement(ServiceModel service, String tenant, EntitySetModel rootSet, String from) {
        this.service = service;
        this.rootSet = rootSet;
        this.tenantParameter = parameter(tenant);
        this.from = from.replace("{tenantOfTarget}", tenantOf(TARGET));
        this.root = new Scope(TARGET, rootSet);
        AccessPolicy.requireRead(rootSet);
    }

    /** {@code from Entity e where e.tenant = ?1}. */
    static HqlStatement of(ServiceModel service, String tenant, EntitySetModel set) {
        HqlStatement statement = new HqlStatement(service, tenant, set, set.entityName() + " " + TARGET);
        statement.conditions.add(statement.tenantOf(TARGET));
        return statement;
    }

    /** {@code from Parent p join p.items e on e.tenant = ?1 where p.tenant = ?1}: the targets of a navigation. */
    static HqlStatement navigation(ServiceModel service, String tenant, EntitySetModel parentSet,
                                   NavigationModel navigation, EntitySetModel target) {
        AccessPolicy.requireRead(parentSet);
        HqlStatement statement = new HqlStatement(service, tenant, target, parentSet.entityName() + " " + PARENT
                + " join " + PARENT + "." + navigation.attribute() + " " + TARGET
                + " on {tenantOfTarget}");
        statement.conditions.add(statement.tenantOf(PARENT));
        return statement;
    }

    String rootAlias() {
        return TARGET;
    }

    EntitySetModel rootSet() {
        return rootSet;
    }

    ServiceModel service() {
        return service;
    }

    /** A positional parameter holding the value. */
    String parameter(Object value) {
        parameters.add(value);
        return "?" + parameters.size();
    }

    List<Object> parameters() {
        return parameters;
    }

    /**
     * The alias's rows of the caller's tenant only. Where a test deliberately leaves isolation to the database alone
     * ({@link RowLevelSecurity#isolatesAlone()}), a condition that admits every tenant, in the same place: the statements
     * keep their shape and parameters, and only PostgreSQL's policies stand between the caller and other tenants' rows.
     */
    String tenantOf(String alias) {
        if (RowLevelSecurity.isolatesAlone()) {
            return "(" + alias + "." + TENANT + " = " + tenantParameter + " or " + alias + "." + TENANT + " <> " + tenantParameter + ")";
        }
        return alias + "." + TENANT + " = " + tenantParameter;
    }

    /** The FROM clause with every join that paths asked for, each restricted to the caller's tenant. */
    String from() {
        return from + root.joins();
    }

    /** The WHERE conditions so far: the tenant of the root, then what callers {@linkplain #where(String) added}. */
    List<String> conditions() {
        return conditions;
    }

    void where(String condition) {
        conditions.add(condition);
    }

    /** {@code " where a and b"} for the conditions so far. */
    String whereClause() {
        return " where " + String.join(" and ", conditions);
    }

    /** A resolved member path; {@code nullable} when the property may be null or a join on the way may find nothing. */
    record Resolved(String hql, PropertyModel property, boolean nullable) {
    }

    /**
     * The collection a lambda ranges over ({@code Items} in {@code Items/any(...)}), as seen from its scope: entities
     * of a set, or the complex values of an entity ({@code complex} set, {@code target} null). Complex values belong to
     * their entity, which the enclosing query already restricts to the tenant; they have no tenant of their own.
     */
    record LambdaRange(String path, EntitySetModel target, ComplexCollectionModel complex) {

        LambdaRange(String path, EntitySetModel target) {
            this(path, target, null);
        }
    }

    /**
     * The collection at the end of a path ({@code Items}, {@code Customer/ContactPersons}, {@code o/Items} inside
     * a lambda over {@code o}): single-valued steps join as in {@link #resolve}, the last step is the collection.
     */
    LambdaRange lambdaRange(List<UriResource> parts) {
        Scope scope = scopeOf(parts);
        int first = start(scope, parts);
        if (parts.size() > first && parts.get(parts.size() - 1) instanceof UriResourceComplexProperty values) {
            Position position = walk(scope, parts.subList(first, parts.size() - 1));
            ComplexCollectionModel complex = position.set().complexCollection(values.getProperty().getName())
                    .orElseThrow(() -> QueryException.badRequest(values.getProperty().getName() + " is not a collection of values"));
            return new LambdaRange(position.alias() + "." + complex.attribute(), null, complex);
        }
        if (parts.size() <= first || !(parts.get(parts.size() - 1) instanceof UriResourceNavigation last)) {
            throw QueryException.notImplemented("any, all and $count need a collection navigation, such as Items/any(...)");
        }
        Position position = walk(scope, parts.subList(first, parts.size() - 1));
        NavigationModel navigation = position.set().navigation(last.getProperty().getName())
                .orElseThrow(() -> QueryException.badRequest("Unknown navigation property " + last.getProperty().getName()));
        if (!navigation.collection()) {
            throw QueryException.badRequest(navigation.name() + " is not a collection");
        }
        return new LambdaRange(position.alias() + "." + navigation.attribute(), service.entitySetOf(navigation.targetType()).orElseThrow());
    }

    /**
     * How deeply {@code any}/{@code all}/{@code $count} subqueries may nest, and how many one statement may hold:
     * a correlated subquery inside another multiplies the database's work, so ten nested lambdas could keep a core
     * busy for minutes. Deeper or more is refused before any SQL runs.
     */
    static final int MAX_NESTED_SUBQUERIES = 3;
    static final int MAX_SUBQUERIES = 12;

    /** Opens the scope of a lambda variable over the members of the range. */
    Scope openLambda(String variable, LambdaRange range) {
        if (lambdas.size() >= MAX_NESTED_SUBQUERIES) {
            throw QueryException.badRequest("any, all and $count nest at most " + MAX_NESTED_SUBQUERIES + " deep in one expression");
        }
        if (range.target() != null) {
            AccessPolicy.requireRead(range.target());
        }
        countSubquery();
        Scope scope = new Scope("l" + (++subqueryCount), range.target());
        scope.complex = range.complex();
        lambdas.put(variable, scope);
        return scope;
    }

    /** The condition that restricts a lambda's members to the tenant; none for complex values (see {@link LambdaRange}). */
    String tenantOf(Scope scope) {
        return scope.complex != null ? null : tenantOf(scope.alias());
    }

    void closeLambda(String variable) {
        lambdas.remove(variable);
    }

    /** A scope over one entity of another set, for a {@code $root/SalesOrders(7)/...} subquery. */
    Scope openRoot(EntitySetModel set) {
        AccessPolicy.requireRead(set);
        countSubquery();
        return new Scope("r" + (++subqueryCount), set);
    }

    private void countSubquery() {
        if (subqueryCount >= MAX_SUBQUERIES) {
            throw QueryException.badRequest("A query holds at most " + MAX_SUBQUERIES + " any, all, $count and $root terms");
        }
    }

    /** The request's parameter aliases ({@code @min} in {@code $filter=NetAmount gt @min&@min=1000}), by name. */
    private Map<String, org.apache.olingo.server.api.uri.queryoption.expression.Expression> parameterAliases = Map.of();

    void parameterAliases(Map<String, org.apache.olingo.server.api.uri.queryoption.expression.Expression> aliases) {
        this.parameterAliases = aliases;
    }

    /** The value of a parameter alias, or a 400 for one the request does not define. */
    org.apache.olingo.server.api.uri.queryoption.expression.Expression parameterAlias(String name) {
        org.apache.olingo.server.api.uri.queryoption.expression.Expression value = parameterAliases.get(name);
        if (value == null) {
            throw QueryException.badRequest("The parameter alias " + name + " has no value; add " + name + "=... to the query");
        }
        return value;
    }

    /** Gives a value a name that later expressions of the statement may use as a property ({@code Total}). */
    void alias(String name, Resolved value) {
        aliases.put(name, value);
    }

    /**
     * A member path ({@code Customer/City}, {@code i/Product/Category/Name} inside a lambda, {@code $it/Name}) as an
     * HQL path, joining each single-valued navigation once (left join: an order without a customer still satisfies
     * {@code Customer/City eq null}).
     */
    Resolved resolve(List<UriResource> parts) {
        Scope scope = scopeOf(parts);
        if (scope == root && !parts.isEmpty() && parts.get(0) instanceof UriResourcePrimitiveProperty primitive
                && parts.size() == 1 && aliases.containsKey(primitive.getProperty().getName())) {
            return aliases.get(primitive.getProperty().getName());
        }
        return resolve(scope, parts.subList(start(scope, parts), parts.size()));
    }

    /** A path of navigations ending in a primitive property, starting from the scope's alias. */
    Resolved resolve(Scope scope, List<UriResource> parts) {
        if (scope.complex == null && !parts.isEmpty() && parts.get(parts.size() - 1) instanceof UriResourceNavigation last
                && !last.isCollection()) {
            // A single-valued navigation as a value ({@code Parent eq null}): the key of the entity it leads to, null
            // where it leads nowhere.
            Position position = walk(scope, parts);
            return new Resolved(position.alias() + "." + position.set().key().attribute(), position.set().key(), true);
        }
        if (parts.isEmpty() || !(parts.get(parts.size() - 1) instanceof UriResourcePrimitiveProperty primitive)) {
            throw QueryException.badRequest("A path must end in a primitive property");
        }
        if (scope.complex != null) {
            if (parts.size() != 1) {
                throw QueryException.badRequest("A " + scope.complex.typeName() + " value has properties only");
            }
            String name = primitive.getProperty().getName();
            PropertyModel property = scope.complex.property(name)
                    .orElseThrow(() -> QueryException.badRequest("Unknown property " + name));
            return new Resolved(scope.alias() + "." + property.attribute(), property, property.nullable());
        }
        Position position = walk(scope, parts.subList(0, parts.size() - 1));
        String name = primitive.getProperty().getName();
        PropertyModel property = position.set().property(name)
                .orElseThrow(() -> QueryException.badRequest("Unknown property " + name));
        return new Resolved(position.alias() + "." + property.attribute(), property, property.nullable() || position.joined());
    }

    /** Where a path of single-valued navigations leads: the alias, its set, and whether a join was on the way. */
    private record Position(String alias, EntitySetModel set, boolean joined) {
    }

    private Position walk(Scope scope, List<UriResource> navigations) {
        String alias = scope.alias();
        EntitySetModel set = scope.set();
        StringBuilder path = new StringBuilder();
        for (UriResource part : navigations) {
            if (!(part instanceof UriResourceNavigation step)) {
                throw QueryException.notImplemented("The expression part '" + part.getSegmentValue() + "' is not supported");
            }
            String name = step.getProperty().getName();
            NavigationModel navigation = set.navigation(name)
                    .orElseThrow(() -> QueryException.badRequest("Unknown navigation property " + name));
            if (navigation.collection()) {
                throw QueryException.badRequest("The collection " + name + " needs any, all or $count here, as in "
                        + name + "/any(x: ...)");
            }
            path.append('/').append(name);
            alias = scope.join(path.toString(), alias, navigation);
            set = service.entitySetOf(navigation.targetType()).orElseThrow();
        }
        return new Position(alias, set, !navigations.isEmpty());
    }

    /** Where the navigations of a path begin: after its lambda variable or {@code $it}, if it names one. */
    private int start(Scope scope, List<UriResource> parts) {
        return scope != root || (!parts.isEmpty() && parts.get(0) instanceof UriResourceIt) ? 1 : 0;
    }

    /** The scope a path starts in: a lambda variable's, or the statement's root (also for {@code $it}). */
    private Scope scopeOf(List<UriResource> parts) {
        if (!parts.isEmpty() && parts.get(0) instanceof UriResourceLambdaVariable variable) {
            Scope scope = lambdas.get(variable.getVariableName());
            if (scope == null) {
                throw QueryException.badRequest("Unknown lambda variable " + variable.getVariableName());
            }
            return scope;
        }
        return root;
    }
}
