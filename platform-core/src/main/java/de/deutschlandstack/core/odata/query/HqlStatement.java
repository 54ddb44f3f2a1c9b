package de.deutschlandstack.core.odata.query;

import de.deutschlandstack.core.odata.model.EntitySetModel;
import de.deutschlandstack.core.odata.model.NavigationModel;
import de.deutschlandstack.core.odata.model.PropertyModel;
import de.deutschlandstack.core.odata.model.ServiceModel;
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
 * on the query's shape alone, which keeps it cacheable (Hibernate 6.6 skips its plan cache while the tenant
 * filter is enabled; docs/benchmarks.md).
 */
final class HqlStatement {

    private final ServiceModel service;
    private final String rootAlias;
    private final EntitySetModel rootSet;
    private final StringBuilder from = new StringBuilder();
    /** Join alias per navigation path ({@code /Customer} → {@code j1}), and the join clauses in order. */
    private final Map<String, String> joinAliases = new LinkedHashMap<>();
    private final List<String> joinClauses = new ArrayList<>();
    private final List<Object> parameters = new ArrayList<>();
    /** Lambda variables in scope ({@code i} in {@code Items/any(i:i/Quantity gt 5)}): alias and entity set. */
    private final Map<String, Scope> lambdas = new LinkedHashMap<>();
    private int lambdaCount;

    record Scope(String alias, EntitySetModel set) {
    }

    HqlStatement(ServiceModel service, EntitySetModel rootSet, String rootAlias, String fromClause) {
        this.service = service;
        this.rootSet = rootSet;
        this.rootAlias = rootAlias;
        this.from.append(fromClause);
    }

    String rootAlias() {
        return rootAlias;
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

    /** The FROM clause with every join that paths asked for. */
    String from() {
        StringBuilder result = new StringBuilder(from);
        joinClauses.forEach(join -> result.append(' ').append(join));
        return result.toString();
    }

    record Resolved(String hql, PropertyModel property) {
    }

    /** The collection a lambda ranges over ({@code Items} in {@code Items/any(...)}), as seen from the root. */
    record Collection(String path, EntitySetModel target) {
    }

    Collection collection(List<UriResource> parts) {
        String alias = rootAlias;
        EntitySetModel set = rootSet;
        if (parts.size() != 1 || !(parts.get(0) instanceof UriResourceNavigation step)) {
            throw QueryException.notImplemented("any/all is supported on a collection navigation of the entity itself");
        }
        NavigationModel navigation = set.navigation(step.getProperty().getName()).orElseThrow();
        if (!navigation.collection()) {
            throw QueryException.badRequest(navigation.name() + " is not a collection");
        }
        return new Collection(alias + "." + navigation.attribute(), service.entitySetOf(navigation.targetType()).orElseThrow());
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

    /**
     * A member path ({@code Customer/City}) as an HQL path, joining each single-valued navigation once
     * (left join: an order without a customer still satisfies {@code Customer/City eq null}).
     */
    Resolved resolve(List<UriResource> parts) {
        String alias = rootAlias;
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
                PropertyModel property = set.property(name)
                        .orElseThrow(() -> QueryException.badRequest("Unknown property " + name));
                return new Resolved(alias + "." + property.attribute(), property);
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
                    joinClauses.add("left join " + parent + "." + navigation.attribute() + " " + joinAlias);
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
