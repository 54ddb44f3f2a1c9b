package de.deutschlandstack.core.odata.query;

import de.deutschlandstack.core.odata.model.EntitySetModel;
import de.deutschlandstack.core.odata.model.ServiceModel;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.Expression;
import jakarta.persistence.criteria.From;
import jakarta.persistence.criteria.Predicate;
import org.apache.olingo.commons.api.edm.EdmEnumType;
import org.apache.olingo.commons.api.edm.EdmPrimitiveType;
import org.apache.olingo.commons.api.edm.EdmPrimitiveTypeException;
import org.apache.olingo.commons.api.edm.EdmPrimitiveTypeKind;
import org.apache.olingo.commons.api.edm.EdmType;
import org.apache.olingo.server.api.uri.queryoption.expression.BinaryOperatorKind;
import org.apache.olingo.server.api.uri.queryoption.expression.ExpressionVisitException;
import org.apache.olingo.server.api.uri.queryoption.expression.ExpressionVisitor;
import org.apache.olingo.server.api.uri.queryoption.expression.Literal;
import org.apache.olingo.server.api.uri.queryoption.expression.Member;
import org.apache.olingo.server.api.uri.queryoption.expression.MethodKind;
import org.apache.olingo.server.api.uri.queryoption.expression.UnaryOperatorKind;
import org.hibernate.query.criteria.HibernateCriteriaBuilder;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Translates an OData expression tree ($filter, $orderby) into a JPA Criteria expression over one query root,
 * so the database evaluates it. Literals take the Java type of the property they are compared with.
 */
final class FilterTranslation implements ExpressionVisitor<FilterTranslation.Operand> {

    /** A translated sub-expression: a Criteria expression with the Java type it yields, or a literal not yet typed. */
    sealed interface Operand permits Computed, Constant {
    }

    record Computed(Expression<?> expression, Class<?> javaType) implements Operand {
    }

    /** A literal keeps its OData form until an operator tells which Java type it must take. */
    record Constant(String text, EdmPrimitiveType type) implements Operand {
        boolean isNull() {
            return type == null && "null".equals(text);
        }
    }

    private final CriteriaBuilder cb;
    private final PathResolution paths;

    FilterTranslation(CriteriaBuilder cb, ServiceModel service, EntitySetModel set, From<?, ?> root) {
        this.cb = cb;
        this.paths = new PathResolution(service, set, root);
    }

    Predicate predicate(org.apache.olingo.server.api.uri.queryoption.expression.Expression expression) {
        return asPredicate(translate(expression));
    }

    Expression<?> expression(org.apache.olingo.server.api.uri.queryoption.expression.Expression expression) {
        return asExpression(translate(expression), null);
    }

    private Operand translate(org.apache.olingo.server.api.uri.queryoption.expression.Expression expression) {
        try {
            return expression.accept(this);
        } catch (ExpressionVisitException | org.apache.olingo.server.api.ODataApplicationException e) {
            throw QueryException.badRequest(e.getMessage());
        }
    }

