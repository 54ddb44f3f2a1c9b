package de.deutschlandstack.erp.numbering;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;

import java.time.LocalDate;

/**
 * Gapless document numbers per tenant, kind and year ({@code RE-2026-000042}), as German bookkeeping expects
 * (GoBD): the range row is locked until the transaction that took a number ends, so a rolled-back document
 * gives its number back. Two transactions creating the very first number of a year at once: one of them fails on
 * the range's primary key and is answered 409, to be retried.
 */
@ApplicationScoped
public class DocumentNumbers {

    /** The kinds of document the platform numbers itself, with the prefix their numbers carry. */
    public enum Kind {
        INVOICE("RE"), SUPPLIER_INVOICE("ER"), PAYMENT("ZA"), JOURNAL_ENTRY("BU");

        private final String prefix;

        Kind(String prefix) {
            this.prefix = prefix;
        }
    }

    @PersistenceContext(unitName = "platform")
    EntityManager em;

    /** Takes the next number of this kind in the year of {@code date}; call inside the document's transaction. */
    public String next(Kind kind, LocalDate date) {
        String code = kind.name() + "-" + date.getYear();
        NumberRange range = em.createQuery("select r from NumberRange r where r.code = :code", NumberRange.class)
                .setParameter("code", code)
                .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .getResultStream().findFirst()
                .orElseGet(() -> {
                    NumberRange created = new NumberRange(code);
                    em.persist(created);
                    return created;
                });
        return String.format("%s-%d-%06d", kind.prefix, date.getYear(), range.take());
    }
}
