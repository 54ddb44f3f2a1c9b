package de.deutschlandstack.core.odata.model;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Makes a method of an exposed entity a bound OData function: {@code GET BusinessPartners(7)/DeutschlandStack.Erp.OpenItems()}.
 * Like {@link ODataAction}, but it must not change anything: it runs on the read path, outside a write transaction.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface ODataFunction {

    /** The function's name; by default the method's, capitalised. */
    String name() default "";

    /** The roles that may invoke it; by default those that may read the entity set ({@link ODataEntitySet#read()}). */
    String[] roles() default {};
}
