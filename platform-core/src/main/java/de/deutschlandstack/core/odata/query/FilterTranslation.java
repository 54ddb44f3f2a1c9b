package de.deutschlandstack.core.odata.query;

import org.apache.olingo.commons.api.edm.EdmEnumType;
import org.apache.olingo.commons.api.edm.EdmPrimitiveType;
import org.apache.olingo.commons.api.edm.EdmPrimitiveTypeException;
import org.apache.olingo.commons.api.edm.EdmPrimitiveTypeKind;
import org.apache.olingo.commons.api.edm.EdmType;
import org.apache.olingo.server.api.ODataApplicationException;
import org.apache.olingo.server.api.uri.UriResource;
import org.apache.olingo.server.api.uri.UriResourceLambdaAll;
import org.apache.olingo.server.api.uri.UriResourceLambdaAny;
import org.apache.olingo.server.api.uri.queryoption.expression.BinaryOperatorKind;
import org.apache.olingo.server.api.uri.queryoption.expression.Expression;
import org.apache.olingo.server.api.uri.queryoption.expression.ExpressionVisitException;
import org.apache.olingo.server.api.uri.queryoption.expression.ExpressionVisitor;
import org.apache.olingo.server.api.uri.queryoption.expression.Literal;
import org.apache.olingo.server.api.uri.queryoption.expression.Member;
import org.apache.olingo.server.api.uri.queryoption.expression.MethodKind;
import org.apache.olingo.server.api.uri.queryoption.expression.UnaryOperatorKind;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Translates an OData expression tree ($filter, $orderby) into an HQL condition or expression of one
 * {@link HqlStatement}, so the database evaluates it. Literals become parameters typed like the property they
 * meet; the HQL text contains only model names and operators.
 */
final class FilterTranslation implements ExpressionVisitor<FilterTranslation.Operand> {

    /** A translated sub-expression. */
    sealed interface Operand permits Computed, Constant {
    }

    /**
     * HQL with the Java type it yields; {@code condition} when it is a predicate rather than a value.
     */
    record Computed(String hql, Class<?> javaType, boolean condition) implements Operand {
    }

    /** A literal keeps its OData form until an operator tells which Java type it must take. */
    record Constant(String text, EdmPrimitiveType type) implements Operand {
        boolean isNull() {
            return type == null && "null".equals(text);
        }
    }

    private final HqlStatement statement;

    FilterTranslation(HqlStatement statement) {
        this.statement = statement;
    }

    /** A condition for the WHERE clause. */
    String condition(Expression expression) {
        return asCondition(translate(expression));
    }

    /** A value, e.g. for ORDER BY. */
    String value(Expression expression) {
        return asValue(translate(expression), null);
    }

    private Operand translate(Expression expression) {
        try {
            return expression.accept(this);
        } catch (ExpressionVisitException | ODataApplicationException e) {
            throw QueryException.badRequest(e.getMessage());
        }
    }

    // ---- operators -------------------------------------------------------------------------------------------

    @Override
    public Operand visitBinaryOperator(BinaryOperatorKind operator, Operand left, Operand right) {
        switch (operator) {
            case AND:
                return condition("(" + asCondition(left) + " and " + asCondition(right) + ")");
            case OR:
                return condition("(" + asCondition(left) + " or " + asCondition(right) + ")");
            case EQ:
            case NE:
                return equality(operator == BinaryOperatorKind.EQ, left, right);
            case GT:
            case GE:
            case LT:
            case LE: {
                Class<?> type = commonType(left, right);
                String symbol = switch (operator) {
                    case GT -> " > ";
                    case GE -> " >= ";
                    case LT -> " < ";
                    default -> " <= ";
                };
                return condition(asValue(left, type) + symbol + asValue(right, type));
            }
            case ADD:
            case SUB:
            case MUL:
            case DIV:
            case MOD: {
                Class<?> type = commonType(left, right);
                if (type != null && !Number.class.isAssignableFrom(Values.wrap(type))) {
                    throw QueryException.notImplemented("Arithmetic on " + type.getSimpleName() + " values is not supported");
                }
                String l = asValue(left, type);
                String r = asValue(right, type);
                String hql = switch (operator) {
                    case ADD -> "(" + l + " + " + r + ")";
                    case SUB -> "(" + l + " - " + r + ")";
                    case MUL -> "(" + l + " * " + r + ")";
                    // Decimal division, also for integers: 7 div 2 is 3.5 in OData.
                    case DIV -> "(cast(" + l + " as BigDecimal) / " + r + ")";
                    default -> "mod(" + l + ", " + r + ")";
                };
                return new Computed(hql, operator == BinaryOperatorKind.DIV ? BigDecimal.class : type, false);
            }
            default:
                throw QueryException.notImplemented("The operator " + operator + " is not supported");
        }
    }

    @Override
    public Operand visitBinaryOperator(BinaryOperatorKind operator, Operand left, List<Operand> right) {
        if (operator != BinaryOperatorKind.IN) {
            throw QueryException.notImplemented("The operator " + operator + " is not supported");
        }
        Class<?> type = javaType(left);
        String values = right.stream().map(value -> asValue(value, type)).collect(Collectors.joining(", "));
        return condition(asValue(left, type) + " in (" + values + ")");
    }

