package de.deutschlandstack.core.odata.query;

import org.apache.olingo.commons.api.edm.EdmEnumType;
import org.apache.olingo.commons.api.edm.EdmPrimitiveType;
import org.apache.olingo.commons.api.edm.EdmType;
import org.apache.olingo.server.api.ODataApplicationException;
import org.apache.olingo.server.api.uri.UriResource;
import org.apache.olingo.server.api.uri.UriResourceLambdaAll;
import org.apache.olingo.server.api.uri.UriResourceCount;
import org.apache.olingo.server.api.uri.UriResourceRoot;
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
import java.util.List;
import java.util.stream.Collectors;

/**
 * Translates an OData expression tree ($filter, $orderby) into an HQL condition or expression of one
 * {@link HqlStatement}, so the database evaluates it. Literals become parameters typed like the property they
 * meet; the HQL text contains only model names and operators. Conditions are built as a {@link Condition} tree and
 * rendered at the end, which gives comparisons OData's null semantics and keeps negations out of the HQL. Built-in
 * functions are translated by {@link FunctionTranslation}, paths that become subqueries ({@code any}, {@code all},
 * {@code $count}, {@code $root}) by {@link PathTranslation}.
 */
final class FilterTranslation implements ExpressionVisitor<FilterTranslation.Operand> {

    /** A translated sub-expression. */
    sealed interface Operand permits Value, Constant, Predicate, TypeName {
    }

    /** A type named in {@code isof} or {@code cast}: {@code Edm.String}, {@code erp.SalesOrder}. */
    record TypeName(EdmType type) implements Operand {
    }

    /**
     * HQL yielding a value of the Java type; {@code nullable} unless it can never be null. {@code precedence} tells
     * how tightly it binds (0 a single term, 1 multiplicative, 2 additive), so that arithmetic is written with the
     * parentheses it needs and no more: a chain {@code a add 1 add 1} stays flat, which Hibernate's parser reads in
     * linear time (nested parentheses cost it far more).
     */
    record Value(String hql, Class<?> javaType, boolean nullable, int precedence) implements Operand {

        Value {
            if (hql.length() > MAX_TERM_LENGTH) {
                throw QueryException.badRequest("An expression of the query grows too large once translated; simplify it");
            }
        }

        Value(String hql, Class<?> javaType, boolean nullable) {
            this(hql, javaType, nullable, 0);
        }
    }

    /** A condition, rendered only when the whole expression is known. */
    record Predicate(Condition condition) implements Operand {
    }

    /** A literal keeps its OData form until an operator tells which Java type it must take. */
    record Constant(String text, EdmPrimitiveType type) implements Operand {
        boolean isNull() {
            return type == null && "null".equals(text);
        }

        boolean isBoolean() {
            return type != null && "Boolean".equals(type.getName());
        }
    }

    /**
     * The longest a single translated value or compared condition may be. Some translations repeat an operand (a
     * decimal mod, a condition compared with a condition); nested, they would grow exponentially.
     */
    static final int MAX_TERM_LENGTH = 4_000;
    private static final java.util.Set<Class<?>> INTEGRAL = java.util.Set.of(Long.class, Integer.class, Short.class, Byte.class);
    private static final java.util.Set<String> FRACTIONAL = java.util.Set.of("Decimal", "Double", "Single");

    private final HqlStatement statement;
    private final FunctionTranslation functions;
    private final PathTranslation paths;
    private int aliasDepth;

    FilterTranslation(HqlStatement statement) {
        this.statement = statement;
        this.functions = new FunctionTranslation(this, statement);
        this.paths = new PathTranslation(this, statement);
    }

    /** A condition for the WHERE clause. */
    String condition(Expression expression) {
        return asCondition(translate(expression)).render(false);
    }

    /** A value for a select list or a grouping: the HQL, its Java type, and whether it can be null. */
    Value value(Expression expression) {
        Operand operand = translate(expression);
        if (operand instanceof Value value) {
            return value;
        }
        if (operand instanceof Constant constant && !constant.isNull()) {
            Class<?> type = constant.type() == null ? String.class
                    : FRACTIONAL.contains(constant.type().getName()) ? java.math.BigDecimal.class
                    : "Boolean".equals(constant.type().getName()) ? Boolean.class
                    : constant.type().getName().startsWith("Int") || "Byte".equals(constant.type().getName()) || "SByte".equals(constant.type().getName())
                    ? Long.class : String.class;
            return new Value(asValue(constant, type), type, false);
        }
        throw QueryException.badRequest("The expression does not evaluate to a value");
    }

