package de.deutschlandstack.erp.products;

import de.deutschlandstack.core.events.BusinessRuleViolation;
import de.deutschlandstack.core.events.ChangeKind;
import de.deutschlandstack.core.events.PendingChange;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import org.hibernate.Hibernate;

/**
 * Keeps the category hierarchy a tree: a category is never its own ancestor, and the path above a category stays
 * shallow enough to be read and reported on ({@value #MAX_DEPTH} levels), whichever write (POST, PATCH, $ref) moves
 * it. The ancestors are locked as they are walked: two writes that would each close half of a cycle (A under B, B
 * under A) cannot both pass; the second waits, then finds the first's change (or fails as a concurrent change).
 */
@ApplicationScoped
public class CategoryHierarchy {

    static final int MAX_DEPTH = 20;

    @PersistenceContext(unitName = "platform")
    EntityManager em;

    void check(@Observes PendingChange change) {
        if (!(change.entity() instanceof ProductCategory category) || change.kind() == ChangeKind.DELETED) {
            return;
        }
        int depth = 1;
        for (ProductCategory ancestor = parentOf(category); ancestor != null; ancestor = parentOf(ancestor)) {
            lock(ancestor);
            if (ancestor == category) {
                throw new BusinessRuleViolation("CategoryCycle", "The category " + category.getName()
                        + " cannot lie under itself; choose a Parent outside its subcategories");
            }
            if (++depth > MAX_DEPTH) {
                throw new BusinessRuleViolation("CategoryDepth", "Categories nest at most " + MAX_DEPTH + " levels deep");
            }
        }
    }

    /** Locks a stored ancestor's row for the transaction; a version changed meanwhile fails the write (412). */
    private void lock(ProductCategory ancestor) {
        org.hibernate.engine.spi.EntityEntry entry = em.unwrap(org.hibernate.engine.spi.SessionImplementor.class)
                .getPersistenceContextInternal().getEntry(ancestor);
        if (entry == null || entry.isExistsInDatabase()) {
            em.lock(ancestor, LockModeType.PESSIMISTIC_WRITE);
        }
    }

    private static ProductCategory parentOf(ProductCategory category) {
        return (ProductCategory) Hibernate.unproxy(category.getParent());
    }
}
