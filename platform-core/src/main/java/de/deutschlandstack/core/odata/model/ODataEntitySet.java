package de.deutschlandstack.core.odata.model;

import de.deutschlandstack.core.security.PlatformRoles;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Exposes a JPA entity as an OData entity set of a service. This is the whole declaration a business object
 * needs: the EDM type, its properties, keys and navigation are derived from the JPA mapping.
 *
 * <pre>{@code @Entity @ODataEntitySet(service = "erp", name = "SalesOrders")
 * public class SalesOrder extends TenantScopedEntity { ... }}</pre>
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface ODataEntitySet {

    /** The service root under {@code /odata/v4/}, e.g. {@code erp}. */
    String service();

    /** The entity set name, e.g. {@code SalesOrders}. The entity type takes the class's simple name. */
    String name();

    /**
     * Whether clients may create, change or delete the set's entities directly. An object that only business actions
     * write (a payment, recorded by {@code Invoices(...)/RecordPayment}) says no: {@code $metadata} tells clients so
     * ({@code Capabilities.InsertRestrictions} ...), and such a request is answered 405.
     */
    boolean insertable() default true;

    boolean updatable() default true;

    boolean deletable() default true;

    /**
     * Whether its changes go to the transactional change log (and from there to delta links and the lake). The audit
     * trail says no: it is its own append-only record, and a copy would double every write.
     */
    boolean changeLog() default true;

    /** The roles that may read the set: query it, expand to it, filter across it. One of them is enough. */
    String[] read() default {PlatformRoles.TENANT_ADMIN, PlatformRoles.BUSINESS_USER, PlatformRoles.READ_ONLY};

    /** The roles that may create, change and delete its entities, and run its actions unless an action says otherwise. */
    String[] write() default {PlatformRoles.TENANT_ADMIN, PlatformRoles.BUSINESS_USER};
}
