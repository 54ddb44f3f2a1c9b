package de.deutschlandstack.core.odata.query;

import de.deutschlandstack.core.odata.model.EntitySetModel;
import de.deutschlandstack.core.odata.model.NavigationModel;
import de.deutschlandstack.core.odata.model.PropertyModel;
import de.deutschlandstack.core.odata.model.ServiceModel;
import de.deutschlandstack.core.tenancy.TenantScopedEntity;
import org.apache.olingo.server.api.uri.UriResource;
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
    /** Join alias per navigation path ({@code /Customer} → {@code j1}), and the join clauses in order. */
    private final Map<String, String> joinAliases = new LinkedHashMap<>();
    private final List<String> joinClauses = new ArrayList<>();
    private final List<Object> parameters = new ArrayList<>();
    /** Lambda variables in scope ({@code i} in {@code Items/any(i:i/Quantity gt 5)}): alias and entity set. */
    private final Map<String, Scope> lambdas = new LinkedHashMap<>();
    private int lambdaCount;
    /** Names that $apply gave to values ({@code aggregate(NetAmount with sum as Total)}): what later steps refer to. */
    private final Map<String, Resolved> aliases = new LinkedHashMap<>();

    record Scope(String alias, EntitySetModel set) {
    }

    private HqlStatement(ServiceModel service, String tenant, EntitySetModel rootSet, String from) {
        this.service = service;
        this.rootSet = rootSet;
        this.tenantParameter = parameter(tenant);
        this.from = from.replace("{tenant}", tenantParameter);
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
        HqlStatement statement = new HqlStatement(service, tenant, target, parentSet.entityName() + " " + PARENT
                + " join " + PARENT + "." + navigation.attribute() + " " + TARGET
                + " on " + TARGET + "." + TENANT + " = {tenant}");
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

    /** The alias's rows of the caller's tenant only. */
    String tenantOf(String alias) {
        return alias + "." + TENANT + " = " + tenantParameter;
    }

    /** The FROM clause with every join that paths asked for, each restricted to the caller's tenant. */
    String from() {
        StringBuilder result = new StringBuilder(from);
        joinClauses.forEach(join -> result.append(' ').append(join));
        return result.toString();
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

    /** The collection a lambda ranges over ({@code Items} in {@code Items/any(...)}), as seen from the root. */
    record LambdaRange(String path, EntitySetModel target) {
    }

    LambdaRange lambdaRange(List<UriResource> parts) {
        if (parts.size() != 1 || !(parts.get(0) instanceof UriResourceNavigation step)) {
            throw QueryException.notImplemented("any/all is supported on a collection navigation of the entity itself");
        }
        NavigationModel navigation = rootSet.navigation(step.getProperty().getName()).orElseThrow();
        if (!navigation.collection()) {
            throw QueryException.badRequest(navigation.name() + " is not a collection");
        }
        return new LambdaRange(TARGET + "." + navigation.attribute(), service.entitySetOf(navigation.targetType()).orElseThrow());
    }

    /** Opens the scope of a lambda variable; returns its alias. */
    String openLambda(String variable, EntitySetModel set) {
        String alias = "l" + (++lambdaCount);
        lambdas.put(variable, new Scope(alias, set));
        return alias;
    }

    void closeLambda(String variable) {
        lambdas.remove(variable);
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
     * A member path ({@code Customer/City}) as an HQL path, joining each single-valued navigation once
     * (left join: an order without a customer still satisfies {@code Customer/City eq null}).
     */
    Resolved resolve(List<UriResource> parts) {
        String alias = TARGET;
        EntitySetModel set = rootSet;
        StringBuilder key = new StringBuilder();
        int first = 0;
        if (!parts.isEmpty() && parts.get(0) instanceof UriResourceLambdaVariable variable) {
            Scope scope = lambdas.get(variable.getVariableName());
            if (scope == null) {
                throw QueryException.badRequest("Unknown lambda variable " + variable.getVariableName());
            }
            if (parts.size() != 2) {
                throw QueryException.notImplemented("Inside any/all only properties of the lambda variable are supported");
            }
            alias = scope.alias();
            set = scope.set();
            first = 1;
        }
        for (int i = first; i < parts.size(); i++) {
            UriResource part = parts.get(i);
            boolean last = i == parts.size() - 1;
            if (part instanceof UriResourcePrimitiveProperty primitive && last) {
                String name = primitive.getProperty().getName();
                if (i == 0 && aliases.containsKey(name)) {
                    return aliases.get(name);
                }
                PropertyModel property = set.property(name)
                        .orElseThrow(() -> QueryException.badRequest("Unknown property " + name));
                return new Resolved(alias + "." + property.attribute(), property, property.nullable() || key.length() > 0);
            }
            if (part instanceof UriResourceNavigation step && !last) {
                String name = step.getProperty().getName();
                NavigationModel navigation = set.navigation(name)
                        .orElseThrow(() -> QueryException.badRequest("Unknown navigation property " + name));
                if (navigation.collection()) {
                    throw QueryException.notImplemented(
                            "Paths through the collection " + name + " need any/all, which is not supported yet");
                }
                key.append('/').append(name);
                String parent = alias;
                alias = joinAliases.computeIfAbsent(key.toString(), path -> {
                    String joinAlias = "j" + (joinAliases.size() + 1);
                    joinClauses.add("left join " + parent + "." + navigation.attribute() + " " + joinAlias
                            + " on " + tenantOf(joinAlias));
                    return joinAlias;
                });
                set = service.entitySetOf(navigation.targetType()).orElseThrow();
                continue;
            }
            throw QueryException.notImplemented("The expression part '" + part.getSegmentValue() + "' is not supported");
        }
        throw QueryException.badRequest("A path must end in a primitive property");
    }
}
