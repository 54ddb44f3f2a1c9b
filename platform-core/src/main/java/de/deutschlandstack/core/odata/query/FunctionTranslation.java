package de.deutschlandstack.core.odata.query;

import de.deutschlandstack.core.odata.query.FilterTranslation.Operand;
import org.apache.olingo.commons.api.edm.EdmType;
import org.apache.olingo.server.api.uri.queryoption.expression.MethodKind;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;

/**
 * OData's built-in functions in HQL, for {@link FilterTranslation}: string, date and arithmetic functions, and the
 * type functions {@code isof} and {@code cast}. Each argument is already translated; literals become parameters.
 */
final class FunctionTranslation {

    private final FilterTranslation translation;
    private final HqlStatement statement;

    FunctionTranslation(FilterTranslation translation, HqlStatement statement) {
        this.translation = translation;
        this.statement = statement;
    }

    /** The built-in function, translated; 501 for one the database layer does not offer. */
    Operand call(MethodKind method, List<Operand> args) {
        switch (method) {
            case CONTAINS:
                return like(args, true, true);
            case STARTSWITH:
                return like(args, false, true);
            case ENDSWITH:
                return like(args, true, false);
            case TOLOWER:
                return FilterTranslation.text("lower(" + translation.string(args.get(0)) + ")", args);
            case TOUPPER:
                return FilterTranslation.text("upper(" + translation.string(args.get(0)) + ")", args);
            case TRIM:
                return FilterTranslation.text("trim(" + translation.string(args.get(0)) + ")", args);
            case CONCAT:
                return FilterTranslation.text("concat(" + translation.string(args.get(0)) + ", " + translation.string(args.get(1)) + ")", args);
            case LENGTH:
                return new FilterTranslation.Value("length(" + translation.string(args.get(0)) + ")", Integer.class, FilterTranslation.nullable(args));
            case INDEXOF:
                // OData counts from 0, LOCATE from 1 and answers 0 for "not found": both map to -1.
                return new FilterTranslation.Value("(locate(" + translation.string(args.get(1)) + ", " + translation.string(args.get(0)) + ") - 1)", Integer.class, FilterTranslation.nullable(args));
            case SUBSTRING: {
                for (Operand bound : args.subList(1, args.size())) {
                    if (bound instanceof FilterTranslation.Constant constant && constant.text().strip().startsWith("-")) {
                        // Databases disagree about negative positions; OData 4.0 has none.
                        throw QueryException.badRequest("substring takes a start and a length of 0 or more, not " + constant.text());
                    }
                }
                String start = "(" + translation.asValue(args.get(1), Integer.class) + " + 1)";
                return FilterTranslation.text(args.size() > 2
                        ? "substring(" + translation.string(args.get(0)) + ", " + start + ", " + translation.asValue(args.get(2), Integer.class) + ")"
                        : "substring(" + translation.string(args.get(0)) + ", " + start + ")", args);
            }
            case YEAR:
            case MONTH:
            case DAY:
            case HOUR:
            case MINUTE:
                return new FilterTranslation.Value(method.name().toLowerCase(Locale.ROOT) + "(" + translation.asValue(args.get(0), null) + ")", Integer.class, FilterTranslation.nullable(args));
            case SECOND:
                return new FilterTranslation.Value("cast(second(" + translation.asValue(args.get(0), null) + ") as Integer)", Integer.class, FilterTranslation.nullable(args));
            case DATE:
                return new FilterTranslation.Value("cast(" + translation.asValue(args.get(0), null) + " as LocalDate)", LocalDate.class, FilterTranslation.nullable(args));
            case NOW:
                return new FilterTranslation.Value(statement.parameter(Instant.now()), Instant.class, false);
            case ROUND:
                return new FilterTranslation.Value("round(" + translation.asValue(args.get(0), FilterTranslation.javaType(args.get(0))) + ", 0)", BigDecimal.class, FilterTranslation.nullable(args));
            case FLOOR:
                return new FilterTranslation.Value("floor(" + translation.asValue(args.get(0), FilterTranslation.javaType(args.get(0))) + ")", BigDecimal.class, FilterTranslation.nullable(args));
            case CEILING:
                return new FilterTranslation.Value("ceiling(" + translation.asValue(args.get(0), FilterTranslation.javaType(args.get(0))) + ")", BigDecimal.class, FilterTranslation.nullable(args));
            case ISOF:
                return isOf(args);
            case CAST:
                return cast(args);
            default:
                throw QueryException.notImplemented("The function " + method + " is not supported");
        }
    }

    /** Java types of the primitive types that {@code cast} converts to, and that {@code isof} recognises. */
    private static final java.util.Map<String, Class<?>> CASTABLE = java.util.Map.of(
            "String", String.class, "Int16", Short.class, "Int32", Integer.class, "Int64", Long.class,
            "Decimal", BigDecimal.class, "Double", Double.class, "Boolean", Boolean.class, "Date", LocalDate.class);

    /**
     * {@code isof(erp.SalesOrder)} asks whether the current entity is of the type, {@code isof(Quantity, Edm.Int32)}
     * whether a value is. The model has no type hierarchy, so the answer follows from the types alone.
     */
    private Operand isOf(List<Operand> args) {
        FilterTranslation.TypeName type = (FilterTranslation.TypeName) args.get(args.size() - 1);
        if (args.size() == 1) {
            return new FilterTranslation.Predicate(new Condition.Truth(isRootType(type.type())));
        }
        Class<?> valueType = FilterTranslation.javaType(args.get(0));
        Class<?> target = CASTABLE.get(type.type().getName());
        return new FilterTranslation.Predicate(new Condition.Truth(valueType != null && target != null && edmClass(valueType) == target));
    }

