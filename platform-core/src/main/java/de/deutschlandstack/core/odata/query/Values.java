package de.deutschlandstack.core.odata.query;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.Calendar;
import java.util.Date;
import java.util.GregorianCalendar;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Converts values Olingo produces (from literals and request bodies) into the Java type of a JPA attribute.
 * A value that cannot be represented is an {@link InvalidValueException}: the client's input, not a bug.
 */
public final class Values {

    private static final Map<Class<?>, Class<?>> WRAPPERS = Map.of(
            int.class, Integer.class, long.class, Long.class, short.class, Short.class, double.class, Double.class,
            boolean.class, Boolean.class, float.class, Float.class, byte.class, Byte.class);

    private Values() {
    }

    public static final class InvalidValueException extends IllegalArgumentException {
        public InvalidValueException(String message) {
            super(message);
        }
    }

    public static Class<?> wrap(Class<?> type) {
        return WRAPPERS.getOrDefault(type, type);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    public static Object convert(Object value, Class<?> targetType) {
        if (value == null) {
            return null;
        }
        Class<?> target = wrap(targetType);
        if (target.isInstance(value)) {
            return value;
        }
        try {
            if (value instanceof Number number && Number.class.isAssignableFrom(target)) {
                return number(new BigDecimal(number.toString()), target);
            }
            if (target.isEnum() && value instanceof String text) {
                try {
                    return Enum.valueOf((Class<? extends Enum>) target, text);
                } catch (IllegalArgumentException e) {
                    throw new InvalidValueException("'" + text + "' is not one of " + Arrays.stream(target.getEnumConstants())
                            .map(Object::toString).collect(Collectors.joining(", ")));
                }
            }
            if (target == Instant.class) {
                return instant(value);
            }
            if (target == LocalDate.class) {
                return localDate(value);
            }
            if (target == UUID.class && value instanceof String text) {
                return UUID.fromString(text);
            }
            if (target == String.class && value instanceof Enum<?> constant) {
                return constant.name();
            }
        } catch (ArithmeticException | IllegalArgumentException e) {
            if (e instanceof InvalidValueException invalid) {
                throw invalid;
            }
            throw new InvalidValueException("The value " + value + " does not fit " + target.getSimpleName());
        }
        throw new InvalidValueException("A value of type " + value.getClass().getSimpleName()
                + " cannot be used where " + target.getSimpleName() + " is expected");
    }

    private static Object number(BigDecimal number, Class<?> target) {
        if (target == BigDecimal.class) {
            return number;
        }
        if (target == Long.class) {
            return number.longValueExact();
        }
        if (target == Integer.class) {
            return number.intValueExact();
        }
        if (target == Short.class) {
            return number.shortValueExact();
        }
        if (target == Byte.class) {
            return number.byteValueExact();
        }
        if (target == Double.class) {
            return number.doubleValue();
        }
        if (target == Float.class) {
            return number.floatValue();
        }
        if (target == BigInteger.class) {
            return number.toBigIntegerExact();
        }
        throw new InvalidValueException("Unsupported numeric type " + target.getSimpleName());
    }

    private static Instant instant(Object value) {
        if (value instanceof Date date) {
            return date.toInstant();
        }
        if (value instanceof Calendar calendar) {
            return calendar.toInstant();
        }
        if (value instanceof ZonedDateTime zoned) {
            return zoned.toInstant();
        }
        if (value instanceof OffsetDateTime offset) {
            return offset.toInstant();
        }
        if (value instanceof LocalDate date) {
            return date.atStartOfDay(ZoneOffset.UTC).toInstant();
        }
        throw new InvalidValueException("Not a point in time: " + value);
    }

    private static LocalDate localDate(Object value) {
        if (value instanceof java.sql.Date date) {
            return date.toLocalDate();
        }
        if (value instanceof GregorianCalendar calendar) {
            return calendar.toZonedDateTime().toLocalDate();
        }
        if (value instanceof ZonedDateTime zoned) {
            return zoned.toLocalDate();
        }
        throw new InvalidValueException("Not a date: " + value);
    }
}