    // ---- operators -------------------------------------------------------------------------------------------

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public Operand visitBinaryOperator(BinaryOperatorKind operator, Operand left, Operand right) {
        switch (operator) {
            case AND:
                return bool(cb.and(asPredicate(left), asPredicate(right)));
            case OR:
                return bool(cb.or(asPredicate(left), asPredicate(right)));
            case EQ:
            case NE:
                return equality(operator == BinaryOperatorKind.EQ, left, right);
            case GT:
            case GE:
            case LT:
            case LE: {
                Class<?> type = commonType(left, right);
                Expression l = asExpression(left, type);
                Expression r = asExpression(right, type);
                return bool(switch (operator) {
                    case GT -> cb.greaterThan(l, r);
                    case GE -> cb.greaterThanOrEqualTo(l, r);
                    case LT -> cb.lessThan(l, r);
                    default -> cb.lessThanOrEqualTo(l, r);
                });
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
                Expression<Number> l = (Expression<Number>) asExpression(left, type);
                Expression<Number> r = (Expression<Number>) asExpression(right, type);
                Expression<?> result = switch (operator) {
                    case ADD -> cb.sum(l, r);
                    case SUB -> cb.diff(l, r);
                    case MUL -> cb.prod(l, r);
                    case DIV -> cb.quot(l, r);
                    default -> cb.mod((Expression<Integer>) (Expression<?>) l, (Expression<Integer>) (Expression<?>) r);
                };
                return new Computed(result, operator == BinaryOperatorKind.DIV ? BigDecimal.class : type);
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
        CriteriaBuilder.In<Object> in = cb.in(asExpression(left, type));
        for (Operand value : right) {
            if (value instanceof Constant constant) {
                in.value(literalValue(constant, type));
            } else {
                in.value(asExpression(value, type));
            }
        }
        return bool(in);
    }

    @Override
    @SuppressWarnings("unchecked")
    public Operand visitUnaryOperator(UnaryOperatorKind operator, Operand operand) {
        if (operator == UnaryOperatorKind.NOT) {
            return bool(cb.not(asPredicate(operand)));
        }
        if (operator == UnaryOperatorKind.MINUS) {
            Class<?> type = javaType(operand);
            return new Computed(cb.neg((Expression<Number>) asExpression(operand, type)), type);
        }
        throw QueryException.notImplemented("The operator " + operator + " is not supported");
    }

    private Operand equality(boolean equal, Operand left, Operand right) {
        if (isNull(right) || isNull(left)) {
            Expression<?> other = asExpression(isNull(right) ? left : right, null);
            return bool(equal ? cb.isNull(other) : cb.isNotNull(other));
        }
        Class<?> type = commonType(left, right);
        Expression<?> l = asExpression(left, type);
        Expression<?> r = asExpression(right, type);
        return bool(equal ? cb.equal(l, r) : cb.notEqual(l, r));
    }

    // ---- functions -------------------------------------------------------------------------------------------

    @Override
    @SuppressWarnings("unchecked")
    public Operand visitMethodCall(MethodKind method, List<Operand> args) {
        switch (method) {
            case CONTAINS:
                return like(args, true, true);
            case STARTSWITH:
                return like(args, false, true);
            case ENDSWITH:
                return like(args, true, false);
            case TOLOWER:
                return text(cb.lower(string(args.get(0))));
            case TOUPPER:
                return text(cb.upper(string(args.get(0))));
            case TRIM:
                return text(cb.trim(string(args.get(0))));
            case CONCAT:
                return text(cb.concat(string(args.get(0)), string(args.get(1))));
            case LENGTH:
                return new Computed(cb.length(string(args.get(0))), Integer.class);
            case INDEXOF:
                // OData counts from 0, SQL's LOCATE from 1 and answers 0 for "not found": both map to -1.
                return new Computed(cb.diff(cb.locate(string(args.get(0)), string(args.get(1))), 1), Integer.class);
            case SUBSTRING: {
                Expression<Integer> start = cb.sum((Expression<Integer>) asExpression(args.get(1), Integer.class), 1);
                return text(args.size() > 2
                        ? cb.substring(string(args.get(0)), start, (Expression<Integer>) asExpression(args.get(2), Integer.class))
                        : cb.substring(string(args.get(0)), start));
            }
            case YEAR:
            case MONTH:
            case DAY:
            case HOUR:
            case MINUTE:
            case SECOND:
                return new Computed(datePart(method, (Expression<? extends java.time.temporal.TemporalAccessor>) asExpression(args.get(0), null)),
                        Integer.class);
            case DATE:
                return new Computed(((org.hibernate.query.criteria.JpaExpression<?>) asExpression(args.get(0), null))
                        .cast(LocalDate.class), LocalDate.class);
            case NOW:
                return new Computed(cb.literal(Instant.now()), Instant.class);
            case ROUND:
            case FLOOR:
            case CEILING: {
                Class<?> type = javaType(args.get(0));
                String function = method == MethodKind.CEILING ? "ceiling" : method.name().toLowerCase(java.util.Locale.ROOT);
                Expression<?> argument = asExpression(args.get(0), type);
                return new Computed(method == MethodKind.ROUND
                        ? cb.function("round", BigDecimal.class, argument, cb.literal(0))
                        : cb.function(function, BigDecimal.class, argument), BigDecimal.class);
            }
            default:
                throw QueryException.notImplemented("The function " + method + " is not supported");
        }
    }

    /** Hibernate renders these portably (EXTRACT on PostgreSQL, YEAR() on H2); a plain function call would not. */
    private Expression<Integer> datePart(MethodKind method, Expression<? extends java.time.temporal.TemporalAccessor> value) {
        HibernateCriteriaBuilder hcb = (HibernateCriteriaBuilder) cb;
        return switch (method) {
            case YEAR -> hcb.year(value);
            case MONTH -> hcb.month(value);
            case DAY -> hcb.day(value);
            case HOUR -> hcb.hour(value);
            case MINUTE -> hcb.minute(value);
            default -> hcb.second(value).as(Integer.class);
        };
    }

    private Operand like(List<Operand> args, boolean anyPrefix, boolean anySuffix) {
        Expression<String> subject = string(args.get(0));
        Operand search = args.get(1);
        if (search instanceof Constant constant) {
            String value = (String) literalValue(constant, String.class);
            String escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
            return bool(cb.like(subject, (anyPrefix ? "%" : "") + escaped + (anySuffix ? "%" : ""), '\\'));
        }
        Expression<String> pattern = string(search);
        if (anyPrefix) {
            pattern = cb.concat("%", pattern);
        }
        if (anySuffix) {
            pattern = cb.concat(pattern, "%");
        }
        return bool(cb.like(subject, pattern));
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
        if (member.getStartTypeFilter() != null || member.isCollection() && member.getResourcePath().getUriResourceParts().size() > 1) {
            throw QueryException.notImplemented("Collection paths and type casts in expressions are not supported");
        }
        PathResolution.Resolved resolved = paths.resolve(member.getResourcePath().getUriResourceParts());
        return new Computed(resolved.path(), resolved.property().javaType());
    }

    @Override
    public Operand visitLambdaExpression(String lambdaFunction, String lambdaVariable,
                                         org.apache.olingo.server.api.uri.queryoption.expression.Expression expression) {
        throw QueryException.notImplemented("The lambda operator " + lambdaFunction + " is not supported yet");
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
        throw QueryException.notImplemented("Lambda variables are not supported yet");
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

    private Operand bool(Predicate predicate) {
        return new Computed(predicate, Boolean.class);
    }

    private Operand text(Expression<String> expression) {
        return new Computed(expression, String.class);
    }

    @SuppressWarnings("unchecked")
    private Expression<String> string(Operand operand) {
        Class<?> type = javaType(operand);
        if (type != null && type != String.class && !type.isEnum()) {
            throw QueryException.badRequest("A string function was applied to a " + type.getSimpleName() + " value");
        }
        return (Expression<String>) asExpression(operand, String.class);
    }

    private Predicate asPredicate(Operand operand) {
        if (operand instanceof Computed computed) {
            if (computed.expression() instanceof Predicate predicate) {
                return predicate;
            }
            if (Values.wrap(computed.javaType()) == Boolean.class) {
                @SuppressWarnings("unchecked")
                Expression<Boolean> bool = (Expression<Boolean>) computed.expression();
                return cb.isTrue(bool);
            }
        }
        if (operand instanceof Constant constant && constant.type() != null
                && constant.type().getKind() == org.apache.olingo.commons.api.edm.constants.EdmTypeKind.PRIMITIVE
                && "Boolean".equals(constant.type().getName())) {
            return Boolean.parseBoolean(constant.text()) ? cb.conjunction() : cb.disjunction();
        }
        throw QueryException.badRequest("The expression does not evaluate to true or false");
    }

    private Expression<?> asExpression(Operand operand, Class<?> type) {
        if (operand instanceof Computed computed) {
            return computed.expression();
        }
        Constant constant = (Constant) operand;
        if (constant.isNull()) {
            @SuppressWarnings("unchecked")
            Class<Object> nullType = (Class<Object>) (type != null ? Values.wrap(type) : Object.class);
            return cb.nullLiteral(nullType);
        }
        return cb.literal(literalValue(constant, type));
    }

    /** The literal's value in the Java type of the attribute it meets, or its natural type if there is none. */
    private static Object literalValue(Constant constant, Class<?> type) {
        if (constant.isNull()) {
            return null;
        }
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

    List<Expression<?>> expressions(List<Operand> operands) {
        List<Expression<?>> result = new ArrayList<>();
        operands.forEach(o -> result.add(asExpression(o, null)));
        return result;
    }
}