    /**
     * {@code cast(Quantity, Edm.Decimal)}, {@code cast(Status, Edm.String)}: a number to another numeric type, any
     * value to a string, a date-time to a date. Casts that can fail on a row's value (a string to a number) are
     * refused: the database would fail the whole query instead of yielding null for that row, as OData says.
     */
    private Operand cast(List<Operand> args) {
        if (args.size() != 2) {
            throw QueryException.notImplemented("cast is supported for values, as in cast(Quantity, Edm.Decimal)");
        }
        Class<?> target = CASTABLE.get(((FilterTranslation.TypeName) args.get(1)).type().getName());
        Operand operand = args.get(0);
        Class<?> source = FilterTranslation.javaType(operand) == null ? null : edmClass(FilterTranslation.javaType(operand));
        if (target == null || operand instanceof FilterTranslation.Predicate || operand instanceof FilterTranslation.TypeName) {
            throw QueryException.notImplemented("cast to " + ((FilterTranslation.TypeName) args.get(1)).type().getName() + " is not supported");
        }
        if (source == null) {
            if (FilterTranslation.isNull(operand)) {
                return operand;
            }
            FilterTranslation.Constant constant = (FilterTranslation.Constant) operand;
            if (constant.type() != null && "String".equals(constant.type().getName()) && target != String.class) {
                // A string literal read as a literal of the type (cast('2026-11-26', Edm.Date)); null when it is none.
                String text = (String) Literals.literalValue(constant, String.class);
                org.apache.olingo.commons.api.edm.EdmPrimitiveType type =
                        (org.apache.olingo.commons.api.edm.EdmPrimitiveType) ((FilterTranslation.TypeName) args.get(1)).type();
                try {
                    Object value = type.valueOfString(text, null, null, 38, 19, null, target);
                    return new FilterTranslation.Value(statement.parameter(value), target, false);
                } catch (org.apache.olingo.commons.api.edm.EdmPrimitiveTypeException e) {
                    return new FilterTranslation.Constant("null", null);
                }
            }
            // Any other literal: its value in the target type, or a 400 when it has none.
            return new FilterTranslation.Value(translation.asValue(operand, target), target, false);
        }
        // Only casts no row's value can overflow: to a decimal or a double, or to Int64 from an integer or a decimal
        // (the model's decimals have at most 18 digits). A narrowing cast would fail the whole query on one row.
        boolean numeric = Number.class.isAssignableFrom(source) && (target == BigDecimal.class || target == Double.class
                || target == Long.class && (source == Long.class || source == Integer.class || source == Short.class
                || source == BigDecimal.class));
        boolean allowed = source == target || target == String.class || numeric
                || (target == LocalDate.class && java.time.temporal.Temporal.class.isAssignableFrom(source));
        if (!allowed) {
            throw QueryException.badRequest("A " + source.getSimpleName() + " value cannot be cast to Edm."
                    + ((FilterTranslation.TypeName) args.get(1)).type().getName() + " here");
        }
        String value = FilterTranslation.javaType(operand).isEnum() ? "cast(" + translation.asValue(operand, null) + " as String)" : translation.asValue(operand, null);
        return new FilterTranslation.Value(source == target ? value : "cast(" + value + " as " + target.getSimpleName() + ")", target, FilterTranslation.nullable(operand));
    }

    boolean isRootType(EdmType type) {
        return type.getNamespace().equals(statement.service().namespace()) && type.getName().equals(statement.rootSet().typeName());
    }

    /** The Java type an EDM primitive of this attribute type is: enumerations are strings. */
    private static Class<?> edmClass(Class<?> javaType) {
        return javaType.isEnum() ? String.class : Values.wrap(javaType);
    }

    private Operand like(List<Operand> args, boolean anyPrefix, boolean anySuffix) {
        String subject = translation.string(args.get(0));
        Operand search = args.get(1);
        String pattern;
        String escape = "";
        if (search instanceof FilterTranslation.Constant constant) {
            if (constant.isNull()) {
                return new FilterTranslation.Predicate(new Condition.Truth(false));
            }
            String value = (String) Literals.literalValue(constant, String.class);
            String escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
            pattern = statement.parameter((anyPrefix ? "%" : "") + escaped + (anySuffix ? "%" : ""));
            escape = " escape '\\'";
        } else {
            pattern = translation.string(search);
            if (anyPrefix) {
                pattern = "concat('%', " + pattern + ")";
            }
            if (anySuffix) {
                pattern = "concat(" + pattern + ", '%')";
            }
        }
        String unknown = FilterTranslation.nullable(args.get(0)) ? subject + " is null" : null;
        if (!(search instanceof FilterTranslation.Constant) && FilterTranslation.nullable(search)) {
            unknown = (unknown == null ? "" : unknown + " or ") + pattern + " is null";
        }
        return new FilterTranslation.Predicate(new Condition.Predicate(subject + " like " + pattern + escape, subject + " not like " + pattern + escape,
                unknown == null ? null : "(" + unknown + ")"));
    }
}
