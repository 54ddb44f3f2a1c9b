package de.deutschlandstack.core.privacy;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The attribute holds personal data of a natural person (GDPR Art. 4 (1)): a name, an e-mail address, a phone
 * number. Declared once on the entity; access logging, erasure and export of a data subject's data follow from it.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface PersonalData {
}
