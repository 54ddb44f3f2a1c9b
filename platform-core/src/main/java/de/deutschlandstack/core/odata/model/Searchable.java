package de.deutschlandstack.core.odata.model;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A text attribute that {@code $search} looks in: {@code SalesOrders?$search=Huber} finds the orders whose searchable
 * properties contain "huber", whatever the case. An entity set without one refuses {@code $search} (400).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface Searchable {
}
