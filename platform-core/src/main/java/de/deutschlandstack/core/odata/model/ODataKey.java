package de.deutschlandstack.core.odata.model;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The property clients address an entity by, when it is not the JPA id: a code list entry is {@code Currencies('EUR')},
 * while its row keeps a generated surrogate id. A natural key is unique per tenant only, and Hibernate writes updates
 * and deletes by id alone; a surrogate id keeps every such statement inside one tenant. The surrogate id is not part of
 * the OData model. The code is set on creation and never changes.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface ODataKey {
}