    @Override
    public Operand visitUnaryOperator(UnaryOperatorKind operator, Operand operand) {
        if (operator == UnaryOperatorKind.NOT) {
            return condition("not (" + asCondition(operand) + ")");
        }
        if (operator == UnaryOperatorKind.MINUS) {
            Class<?> type = javaType(operand);
            return new Computed("(-" + asValue(operand, type) + ")", type, false);
        }
        throw QueryException.notImplemented("The operator " + operator + " is not supported");
    }

    private Operand equality(boolean equal, Operand left, Operand right) {
        if (isNull(right) || isNull(left)) {
            String other = asValue(isNull(right) ? left : right, null);
            return condition(other + (equal ? " is null" : " is not null"));
        }
        Class<?> type = commonType(left, right);
        return condition(asValue(left, type) + (equal ? " = " : " <> ") + asValue(right, type));
    }

    // ---- functions -------------------------------------------------------------------------------------------

    @Override
    public Operand visitMethodCall(MethodKind method, List<Operand> args) {
        switch (method) {
            case CONTAINS:
                return like(args, true, true);
            case STARTSWITH:
                return like(args, false, true);
            case ENDSWITH:
                return like(args, true, false);
            case TOLOWER:
                return text("lower(" + string(args.get(0)) + ")");
            case TOUPPER:
                return text("upper(" + string(args.get(0)) + ")");
            case TRIM:
                return text("trim(" + string(args.get(0)) + ")");
            case CONCAT:
                return text("concat(" + string(args.get(0)) + ", " + string(args.get(1)) + ")");
            case LENGTH:
                return new Computed("length(" + string(args.get(0)) + ")", Integer.class, false);
            case INDEXOF:
                // OData counts from 0, LOCATE from 1 and answers 0 for "not found": both map to -1.
                return new Computed("(locate(" + string(args.get(1)) + ", " + string(args.get(0)) + ") - 1)", Integer.class, false);
            case SUBSTRING: {
                String start = "(" + asValue(args.get(1), Integer.class) + " + 1)";
                return text(args.size() > 2
                        ? "substring(" + string(args.get(0)) + ", " + start + ", " + asValue(args.get(2), Integer.class) + ")"
                        : "substring(" + string(args.get(0)) + ", " + start + ")");
            }
            case YEAR:
            case MONTH:
            case DAY:
            case HOUR:
            case MINUTE:
                return new Computed(method.name().toLowerCase(Locale.ROOT) + "(" + asValue(args.get(0), null) + ")", Integer.class, false);
            case SECOND:
                return new Computed("cast(second(" + asValue(args.get(0), null) + ") as Integer)", Integer.class, false);
            case DATE:
                return new Computed("cast(" + asValue(args.get(0), null) + " as LocalDate)", LocalDate.class, false);
            case NOW:
                return new Computed(statement.parameter(Instant.now()), Instant.class, false);
            case ROUND:
                return new Computed("round(" + asValue(args.get(0), javaType(args.get(0))) + ", 0)", BigDecimal.class, false);
            case FLOOR:
                return new Computed("floor(" + asValue(args.get(0), javaType(args.get(0))) + ")", BigDecimal.class, false);
            case CEILING:
                return new Computed("ceiling(" + asValue(args.get(0), javaType(args.get(0))) + ")", BigDecimal.class, false);
            default:
                throw QueryException.notImplemented("The function " + method + " is not supported");
        }
    }

    private Operand like(List<Operand> args, boolean anyPrefix, boolean anySuffix) {
        String subject = string(args.get(0));
        Operand search = args.get(1);
        if (search instanceof Constant constant) {
            String value = (String) literalValue(constant, String.class);
            String escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
            String pattern = statement.parameter((anyPrefix ? "%" : "") + escaped + (anySuffix ? "%" : ""));
            return condition(subject + " like " + pattern + " escape '\\'");
        }
        String pattern = string(search);
        if (anyPrefix) {
            pattern = "concat('%', " + pattern + ")";
        }
        if (anySuffix) {
            pattern = "concat(" + pattern + ", '%')";
        }
        return condition(subject + " like " + pattern);
    }

    // ---- leaves ----------------------------------------------------------------------------------------------

    @Override
    public Operand visitLiteral(Literal literal) {
        EdmType type = literal.getType();
        if (type != null && !(type instanceof EdmPrimitiveType)) {
            throw QueryException.notImplemented("Literals of type " + type.getName() + " are not supported");
        }
        return new Constant(literal.getText(), (EdmPrimitiveType) type);
    }

    @Override
    public Operand visitMember(Member member) {
        if (member.getStartTypeFilter() != null) {
            throw QueryException.notImplemented("Type casts in expressions are not supported");
        }
        List<UriResource> parts = member.getResourcePath().getUriResourceParts();
        UriResource last = parts.get(parts.size() - 1);
        if (last instanceof UriResourceLambdaAny any) {
            return lambda(parts.subList(0, parts.size() - 1), any.getLambdaVariable(), any.getExpression(), false);
        }
        if (last instanceof UriResourceLambdaAll all) {
            return lambda(parts.subList(0, parts.size() - 1), all.getLambdaVariable(), all.getExpression(), true);
        }
        HqlStatement.Resolved resolved = statement.resolve(parts);
        return new Computed(resolved.hql(), resolved.property().javaType(), false);
    }

