package de.deutschlandstack.core.odata.query;

import de.deutschlandstack.core.odata.model.EntitySetModel;
import de.deutschlandstack.core.odata.query.FilterTranslation.Operand;
import org.apache.olingo.commons.api.edm.EdmPrimitiveType;
import org.apache.olingo.server.api.uri.UriParameter;
import org.apache.olingo.server.api.uri.UriResource;
import org.apache.olingo.server.api.uri.UriResourceEntitySet;
import org.apache.olingo.server.api.uri.queryoption.expression.Expression;

import java.util.List;

/**
 * Member paths that become subqueries, for {@link FilterTranslation}: {@code Items/$count}, {@code any}/{@code all}
 * over a collection at the end of a path, and {@code $root/Set(key)/...}. Each subquery restricts its own aliases to
 * the caller's tenant ({@link HqlStatement}).
 */
final class PathTranslation {

    private final FilterTranslation translation;
    private final HqlStatement statement;

    PathTranslation(FilterTranslation translation, HqlStatement statement) {
        this.translation = translation;
        this.statement = statement;
    }

    /**
     * {@code Items/$count} is {@code (select count(c) from e.items c where c.tenant = ?1)}: usable in {@code $filter}
     * and {@code $orderby}, counting the caller's rows only.
     */
    Operand count(List<UriResource> collectionPath) {
        HqlStatement.LambdaRange range = statement.lambdaRange(collectionPath);
        String variable = "$count";
        HqlStatement.Scope scope = statement.openLambda(variable, range);
        try {
            String tenant = statement.tenantOf(scope);
            return new FilterTranslation.Value("(select count(" + (range.complex() != null ? "*" : scope.alias()) + ") from " + range.path() + " "
                    + scope.alias() + (tenant == null ? "" : " where " + tenant) + ")", Long.class, false);
        } finally {
            statement.closeLambda(variable);
        }
    }

    /**
     * {@code Items/any(i:cond)} is {@code exists (select 1 from e.items l where l.tenant = ?1 and cond)};
     * {@code Items/all(i:cond)} is {@code not exists (... where l.tenant = ?1 and not cond)}. The collection may lie
     * at the end of a path ({@code Customer/ContactPersons/any(...)}, {@code o/Items/any(...)} in a lambda over
     * {@code o}), and paths inside the condition may navigate on ({@code i/Product/Category/Name}): their joins
     * belong to the subquery.
     */
    Operand lambda(List<UriResource> collectionPath, String variable, Expression condition, boolean all) {
        HqlStatement.LambdaRange range = statement.lambdaRange(collectionPath);
        HqlStatement.Scope scope = statement.openLambda(variable, range);
        try {
            Condition inner = condition == null ? null : translation.asCondition(translation.translate(condition));
            return new FilterTranslation.Predicate(new Condition.Lambda(range.path(), scope.alias(), scope.joins(), statement.tenantOf(scope),
                    inner, all));
        } finally {
            statement.closeLambda(variable);
        }
    }

    /**
     * {@code $root/Products('P-1')/StandardCost}: a value of another entity, addressed by key, read by a scalar
     * subquery in the caller's tenant. Null when the tenant has no such entity.
     */
    Operand root(List<UriResource> parts) {
        if (parts.size() < 3 || !(parts.get(1) instanceof UriResourceEntitySet target) || target.getKeyPredicates().size() != 1) {
            throw QueryException.notImplemented("$root is supported as $root/<EntitySet>(<key>)/.../<Property>");
        }
        EntitySetModel set = statement.service().entitySet(target.getEntitySet().getName())
                .orElseThrow(() -> QueryException.badRequest("Unknown entity set " + target.getEntitySet().getName()));
        UriParameter predicate = target.getKeyPredicates().get(0);
        if (predicate.getText() == null) {
            throw QueryException.notImplemented("The key after $root must be a literal");
        }
        EdmPrimitiveType keyType = (EdmPrimitiveType) target.getEntityType().getKeyPropertyRefs().get(0).getProperty().getType();
        Object key = Literals.literalValue(new FilterTranslation.Constant(predicate.getText(), keyType), set.key().javaType());
        HqlStatement.Scope scope = statement.openRoot(set);
        HqlStatement.Resolved value = statement.resolve(scope, parts.subList(2, parts.size()));
        return new FilterTranslation.Value("(select " + value.hql() + " from " + set.entityName() + " " + scope.alias() + scope.joins() + " where "
                + statement.tenantOf(scope.alias()) + " and " + scope.alias() + "." + set.key().attribute() + " = "
                + statement.parameter(key) + ")", value.property().javaType(), true);
    }
}
