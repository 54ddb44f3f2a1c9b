package de.deutschlandstack.core.odata.model;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Makes a method of an exposed entity a bound OData action: {@code POST SalesOrders(1)/DeutschlandStack.Erp.Release}.
 * The method is the whole declaration: {@code $metadata} describes it, the runtime dispatches to it in one
 * transaction, on the caller's entity, and the admin UI offers it.
 *
 * <p>Parameters annotated {@link ODataParameter} are the action's parameters, read from the request body; any other
 * parameter is a platform service (a CDI bean such as {@code Invoicing}) that the runtime passes in. The method
 * returns nothing (204), an exposed entity or a list of them, or a primitive value. A
 * {@code BusinessRuleViolation} it throws is the client's 400; a {@code StatusConflict} its 409; either way nothing
 * of the action is stored.
 *
 * <pre>{@code @ODataAction
 * public SalesOrder release() { ... }
 *
 * @ODataAction
 * public Invoice createInvoice(@ODataParameter("InvoiceDate") LocalDate date, Invoicing invoicing) { ... }}</pre>
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface ODataAction {

    /** The action's name; by default the method's, capitalised ({@code release} becomes {@code Release}). */
    String name() default "";

    /** The roles that may invoke it; by default those that may write the entity set ({@link ODataEntitySet#write()}). */
    String[] roles() default {};
}
