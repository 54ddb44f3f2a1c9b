package de.deutschlandstack.core.odata;

import de.deutschlandstack.core.odata.model.EntitySetModel;
import de.deutschlandstack.core.odata.model.NavigationModel;
import de.deutschlandstack.core.odata.model.ServiceModel;
import de.deutschlandstack.core.odata.query.EntityQueries;
import org.apache.olingo.commons.api.data.Entity;
import org.apache.olingo.commons.api.data.Link;
import org.apache.olingo.commons.api.data.Property;
import org.apache.olingo.commons.api.http.HttpStatusCode;
import org.apache.olingo.server.api.ODataApplicationException;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Deep insert and deep update: entities nested in a body. On create, a nested single entity
 * ({@code "Customer": {...}}) is created first and bound, a nested collection ({@code "Items": [...]}) after the
 * parent, each child bound to it. On update, a nested collection is the children's new state: a child with its key
 * is changed, one without is created, a child the body leaves out is deleted. Every nested entity goes through the
 * same steps as one written alone (its business rules, flush, change event), all in the request's transaction, and
 * a request writes at most {@code PLATFORM_ODATA_MAX_NESTED_ENTITIES} of them.
 */
final class NestedWrites {

    private final EntityWriter writer;
    private final ServiceModel model;
    private final EntityQueries queries;
    private final EntityMapping mapping;
    private final int maxEntities;
    private int written;

    NestedWrites(EntityWriter writer, ServiceModel model, EntityQueries queries, EntityMapping mapping, int maxEntities) {
        this.writer = writer;
        this.model = model;
        this.queries = queries;
        this.mapping = mapping;
        this.maxEntities = maxEntities;
    }

    /** A new request: its count of nested entities starts at zero. */
    void start() {
        written = 0;
    }

    /** Nested single entities the new entity refers to: created before it, then bound. */
    void insertReferenced(EntitySetModel set, Entity given, Object entity, String rawBaseUri) throws ODataApplicationException {
        for (Link link : given.getNavigationLinks()) {
            if (link.getInlineEntity() == null) {
                continue;
            }
            NavigationModel navigation = navigation(set, link);
            if (navigation.collection()) {
                throw ErrorMapping.error(HttpStatusCode.BAD_REQUEST, navigation.name() + " is a collection: nest an array");
            }
            EntityWriter.refuseComputed(navigation);
            count();
            writer.link(navigation, entity, writer.insert(targetSet(navigation), link.getInlineEntity(), rawBaseUri, null));
        }
    }

    /** Nested children of the new entity: created after it, each bound to it. */
    void insertChildren(EntitySetModel set, Entity given, Object parent, String rawBaseUri) throws ODataApplicationException {
        for (Link link : given.getNavigationLinks()) {
            if (link.getInlineEntitySet() == null) {
                continue;
            }
            NavigationModel navigation = navigation(set, link);
            NavigationModel back = parentSide(navigation);
            for (Entity child : link.getInlineEntitySet().getEntities()) {
                count();
                writer.insert(targetSet(navigation), child, rawBaseUri, created -> writer.link(back, created, parent));
            }
        }
    }

    /** A nested collection in an update: the children's new state. */
    void updateChildren(EntitySetModel set, Entity given, Object parent, String rawBaseUri) throws ODataApplicationException {
        for (Link link : given.getNavigationLinks()) {
            if (link.getInlineEntity() != null) {
                throw ErrorMapping.error(HttpStatusCode.NOT_IMPLEMENTED, "Change " + link.getTitle()
                        + " through its own entity set, or bind another one with @odata.bind");
            }
            if (link.getInlineEntitySet() == null) {
                continue;
            }
            NavigationModel navigation = navigation(set, link);
            NavigationModel back = parentSide(navigation);
            EntitySetModel childSet = targetSet(navigation);
            Object parentKey = set.key().read(parent);
            Map<Object, Object> existing = queries.children(set, navigation, childSet, parentKey).stream()
                    .collect(Collectors.toMap(child -> childSet.key().read(child), Function.identity()));
            Set<Object> kept = new HashSet<>();
            List<Entity> added = new ArrayList<>();
            for (Entity child : link.getInlineEntitySet().getEntities()) {
                count();
                Property key = child.getProperty(childSet.key().name());
                if (key == null || key.getValue() == null) {
                    added.add(child);
                    continue;
                }
                Object childKey = mapping.keyOf(childSet, mapping.keyLiteral(childSet,
                        de.deutschlandstack.core.odata.query.Values.convert(key.getValue(), childSet.key().javaType())));
                Object current = existing.get(childKey);
                if (current == null) {
                    throw ErrorMapping.error(HttpStatusCode.BAD_REQUEST, childSet.name() + "(" + mapping.keyLiteral(childSet, childKey)
                            + ") is not one of the " + navigation.name() + " of this " + set.typeName());
                }
                if (!kept.add(childKey)) {
                    throw ErrorMapping.error(HttpStatusCode.BAD_REQUEST, childSet.name() + "(" + mapping.keyLiteral(childSet, childKey)
                            + ") is nested twice");
                }
                writer.change(childSet, current, child, false, rawBaseUri);
            }
            for (Map.Entry<Object, Object> child : existing.entrySet()) {
                if (!kept.contains(child.getKey())) {
                    writer.remove(childSet, child.getValue());
                }
            }
            for (Entity child : added) {
                writer.insert(childSet, child, rawBaseUri, created -> writer.link(back, created, parent));
            }
        }
    }

    private NavigationModel navigation(EntitySetModel set, Link link) throws ODataApplicationException {
        return set.navigation(link.getTitle())
                .orElseThrow(() -> ErrorMapping.error(HttpStatusCode.BAD_REQUEST, "Unknown navigation property " + link.getTitle()));
    }

    private EntitySetModel targetSet(NavigationModel navigation) {
        return model.entitySetOf(navigation.targetType()).orElseThrow();
    }

    /** The child's navigation back to its parent, which a nested child is bound through. */
    private NavigationModel parentSide(NavigationModel navigation) throws ODataApplicationException {
        EntitySetModel childSet = targetSet(navigation);
        ODataApplicationException unsupported = ErrorMapping.error(HttpStatusCode.NOT_IMPLEMENTED, "Nested " + navigation.name()
                + " cannot be written here; write them in " + childSet.name());
        if (navigation.partner() == null) {
            throw unsupported;
        }
        return childSet.navigation(navigation.partner()).filter(n -> !n.collection()).orElseThrow(() -> unsupported);
    }

    private void count() throws ODataApplicationException {
        if (++written > maxEntities) {
            throw ErrorMapping.error(HttpStatusCode.BAD_REQUEST, "The body nests more than " + maxEntities
                    + " entities (PLATFORM_ODATA_MAX_NESTED_ENTITIES)");
        }
    }
}
