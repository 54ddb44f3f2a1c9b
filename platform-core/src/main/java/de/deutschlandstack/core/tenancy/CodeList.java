package de.deutschlandstack.core.tenancy;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The attribute holds a code of a tenant's code list (a currency, a unit, a country, a tax code): the value stays a
 * plain code that clients read and write as such ({@code "Currency": "EUR"}), and the database refuses a code the
 * tenant's list lacks, through the composite foreign key {@code (attribute, tenant) -> (code, tenant)} that
 * {@link TenantForeignKeys} derives from this annotation.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface CodeList {

    /** The code list: a tenant-scoped entity whose {@code @ODataKey} is the code. */
    Class<? extends TenantScopedEntity> value();
}
