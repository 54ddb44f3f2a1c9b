package de.deutschlandstack.core.odata.query;

import org.apache.olingo.commons.api.edm.EdmPrimitiveType;
import org.apache.olingo.commons.api.edm.EdmPrimitiveTypeException;
import org.apache.olingo.commons.api.edm.EdmPrimitiveTypeKind;
import org.apache.olingo.server.api.uri.queryoption.expression.BinaryOperatorKind;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.UUID;

/**
 * What the translation does with literals: their values in the type of the attribute they meet, and the
 * comparisons and arithmetic of two literals, done here so that the database never sees two untyped parameters.
 */
final class Literals {

    private Literals() {
    }

    /** Types whose precision counts fractional seconds; a literal may carry up to picoseconds. */
    private static final java.util.Set<String> TEMPORAL = java.util.Set.of("DateTimeOffset", "TimeOfDay", "Duration");

    /** The most fractional digits a decimal literal may have. */
    private static final int LITERAL_SCALE = 38;

    /** Two literals are compared right here; the database never sees a comparison of two parameters. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static boolean compareConstants(BinaryOperatorKind operator, FilterTranslation.Constant left, FilterTranslation.Constant right) {
        Object l = literalValue(left, null);
        Object r = literalValue(right, null);
        if (l instanceof Number ln && r instanceof Number rn) {
            if (isFloating(ln) || isFloating(rn)) {
                double a = ln.doubleValue();
                double b = rn.doubleValue();
                if (Double.isNaN(a) || Double.isNaN(b)) {
                    // NaN equals nothing and orders with nothing.
                    return operator == BinaryOperatorKind.NE;
                }
                l = a;
                r = b;
            } else {
                l = new BigDecimal(ln.toString());
                r = new BigDecimal(rn.toString());
            }
        }
        if (!(l instanceof Comparable) || l.getClass() != r.getClass()) {
            throw QueryException.badRequest("The literals " + left.text() + " and " + right.text() + " cannot be compared");
        }
        int order = ((Comparable) l).compareTo(r);
        return switch (operator) {
            case EQ -> order == 0;
            case NE -> order != 0;
            case GT -> order > 0;
            case GE -> order >= 0;
            case LT -> order < 0;
            default -> order <= 0;
        };
    }

    private static boolean isFloating(Number number) {
        return number instanceof Double || number instanceof Float;
    }


    /** Hibernate types an integral remainder's divisor as Integer where it fits. */
    static Class<?> divisorType(FilterTranslation.Constant constant) {
        Object value = literalValue(constant, null);
        return value instanceof Number number && new BigDecimal(number.toString()).abs().compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) <= 0
                ? Integer.class : Long.class;
    }

    /** Arithmetic of two literals is done here; the database never sees two untyped parameters. */
    static FilterTranslation.Operand foldArithmetic(BinaryOperatorKind operator, FilterTranslation.Constant left, FilterTranslation.Constant right) {
        Object l = left.isNull() ? null : literalValue(left, null);
        Object r = right.isNull() ? null : literalValue(right, null);
        BigDecimal a = finite(l);
        BigDecimal b = finite(r);
        if (a == null || b == null) {
            throw QueryException.badRequest("Arithmetic of literals needs finite numbers, not null, INF or NaN");
        }
        if ((operator == BinaryOperatorKind.DIV || operator == BinaryOperatorKind.MOD) && b.signum() == 0) {
            throw QueryException.badRequest("The query divides by zero");
        }
        BigDecimal result = switch (operator) {
            case ADD -> a.add(b);
            case SUB -> a.subtract(b);
            case MUL -> a.multiply(b);
            case DIV -> a.divide(b, java.math.MathContext.DECIMAL128);
            default -> a.remainder(b);
        };
        // Kept within what a decimal literal may be: 34 significant digits, at most 38 after the point, 60 before.
        result = result.round(java.math.MathContext.DECIMAL128);
        if (result.scale() > LITERAL_SCALE) {
            result = result.setScale(LITERAL_SCALE, java.math.RoundingMode.HALF_EVEN);
        }
        if (result.precision() - result.scale() > 60) {
            throw QueryException.badRequest("Arithmetic of literals leaves the range of decimal numbers");
        }
        return new FilterTranslation.Constant(result.stripTrailingZeros().toPlainString(), DECIMAL);
    }

    private static BigDecimal finite(Object value) {
        if (!(value instanceof Number number) || number instanceof Double d && !Double.isFinite(d)
                || number instanceof Float f && !Float.isFinite(f)) {
            return null;
        }
        BigDecimal decimal = new BigDecimal(number.toString());
        return decimal.precision() - decimal.scale() > 60 ? null : decimal;
    }

    private static final EdmPrimitiveType DECIMAL =
            org.apache.olingo.commons.core.edm.primitivetype.EdmPrimitiveTypeFactory.getInstance(EdmPrimitiveTypeKind.Decimal);


    /** The literal's value in the Java type of the attribute it meets, or its natural type if there is none. */
    static Object literalValue(FilterTranslation.Constant constant, Class<?> type) {
        EdmPrimitiveType edmType = constant.type();
        try {
            String value = edmType.fromUriLiteral(constant.text());
            // No precision or scale: a literal compares with any value (Olingo reads a null scale as 0 digits).
            Integer precision = TEMPORAL.contains(edmType.getName()) ? Integer.valueOf(12) : null;
            Object natural = edmType.valueOfString(value, true, null, precision, LITERAL_SCALE, true, naturalType(edmType));
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
