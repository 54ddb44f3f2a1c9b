package de.deutschlandstack.erp.accounting;

import de.deutschlandstack.core.events.BusinessRuleViolation;
import de.deutschlandstack.core.events.ChangeEvent;
import de.deutschlandstack.core.events.ChangeKind;
import de.deutschlandstack.core.events.PendingChange;
import de.deutschlandstack.core.events.StatusConflict;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import org.hibernate.Hibernate;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Keeps entries keyed in over OData honest: a line is a debit or a credit, never both or neither; a posted entry and
 * its lines never change; an entry's totals follow its lines, in the write's transaction.
 */
@ApplicationScoped
public class JournalRules {

    @PersistenceContext(unitName = "platform")
    EntityManager em;

    void check(@Observes PendingChange change) {
        if (change.entity() instanceof JournalEntry entry && change.kind() != ChangeKind.CREATED) {
            refuseUnlessDraft(entry, change.kind() == ChangeKind.DELETED ? "it can no longer be deleted" : "it can no longer change");
        }
        if (!(change.entity() instanceof JournalEntryLine line)) {
            return;
        }
        change.previous().get("entry").ifPresent(previous -> refuseUnlessDraft((JournalEntry) Hibernate.unproxy(previous),
                "its lines can no longer change"));
        if (line.getEntry() != null) {
            refuseUnlessDraft((JournalEntry) Hibernate.unproxy(line.getEntry()), "its lines can no longer change");
        }
        boolean debit = line.getDebit() != null && line.getDebit().signum() > 0;
        boolean credit = line.getCredit() != null && line.getCredit().signum() > 0;
        if (change.kind() != ChangeKind.DELETED && debit == credit) {
            throw new BusinessRuleViolation("DebitOrCredit", "A journal entry line has either a Debit or a Credit greater than zero");
        }
    }

    void total(@Observes ChangeEvent event) {
        if (!(event.entity() instanceof JournalEntryLine line)) {
            return;
        }
        Set<JournalEntry> entries = new LinkedHashSet<>();
        event.previous().get("entry").ifPresent(previous -> entries.add((JournalEntry) Hibernate.unproxy(previous)));
        if (event.kind() != ChangeKind.DELETED && line.getEntry() != null) {
            entries.add((JournalEntry) Hibernate.unproxy(line.getEntry()));
        }
        for (JournalEntry entry : entries) {
            entry.totalFrom(em.createQuery("select l from JournalEntryLine l where l.entry = :entry", JournalEntryLine.class)
                    .setParameter("entry", entry).getResultList());
        }
    }

    private static void refuseUnlessDraft(JournalEntry entry, String refused) {
        if (entry.getStatus() != JournalEntry.Status.DRAFT) {
            throw new StatusConflict("Journal entry " + entry.getEntryNumber(), entry.getStatus().name(), refused);
        }
    }
}
