package de.deutschlandstack.core.odata.model;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A parameter of an {@link ODataAction} or {@link ODataFunction}, by its OData name. Nullable unless also annotated
 * {@code @NotNull}; its type is one the entities' properties may have (String, numbers, BigDecimal, LocalDate, ...).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface ODataParameter {

    String value();
}
