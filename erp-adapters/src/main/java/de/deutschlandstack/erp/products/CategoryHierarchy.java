package de.deutschlandstack.erp.products;

import de.deutschlandstack.core.events.BusinessRuleViolation;
import de.deutschlandstack.core.events.ChangeKind;
import de.deutschlandstack.core.events.PendingChange;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.hibernate.Hibernate;

/**
 * Keeps the category hierarchy a tree: a category is never its own ancestor, and the hierarchy stays shallow
 * enough to be read and reported on ({@value #MAX_DEPTH} levels), whichever write (POST, PATCH, $ref) moves it.
 */
@ApplicationScoped
public class CategoryHierarchy {

    static final int MAX_DEPTH = 20;

    void check(@Observes PendingChange change) {
        if (!(change.entity() instanceof ProductCategory category) || change.kind() == ChangeKind.DELETED) {
            return;
        }
        int depth = 1;
        for (ProductCategory ancestor = parentOf(category); ancestor != null; ancestor = parentOf(ancestor)) {
            if (ancestor == category) {
                throw new BusinessRuleViolation("CategoryCycle", "The category " + category.getName()
                        + " cannot lie under itself; choose a Parent outside its subcategories");
            }
            if (++depth > MAX_DEPTH) {
                throw new BusinessRuleViolation("CategoryDepth", "Categories nest at most " + MAX_DEPTH + " levels deep");
            }
        }
    }

    private static ProductCategory parentOf(ProductCategory category) {
        return (ProductCategory) Hibernate.unproxy(category.getParent());
    }
}
