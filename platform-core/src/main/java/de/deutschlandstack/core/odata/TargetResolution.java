package de.deutschlandstack.core.odata;

import de.deutschlandstack.core.odata.model.EntitySetModel;
import de.deutschlandstack.core.odata.model.NavigationModel;
import de.deutschlandstack.core.odata.model.ServiceModel;
import de.deutschlandstack.core.odata.query.EntityQueries;
import de.deutschlandstack.core.odata.query.EntityQueries.Source;
import org.apache.olingo.commons.api.edm.EdmEntitySet;
import org.apache.olingo.commons.api.http.HttpStatusCode;
import org.apache.olingo.server.api.ODataApplicationException;
import org.apache.olingo.server.api.uri.UriInfo;
import org.apache.olingo.server.api.uri.UriParameter;
import org.apache.olingo.server.api.uri.UriResource;
import org.apache.olingo.server.api.uri.UriResourceEntitySet;
import org.apache.olingo.server.api.uri.UriResourceNavigation;

import java.util.List;
import java.util.Optional;

/**
 * What a URL addresses: an entity set, one entity by key, or a path of navigations from an entity
 * ({@code SalesOrders(7)/Items}, {@code SalesOrders(7)/Customer/ContactPersons(3)}, each step optionally with a key of
 * its own). The target is the last step, seen from the one entity the step before it addresses. A parent that the
 * caller's tenant does not have makes the whole path not exist.
 */
final class TargetResolution {

    /** The resource of a request. {@code key} is null for a collection or a single-valued navigation. */
    record Target(EdmEntitySet edmSet, EntitySetModel set, Source source, Object key) {

        boolean isNavigation() {
            return source.navigation() != null;
        }
    }

    static final int MAX_PATH_STEPS = 8;

    private final ServiceModel model;
    private final EntityQueries queries;
    private final EntityMapping mapping;

    TargetResolution(ServiceModel model, EntityQueries queries, EntityMapping mapping) {
        this.model = model;
        this.queries = queries;
        this.mapping = mapping;
    }

    Target resolve(UriInfo uriInfo) throws ODataApplicationException {
        List<UriResource> parts = uriInfo.getUriResourceParts().stream()
                .filter(p -> p instanceof UriResourceEntitySet || p instanceof UriResourceNavigation)
                .toList();
        if (parts.isEmpty() || !(parts.get(0) instanceof UriResourceEntitySet root)) {
            throw ErrorMapping.error(HttpStatusCode.NOT_IMPLEMENTED, "Only entity sets are served");
        }
        if (parts.size() > MAX_PATH_STEPS) {
            // Each step is one lookup in the database.
            throw ErrorMapping.error(HttpStatusCode.BAD_REQUEST, "A path navigates at most " + (MAX_PATH_STEPS - 1)
                    + " steps; use $expand or a filter for longer ones");
        }
        EdmEntitySet edmSet = root.getEntitySet();
        EntitySetModel set = entitySet(edmSet);
        Object key = root.getKeyPredicates().isEmpty() ? null : key(set, root.getKeyPredicates());
        if (parts.size() == 1) {
            return new Target(edmSet, set, Source.of(set), key);
        }
        // Every step but the last must address one entity (Olingo's parser sees to that); each is looked up in the
        // caller's tenant, so a path through another tenant's entity, or through nothing, does not exist.
        Source source = Source.of(set);
        for (int i = 1; i < parts.size(); i++) {
            UriResourceNavigation step = (UriResourceNavigation) parts.get(i);
            EntitySetModel parentSet = set;
            Object stepKey = key;
            Object parentKey = queries.keyOf(source, key).orElseThrow(() -> stepKey == null
                    ? ErrorMapping.error(HttpStatusCode.NOT_FOUND, "The path leads to no " + parentSet.name() + " before "
                            + step.getSegmentValue())
                    : notFound(parentSet, stepKey));
            NavigationModel navigation = set.navigation(step.getProperty().getName()).orElseThrow();
            EdmEntitySet targetEdmSet = (EdmEntitySet) edmSet.getRelatedBindingTarget(navigation.name());
            EntitySetModel targetSet = entitySet(targetEdmSet);
            source = Source.navigation(set, parentKey, navigation, targetSet);
            key = step.getKeyPredicates().isEmpty() ? null : key(targetSet, step.getKeyPredicates());
            edmSet = targetEdmSet;
            set = targetSet;
        }
        return new Target(edmSet, set, source, key);
    }

    EntitySetModel entitySet(EdmEntitySet edmSet) {
        return model.entitySet(edmSet.getName()).orElseThrow();
    }

    Object key(EntitySetModel set, List<UriParameter> predicates) {
        return mapping.keyOf(set, predicates.get(0).getText());
    }

    /** The entity a write addresses, or 404: another tenant's entity and a missing one look the same. */
    Object load(Target target) throws ODataApplicationException {
        Optional<Object> entity = target.isNavigation()
                ? queries.byKey(target.source(), target.key())
                : queries.byKey(target.set(), target.key());
        return entity.orElseThrow(() -> notFound(target.set(), target.key()));
    }

    /** The row a read of one entity addresses; empty for a single-valued navigation that leads nowhere. */
    Optional<Object[]> readRow(Target target) throws ODataApplicationException {
        if (target.key() == null) {
            // A single-valued navigation such as SalesOrders(7)/Customer.
            return queries.rows(target.source(), null, null, 0, 1).stream().findFirst();
        }
        Object[] row = queries.rowByKey(target.source(), target.key()).orElseThrow(() -> notFound(target.set(), target.key()));
        return Optional.of(row);
    }

    ODataApplicationException notFound(EntitySetModel set, Object key) {
        return ErrorMapping.error(HttpStatusCode.NOT_FOUND, "No entity " + set.name() + "(" + mapping.keyLiteral(set, key) + ")");
    }
}
