package de.deutschlandstack.core.privacy;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * An entity of this set can be a data subject (GDPR Art. 4 (1)): a business partner who may be a person, a contact
 * person. The platform exports everything it holds about one (Art. 15, 20) and erases them (Art. 17) through
 * {@code /api/privacy/subjects/{entity set}/{key}} ({@link DataSubjects}).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface DataSubject {
}