    /** One ORDER BY term of the expression ({@code $orderby=Customer/City desc}). */
    OrderTerm orderTerm(Expression expression, boolean descending) {
        Operand operand = translate(expression);
        if (!(operand instanceof Value value) || value.hql().matches("\\?\\d+")) {
            throw QueryException.badRequest("$orderby needs a property or an expression of one, not a literal or a condition");
        }
        return new OrderTerm(value.hql(), value.javaType(), value.nullable(), descending);
    }

    Operand translate(Expression expression) {
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
            case OR:
                return new Predicate(Condition.junction(operator == BinaryOperatorKind.AND, asCondition(left), asCondition(right)));
            case EQ:
            case NE:
            case GT:
            case GE:
            case LT:
            case LE:
                return comparison(operator, left, right);
            case ADD:
            case SUB:
            case MUL:
            case DIV:
            case MOD: {
                if (left instanceof Constant l && right instanceof Constant r) {
                    return Literals.foldArithmetic(operator, l, r);
                }
                left = promoted(left, right);
                right = promoted(right, left);
                Class<?> type = commonType(left, right);
                if (type != null && !Number.class.isAssignableFrom(Values.wrap(type))) {
                    throw QueryException.notImplemented("Arithmetic on " + type.getSimpleName() + " values is not supported");
                }
                int precedence = operator == BinaryOperatorKind.ADD || operator == BinaryOperatorKind.SUB ? 2 : 1;
                String l = asValue(left, type);
                // Hibernate's integral % types its divisor as Integer (WildFly's Hibernate refuses a Long there).
                // A divisor beyond Integer takes the decimal remainder instead.
                boolean integralModulo = operator == BinaryOperatorKind.MOD && type != null && INTEGRAL.contains(Values.wrap(type))
                        && !(right instanceof Constant divisor && Literals.divisorType(divisor) != Integer.class);
                Class<?> divisorType = integralModulo && right instanceof Constant ? Integer.class
                        : (operator == BinaryOperatorKind.DIV || operator == BinaryOperatorKind.MOD) && right instanceof Constant
                        ? BigDecimal.class : type;
                String r = asValue(right, divisorType);
                // Left-associative: the left side needs parentheses only when it binds more loosely, the right side
                // whenever it is itself an operation of this or a looser level.
                String leftTerm = precedence(left) > precedence ? "(" + l + ")" : l;
                String rightTerm = precedence(right) >= precedence ? "(" + r + ")" : r;
                String hql = switch (operator) {
                    case ADD -> leftTerm + " + " + rightTerm;
                    case SUB -> leftTerm + " - " + rightTerm;
                    case MUL -> leftTerm + " * " + rightTerm;
                    // Decimal division, also for integers: 7 div 2 is 3.5 in OData.
                    // A decimal left side divides as it is, so a chain stays flat: a div b div c.
                    case DIV -> (javaType(left) == BigDecimal.class ? leftTerm : "cast(" + l + " as BigDecimal)") + " / " + rightTerm;
                    default -> modulo(leftTerm, rightTerm, integralModulo ? type : BigDecimal.class);
                };
                // The remainder of an integral division by an Integer is an Integer, as Hibernate types it.
                Class<?> resultType = operator == BinaryOperatorKind.DIV ? BigDecimal.class
                        : integralModulo ? Integer.class : operator == BinaryOperatorKind.MOD ? BigDecimal.class : type;
                return new Value(hql, resultType, nullable(left) || nullable(right), precedence);
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
        if (right.isEmpty()) {
            throw QueryException.badRequest("The list of 'in' must not be empty");
        }
        Class<?> type = javaType(left);
        if (right.stream().anyMatch(FilterTranslation::isNull)) {
            throw QueryException.badRequest("The list of 'in' must not contain null; use 'eq null'");
        }
        String values = right.stream().map(value -> asValue(value, type)).collect(Collectors.joining(", "));
        return new Predicate(new Condition.In(asValue(left, type), nullable(left), values));
    }

    @Override
    public Operand visitUnaryOperator(UnaryOperatorKind operator, Operand operand) {
        if (operator == UnaryOperatorKind.NOT) {
            return new Predicate(Condition.not(asCondition(operand)));
        }
        if (operator == UnaryOperatorKind.MINUS) {
            Class<?> type = javaType(operand);
            if (type != null && !Number.class.isAssignableFrom(Values.wrap(type))) {
                throw QueryException.badRequest("A minus sign needs a number, not a " + type.getSimpleName() + " value");
            }
            // Never "-x": a second minus in front would render "--", which starts an SQL comment.
            String value = asValue(operand, type);
            return new Value("(0 - " + (precedence(operand) >= 2 ? "(" + value + ")" : value) + ")", type, nullable(operand));
        }
        throw QueryException.notImplemented("The operator " + operator + " is not supported");
    }

    private Operand comparison(BinaryOperatorKind operator, Operand left, Operand right) {
        if (left instanceof Predicate || right instanceof Predicate) {
            return booleanComparison(operator, left, right);
        }
        boolean equality = operator == BinaryOperatorKind.EQ || operator == BinaryOperatorKind.NE;
        if (isNull(right) || isNull(left)) {
            if (!equality) {
                // OData: comparing with null by gt, ge, lt or le is false.
                return new Predicate(new Condition.Truth(false));
            }
            if (isNull(left) && isNull(right)) {
                return new Predicate(new Condition.Truth(operator == BinaryOperatorKind.EQ));
            }
            Condition isNull = new Condition.IsNull(asValue(isNull(right) ? left : right, null));
            return new Predicate(operator == BinaryOperatorKind.EQ ? isNull : Condition.not(isNull));
        }
        if (left instanceof Constant l && right instanceof Constant r) {
            return new Predicate(new Condition.Truth(Literals.compareConstants(operator, l, r)));
        }
        left = promoted(left, right);
        right = promoted(right, left);
        Class<?> type = commonType(left, right);
        String symbol = switch (operator) {
            case EQ -> "=";
            case NE -> "<>";
            case GT -> ">";
            case GE -> ">=";
            case LT -> "<";
            default -> "<=";
        };
        return new Predicate(new Condition.Comparison(symbol, asValue(left, type), nullable(left), asValue(right, type), nullable(right)));
    }

    /**
     * A condition compared with a condition, a boolean literal or null, as generated clients write it
     * ({@code startswith(Name,'B') eq true}). The comparison is two-valued: a condition that is unknown (a function
     * of null) is not equal to true or false, and equal to null.
     */
    private Operand booleanComparison(BinaryOperatorKind operator, Operand left, Operand right) {
        if (operator != BinaryOperatorKind.EQ && operator != BinaryOperatorKind.NE) {
            throw QueryException.badRequest("Conditions can only be compared with eq or ne");
        }
        Condition equal;
        if (isNull(left) || isNull(right)) {
            Condition compared = asCondition(isNull(left) ? right : left);
            if (compared.render(false).length() > MAX_TERM_LENGTH / 8) {
                throw QueryException.badRequest("Comparing a condition this complex with null is not supported; simplify the expression");
            }
            equal = new Condition.Unknown(compared);
        } else {
            Condition l = asCondition(left);
            Condition r = asCondition(right);
            if (r instanceof Condition.Truth truth) {
                equal = new Condition.TwoValued(truth.value() ? l : Condition.not(l));
            } else if (l instanceof Condition.Truth truth) {
                equal = new Condition.TwoValued(truth.value() ? r : Condition.not(r));
            } else {
                // Each side is written several times below; nested comparisons of conditions would grow exponentially.
                if (l.render(false).length() + r.render(false).length() > MAX_TERM_LENGTH / 8) {
                    throw QueryException.badRequest("Comparing conditions this complex with each other is not supported; simplify the expression");
                }
                Condition bothTrue = Condition.junction(true, new Condition.TwoValued(l), new Condition.TwoValued(r));
                Condition bothFalse = Condition.junction(true, new Condition.TwoValued(Condition.not(l)),
                        new Condition.TwoValued(Condition.not(r)));
                Condition bothUnknown = Condition.junction(true, new Condition.Unknown(l), new Condition.Unknown(r));
                equal = Condition.junction(false, Condition.junction(false, bothTrue, bothFalse), bothUnknown);
            }
        }
        return new Predicate(operator == BinaryOperatorKind.EQ ? equal : Condition.not(equal));
    }

    // ---- functions: see FunctionTranslation ---------------------------------------------------------------------

    @Override
    public Operand visitMethodCall(MethodKind method, List<Operand> args) {
        return functions.call(method, args);
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
        if (member.getStartTypeFilter() != null && !functions.isRootType(member.getStartTypeFilter())) {
            // Without a type hierarchy, a cast to the entity's own type is the only one that selects anything.
            throw QueryException.badRequest("The entities here are not of type " + member.getStartTypeFilter().getFullQualifiedName());
        }
        List<UriResource> parts = member.getResourcePath().getUriResourceParts();
        UriResource last = parts.get(parts.size() - 1);
        if (last instanceof UriResourceLambdaAny any) {
            return paths.lambda(parts.subList(0, parts.size() - 1), any.getLambdaVariable(), any.getExpression(), false);
        }
        if (last instanceof UriResourceLambdaAll all) {
            return paths.lambda(parts.subList(0, parts.size() - 1), all.getLambdaVariable(), all.getExpression(), true);
        }
        if (last instanceof UriResourceCount && parts.size() > 1) {
            return paths.count(parts.subList(0, parts.size() - 1));
        }
        if (parts.get(0) instanceof UriResourceRoot) {
            return paths.root(parts);
        }
        HqlStatement.Resolved resolved = statement.resolve(parts);
        return new Value(resolved.hql(), resolved.property().javaType(), resolved.nullable());
    }

    @Override
    public Operand visitLambdaExpression(String lambdaFunction, String lambdaVariable, Expression expression) {
        // Olingo hands lambdas over as the last part of a member path: see visitMember.
        throw QueryException.notImplemented("The lambda operator " + lambdaFunction + " is supported only after a collection navigation");
    }

    @Override
    public Operand visitAlias(String aliasName) {
        if (++aliasDepth > 8) {
            throw QueryException.badRequest("Parameter aliases refer to each other too deeply");
        }
        try {
            return translate(statement.parameterAlias(aliasName));
        } finally {
            aliasDepth--;
        }
    }

    @Override
    public Operand visitTypeLiteral(EdmType type) {
        return new TypeName(type);
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

    static boolean isNull(Operand operand) {
        return operand instanceof Constant constant && constant.isNull();
    }

    /**
     * OData's mod: the remainder with the sign of the dividend. Hibernate's {@code %} takes integers only; for
     * decimals it is {@code a - b * trunc(a / b)}, with trunc written portably.
     */
    private static String modulo(String left, String right, Class<?> type) {
        Class<?> wrapped = type == null ? BigDecimal.class : Values.wrap(type);
        if (wrapped == Long.class || wrapped == Integer.class || wrapped == Short.class || wrapped == Byte.class) {
            return left + " % " + right;
        }
        if (left.length() + right.length() > MAX_TERM_LENGTH / 8) {
            throw QueryException.badRequest("mod of a computed decimal value this large is not supported; simplify the expression");
        }
        String quotient = "cast(" + left + " as BigDecimal) / " + right;
        return "(" + left + " - " + right + " * (case when " + quotient + " >= 0 then floor(" + quotient + ") else ceiling("
                + quotient + ") end))";
    }

    private static int precedence(Operand operand) {
        return operand instanceof Value value ? value.precedence() : 0;
    }

    static boolean nullable(Operand operand) {
        return operand instanceof Value value ? value.nullable() : isNull(operand);
    }

    static boolean nullable(List<Operand> operands) {
        return operands.stream().anyMatch(FilterTranslation::nullable);
    }

    static Class<?> javaType(Operand operand) {
        return operand instanceof Value value ? value.javaType() : null;
    }

    /**
     * An integral value that meets a literal with a fraction ({@code ItemNumber gt 1.5}, {@code ID mod 2.5}) is
     * compared or computed as a decimal, as OData's numeric promotion says, instead of failing on the literal.
     */
    private static Operand promoted(Operand operand, Operand other) {
        if (operand instanceof Value value && value.javaType() != null && INTEGRAL.contains(Values.wrap(value.javaType()))
                && other instanceof Constant constant && constant.type() != null
                && FRACTIONAL.contains(constant.type().getName()) && constant.text().matches(".*[.eE].*")) {
            return new Value("cast(" + value.hql() + " as BigDecimal)", BigDecimal.class, value.nullable());
        }
        return operand;
    }

    private static Class<?> commonType(Operand left, Operand right) {
        Class<?> type = javaType(left);
        return type != null ? type : javaType(right);
    }

    static Operand text(String hql, List<Operand> args) {
        return new Value(hql, String.class, nullable(args));
    }

    String string(Operand operand) {
        Class<?> type = javaType(operand);
        if (type != null && type.isEnum()) {
            // Enumerations are stored by name: string functions see that name.
            return "cast(" + asValue(operand, null) + " as String)";
        }
        if (type != null && type != String.class) {
            throw QueryException.badRequest("A string function was applied to a " + type.getSimpleName() + " value");
        }
        return asValue(operand, String.class);
    }

    Condition asCondition(Operand operand) {
        if (operand instanceof Predicate predicate) {
            return predicate.condition();
        }
        if (operand instanceof Value value && Values.wrap(value.javaType()) == Boolean.class) {
            return new Condition.Predicate(value.hql() + " = true", value.hql() + " = false",
                    value.nullable() ? value.hql() + " is null" : null);
        }
        if (operand instanceof Constant constant && constant.isBoolean()) {
            return new Condition.Truth(Boolean.parseBoolean(constant.text()));
        }
        throw QueryException.badRequest("The expression does not evaluate to true or false");
    }

    String asValue(Operand operand, Class<?> type) {
        if (operand instanceof Predicate) {
            throw QueryException.notImplemented("Conditions cannot be used as values");
        }
        if (operand instanceof TypeName named) {
            throw QueryException.badRequest("The type " + named.type().getName() + " is not a value");
        }
        if (operand instanceof Value value) {
            return value.hql();
        }
        Constant constant = (Constant) operand;
        if (constant.isNull()) {
            return "null";
        }
        return statement.parameter(Literals.literalValue(constant, type));
    }

}
