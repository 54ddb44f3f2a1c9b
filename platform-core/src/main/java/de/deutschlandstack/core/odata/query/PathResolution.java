package de.deutschlandstack.core.odata.query;

import de.deutschlandstack.core.odata.model.EntitySetModel;
import de.deutschlandstack.core.odata.model.NavigationModel;
import de.deutschlandstack.core.odata.model.PropertyModel;
import de.deutschlandstack.core.odata.model.ServiceModel;
import jakarta.persistence.criteria.From;
import jakarta.persistence.criteria.JoinType;
import jakarta.persistence.criteria.Path;
import org.apache.olingo.server.api.uri.UriResource;
import org.apache.olingo.server.api.uri.UriResourceNavigation;
import org.apache.olingo.server.api.uri.UriResourcePrimitiveProperty;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns an OData member path ({@code Customer/Name}) into a Criteria path, joining each single-valued
 * navigation once per query however often the path is used (in $filter and $orderby alike).
 */
final class PathResolution {

    private final ServiceModel service;
    private final EntitySetModel rootSet;
    private final From<?, ?> root;
    private final Map<String, From<?, ?>> joins = new HashMap<>();

    PathResolution(ServiceModel service, EntitySetModel rootSet, From<?, ?> root) {
        this.service = service;
        this.rootSet = rootSet;
        this.root = root;
    }

    record Resolved(Path<?> path, PropertyModel property) {
    }

    Resolved resolve(List<UriResource> parts) {
        From<?, ?> current = root;
        EntitySetModel currentSet = rootSet;
        StringBuilder key = new StringBuilder();
        for (int i = 0; i < parts.size(); i++) {
            UriResource part = parts.get(i);
            boolean last = i == parts.size() - 1;
            if (part instanceof UriResourcePrimitiveProperty primitive && last) {
                String name = primitive.getProperty().getName();
                PropertyModel property = currentSet.property(name)
                        .orElseThrow(() -> QueryException.badRequest("Unknown property " + name));
                return new Resolved(current.get(property.attribute()), property);
            }
            if (part instanceof UriResourceNavigation navigation && !last) {
                String name = navigation.getProperty().getName();
                EntitySetModel owner = currentSet;
                NavigationModel model = owner.navigation(name)
                        .orElseThrow(() -> QueryException.badRequest("Unknown navigation property " + name));
                if (model.collection()) {
                    throw QueryException.notImplemented(
                            "Paths through the collection " + name + " need any/all, which is not supported yet");
                }
                key.append('/').append(name);
                From<?, ?> from = current;
                current = joins.computeIfAbsent(key.toString(), k -> from.join(model.attribute(), JoinType.LEFT));
                currentSet = service.entitySetOf(model.targetType()).orElseThrow();
                continue;
            }
            throw QueryException.notImplemented("The expression part '" + part.getSegmentValue() + "' is not supported");
        }
        throw QueryException.badRequest("A path must end in a primitive property");
    }
}
