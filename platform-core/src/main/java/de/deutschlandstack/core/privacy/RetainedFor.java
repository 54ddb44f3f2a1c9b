package de.deutschlandstack.core.privacy;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The law requires keeping this kind of business document for a number of years (an invoice: ten, § 147 AO). Erasing a
 * data subject ({@link DataSubjects}) keeps such documents and anonymises their {@link PersonalData} fields instead of
 * deleting them (GDPR Art. 17 (3) (b)); what the document itself must show (the customer on an invoice) stays.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface RetainedFor {

    /** Years after the end of the calendar year of the document. */
    int years();

    /** The provision that requires it, e.g. {@code § 147 Abs. 1 Nr. 4, Abs. 3 AO}. */
    String law();
}
