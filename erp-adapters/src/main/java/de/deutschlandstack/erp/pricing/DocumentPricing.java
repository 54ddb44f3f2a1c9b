package de.deutschlandstack.erp.pricing;

import de.deutschlandstack.core.events.BusinessRuleViolation;
import de.deutschlandstack.core.events.ChangeEvent;
import de.deutschlandstack.core.events.ChangeKind;
import de.deutschlandstack.core.events.PendingChange;
import de.deutschlandstack.core.events.StatusConflict;
import de.deutschlandstack.erp.codelists.TaxCode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.metamodel.Attribute;
import jakarta.persistence.metamodel.EntityType;
import org.hibernate.Hibernate;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Prices every {@link PricedItem} however it is written (OData, an action, an import): before the write it fills
 * what the client left out (unit price and tax code from the product) and copies the tax code's rate; after the
 * write it recomputes the totals of the document the item belongs to, and of the one it left, in the same
 * transaction. Clients cannot set totals, rates or net amounts: they are computed properties.
 */
@ApplicationScoped
public class DocumentPricing {

    private final Map<Class<?>, String> documentAttributes = new ConcurrentHashMap<>();
    /** The document's collection attribute that holds its items, by document class; empty when it has none. */
    private final Map<Class<?>, String> itemCollections = new ConcurrentHashMap<>();

    @PersistenceContext(unitName = "platform")
    EntityManager em;

    void priceItem(@Observes PendingChange change) {
        if (change.entity() instanceof PricedDocument document) {
            refuseUnlessEditable(document, change);
            return;
        }
        if (!(change.entity() instanceof PricedItem item)) {
            return;
        }
        // An item joins, leaves or changes a document only while that document is editable.
        change.previous().get(documentAttribute(item))
                .map(previous -> (PricedDocument) Hibernate.unproxy(previous))
                .ifPresent(previous -> refuseItemChange(previous));
        if (item.document() != null) {
            refuseItemChange((PricedDocument) Hibernate.unproxy(item.document()));
        }
        if (change.kind() == ChangeKind.DELETED) {
            return;
        }
        PricedDocument owner = item.document() == null ? null : (PricedDocument) Hibernate.unproxy(item.document());
        PricedDocument before = change.previous().get(documentAttribute(item))
                .map(previous -> (PricedDocument) Hibernate.unproxy(previous)).orElse(null);
        if (before != null && owner != null && before != owner && !Objects.equals(before.getCurrency(), owner.getCurrency())) {
            // Its price is in the old document's currency: moved as it is, it would count as the new one's.
            throw new BusinessRuleViolation("CurrencyMismatch", "The item is priced in " + before.getCurrency() + ", "
                    + owner.describe() + " is in " + owner.getCurrency() + ": create the item there instead");
        }
        if (item.getUnitPrice() == null && owner != null && item.defaultPriceCurrency() != null
                && !item.defaultPriceCurrency().equals(owner.getCurrency())) {
            throw new BusinessRuleViolation("CurrencyMismatch", "The product's price is in " + item.defaultPriceCurrency() + ", "
                    + owner.describe() + " is in " + owner.getCurrency() + ": give the item its UnitPrice");
        }
        item.priceDefaultsToList();
        String code = item.getTaxCode() != null ? item.getTaxCode() : item.defaultTaxCode();
        if (code == null) {
            throw new BusinessRuleViolation("MissingTaxCode", "The item needs a TaxCode (it has no product to take one from)");
        }
        boolean codeChanged = !Objects.equals(code, change.previous().get("taxCode").orElse(null));
        if (codeChanged || item.getTaxRate() == null) {
            TaxCode taxCode = taxCode(code);
            PricedDocument document = item.document() == null ? null : (PricedDocument) Hibernate.unproxy(item.document());
            if (document != null && taxCode.getDirection() != document.taxDirection()) {
                throw new BusinessRuleViolation("TaxCodeDirection", "Tax code " + code + " is for "
                        + (taxCode.getDirection() == TaxCode.Direction.OUTPUT ? "sales" : "purchases") + "; "
                        + document.describe() + " needs one for "
                        + (document.taxDirection() == TaxCode.Direction.OUTPUT ? "sales" : "purchases"));
            }
            item.taxedWith(taxCode);
        }
    }

    private static void refuseItemChange(PricedDocument document) {
        if (!document.isEditable()) {
            throw new StatusConflict(document.describe(), document.statusName(), "its items can no longer change");
        }
    }

    /** Free text that may change in any status: a note on an order is not part of what was agreed. */
    private static final java.util.Set<String> ALWAYS_EDITABLE = java.util.Set.of("note");

    /**
     * A document past its first status changes through its actions only, except for its note. A write that changes
     * none of its other attributes (a PATCH repeating the current values) is let through; deleting it is refused.
     */
    private void refuseUnlessEditable(PricedDocument document, PendingChange change) {
        if (change.kind() == ChangeKind.UPDATED && change.previous().get("currency").filter(c -> !c.equals(document.getCurrency())).isPresent()
                && hasItems(document)) {
            throw new BusinessRuleViolation("CurrencyChange", document.describe() + " has items priced in "
                    + change.previous().get("currency").orElseThrow() + "; its currency changes only while it has none");
        }
        if (change.kind() == ChangeKind.CREATED || document.isEditable()) {
            return;
        }
        if (change.kind() == ChangeKind.DELETED) {
            throw new StatusConflict(document.describe(), document.statusName(), "it can no longer be deleted");
        }
        for (Map.Entry<String, Object> previous : change.previous().values().entrySet()) {
            if (ALWAYS_EDITABLE.contains(previous.getKey())) {
                continue;
            }
            Object now = FieldValues.read(document, previous.getKey());
            if (!sameValue(previous.getValue(), now)) {
                throw new StatusConflict(document.describe(), document.statusName(), "it changes only through its actions now");
            }
        }
    }