    /**
     * {@code Items/any(i:cond)} is {@code exists (select 1 from e.items l where cond)};
     * {@code Items/all(i:cond)} is {@code not exists (select 1 from e.items l where not cond)}.
     */
    private Operand lambda(List<UriResource> collectionPath, String variable, Expression condition, boolean all) {
        HqlStatement.LambdaRange range = statement.lambdaRange(collectionPath);
        String alias = statement.openLambda(variable, range.target());
        try {
            String where = " where " + statement.tenantOf(alias)
                    + (condition == null ? "" : " and " + (all ? "not (" + condition(condition) + ")" : condition(condition)));
            String exists = "exists (select 1 from " + range.path() + " " + alias + where + ")";
            return condition(all ? "not " + exists : exists);
        } finally {
            statement.closeLambda(variable);
        }
    }

    @Override
    public Operand visitLambdaExpression(String lambdaFunction, String lambdaVariable, Expression expression) {
        // Olingo hands lambdas over as the last part of a member path: see visitMember.
        throw QueryException.notImplemented("The lambda operator " + lambdaFunction + " is supported only after a collection navigation");
    }

    @Override
    public Operand visitAlias(String aliasName) {
        throw QueryException.notImplemented("Parameter aliases are not supported");
    }

    @Override
    public Operand visitTypeLiteral(EdmType type) {
        throw QueryException.notImplemented("Type literals are not supported");
    }

    @Override
    public Operand visitLambdaReference(String variableName) {
        throw QueryException.notImplemented("A lambda variable must be followed by a property, as in i/Quantity");
    }

    @Override
    public Operand visitEnum(EdmEnumType type, List<String> enumValues) {
        throw QueryException.notImplemented("Enumeration literals are not supported");
    }

    // ---- typing ----------------------------------------------------------------------------------------------

    private static boolean isNull(Operand operand) {
        return operand instanceof Constant constant && constant.isNull();
    }

    private static Class<?> javaType(Operand operand) {
        return operand instanceof Computed computed ? computed.javaType() : null;
    }

    private static Class<?> commonType(Operand left, Operand right) {
        Class<?> type = javaType(left);
        return type != null ? type : javaType(right);
    }

    private static Operand condition(String hql) {
        return new Computed(hql, Boolean.class, true);
    }

    private static Operand text(String hql) {
        return new Computed(hql, String.class, false);
    }

    private String string(Operand operand) {
        Class<?> type = javaType(operand);
        if (type != null && type != String.class && !type.isEnum()) {
            throw QueryException.badRequest("A string function was applied to a " + type.getSimpleName() + " value");
        }
        return asValue(operand, String.class);
    }

    private String asCondition(Operand operand) {
        if (operand instanceof Computed computed) {
            if (computed.condition()) {
                return computed.hql();
            }
            if (Values.wrap(computed.javaType()) == Boolean.class) {
                return computed.hql() + " = true";
            }
        }
        if (operand instanceof Constant constant && constant.type() != null && "Boolean".equals(constant.type().getName())) {
            return Boolean.parseBoolean(constant.text()) ? "1 = 1" : "1 = 0";
        }
        throw QueryException.badRequest("The expression does not evaluate to true or false");
    }

    private String asValue(Operand operand, Class<?> type) {
        if (operand instanceof Computed computed) {
            if (computed.condition()) {
                throw QueryException.notImplemented("Conditions cannot be used as values");
            }
            return computed.hql();
        }
        Constant constant = (Constant) operand;
        if (constant.isNull()) {
            return "null";
        }
        return statement.parameter(literalValue(constant, type));
    }

    /** The literal's value in the Java type of the attribute it meets, or its natural type if there is none. */
    private static Object literalValue(Constant constant, Class<?> type) {
        EdmPrimitiveType edmType = constant.type();
        try {
            String value = edmType.fromUriLiteral(constant.text());
            Object natural = edmType.valueOfString(value, true, null, null, null, true, naturalType(edmType));
            return type == null ? natural : Values.convert(natural, type.isEnum() ? type : Values.wrap(type));
        } catch (EdmPrimitiveTypeException e) {
            throw QueryException.badRequest("The literal " + constant.text() + " is not a valid " + edmType.getName());
        }
    }

    private static Class<?> naturalType(EdmPrimitiveType type) {
        String name = type.getName();
        if (name.equals(EdmPrimitiveTypeKind.Date.name())) {
            return LocalDate.class;
        }
        if (name.equals(EdmPrimitiveTypeKind.DateTimeOffset.name())) {
            return Timestamp.class;
        }
        if (name.equals(EdmPrimitiveTypeKind.Guid.name())) {
            return UUID.class;
        }
        return type.getDefaultType();
    }
}