    private static boolean sameValue(Object before, Object now) {
        if (before instanceof java.math.BigDecimal a && now instanceof java.math.BigDecimal b) {
            return a.compareTo(b) == 0;
        }
        if (before != null && now != null && !before.getClass().equals(now.getClass())) {
            return Hibernate.unproxy(before) == Hibernate.unproxy(now);
        }
        return Objects.equals(before, now);
    }

    void totalDocuments(@Observes ChangeEvent event) {
        if (!(event.entity() instanceof PricedItem item)) {
            return;
        }
        String attribute = documentAttribute(item);
        Set<PricedDocument> documents = new LinkedHashSet<>();
        event.previous().get(attribute).ifPresent(previous -> documents.add((PricedDocument) Hibernate.unproxy(previous)));
        if (event.kind() != ChangeKind.DELETED && item.document() != null) {
            documents.add((PricedDocument) Hibernate.unproxy(item.document()));
        }
        for (PricedDocument document : documents) {
            // The document may be a lazy proxy: change the entity itself, not the proxy's copy of its fields.
            document.totalFrom(event.kind() == ChangeKind.CREATED ? loadedItems(document, item)
                    .orElseGet(() -> itemsOf(document, item, attribute)) : itemsOf(document, item, attribute));
        }
    }

    private List<? extends PricedItem> itemsOf(PricedDocument document, PricedItem item, String attribute) {
        return em.createQuery("select i from " + em.getMetamodel().entity(Hibernate.getClass(item)).getName()
                        + " i where i." + attribute + " = :document", PricedItem.class)
                .setParameter("document", document)
                .getResultList();
    }

    /**
     * The document's items as it holds them already, when it does and they include the item just created: a deep
     * insert of an order with a thousand items then totals from memory each time, instead of reading the growing
     * list a thousand times. (The platform adds a created item to its document's loaded collection.)
     */
    private java.util.Optional<java.util.Collection<? extends PricedItem>> loadedItems(PricedDocument document, PricedItem item) {
        String collection = itemCollections.computeIfAbsent(Hibernate.getClass(document), type -> em.getMetamodel().entity(type)
                .getPluralAttributes().stream()
                .filter(a -> a.getElementType().getJavaType().isAssignableFrom(Hibernate.getClass(item)))
                .map(Attribute::getName).findFirst().orElse(""));
        if (collection.isEmpty()) {
            return java.util.Optional.empty();
        }
        try {
            java.lang.reflect.Field field = findField(Hibernate.getClass(document), collection);
            Object items = field.get(document);
            if (items instanceof java.util.Collection<?> loaded && Hibernate.isInitialized(loaded) && loaded.contains(item)) {
                @SuppressWarnings("unchecked")
                java.util.Collection<? extends PricedItem> typed = (java.util.Collection<? extends PricedItem>) loaded;
                return java.util.Optional.of(typed);
            }
            return java.util.Optional.empty();
        } catch (ReflectiveOperationException e) {
            return java.util.Optional.empty();
        }
    }

    private static java.lang.reflect.Field findField(Class<?> type, String name) throws NoSuchFieldException {
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            try {
                java.lang.reflect.Field field = c.getDeclaredField(name);
                field.setAccessible(true);
                return field;
            } catch (NoSuchFieldException e) {
                // keep looking in the superclass
            }
        }
        throw new NoSuchFieldException(name);
    }

    /** Whether the document has items already: their prices are in its currency. */
    private boolean hasItems(PricedDocument document) {
        for (EntityType<?> type : em.getMetamodel().getEntities()) {
            if (!PricedItem.class.isAssignableFrom(type.getJavaType())) {
                continue;
            }
            for (jakarta.persistence.metamodel.SingularAttribute<?, ?> attribute : type.getSingularAttributes()) {
                if (attribute.getPersistentAttributeType() == Attribute.PersistentAttributeType.MANY_TO_ONE
                        && attribute.getJavaType().isAssignableFrom(Hibernate.getClass(document))) {
                    return !em.createQuery("select 1 from " + type.getName() + " i where i." + attribute.getName() + " = :document",
                            Integer.class).setParameter("document", document).setMaxResults(1).getResultList().isEmpty();
                }
            }
        }
        return false;
    }

    /** The tenant's tax code; a code the tenant does not have is the client's error, not the database's. */
    public TaxCode taxCode(String code) {
        return em.createQuery("select t from TaxCode t where t.code = :code", TaxCode.class)
                .setParameter("code", code)
                .getResultStream().findFirst()
                .orElseThrow(() -> new BusinessRuleViolation("UnknownTaxCode", "There is no tax code '" + code + "'"));
    }

    /** The item's many-to-one attribute that points to its document. */
    private String documentAttribute(PricedItem item) {
        return documentAttributes.computeIfAbsent(Hibernate.getClass(item), type -> {
            EntityType<?> entity = em.getMetamodel().entity(type);
            return entity.getSingularAttributes().stream()
                    .filter(a -> a.getPersistentAttributeType() == Attribute.PersistentAttributeType.MANY_TO_ONE)
                    .filter(a -> PricedDocument.class.isAssignableFrom(a.getJavaType()))
                    .map(Attribute::getName)
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException(type + " has no many-to-one to its document"));
        });
    }
}
