package de.deutschlandstack.core.odata;

import de.deutschlandstack.core.security.AccessPolicy;
import de.deutschlandstack.core.changes.ChangeLog;
import de.deutschlandstack.core.odata.TargetResolution.Target;
import de.deutschlandstack.core.odata.model.EntitySetModel;
import de.deutschlandstack.core.odata.query.EntityQueries;
import de.deutschlandstack.core.tenancy.CurrentCaller;
import jakarta.persistence.EntityManager;
import org.apache.olingo.commons.api.data.ContextURL;
import org.apache.olingo.commons.api.data.DeletedEntity;
import org.apache.olingo.commons.api.data.Delta;
import org.apache.olingo.commons.api.data.Entity;
import org.apache.olingo.commons.api.format.ContentType;
import org.apache.olingo.commons.api.http.HttpHeader;
import org.apache.olingo.commons.api.http.HttpStatusCode;
import org.apache.olingo.server.api.OData;
import org.apache.olingo.server.api.ODataApplicationException;
import org.apache.olingo.server.api.ODataLibraryException;
import org.apache.olingo.server.api.ODataRequest;
import org.apache.olingo.server.api.ODataResponse;
import org.apache.olingo.server.api.ServiceMetadata;
import org.apache.olingo.server.api.prefer.Preferences;
import org.apache.olingo.server.api.serializer.EntityCollectionSerializerOptions;
import org.apache.olingo.server.api.uri.UriInfo;
import org.apache.olingo.server.api.uri.queryoption.expression.Expression;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Delta links, served from the {@linkplain ChangeLog transactional change log}. A read of an entity set with
 * {@code Prefer: odata.track-changes} ends, on its last page, with an {@code @odata.deltaLink} that holds the log's
 * position when the read began; following it returns what changed since, in OData 4.01's delta format: the current
 * state of every object created or changed, {@code @removed} for each one deleted (or changed so that the link's
 * {@code $filter} no longer admits it), and the next delta link. A client that sends {@code OData-MaxVersion: 4.0}
 * gets the 4.0 format ({@code $deletedEntity}). Positions are read before the data, so a change
 * committed during a read is reported again rather than lost.
 */
final class ChangeTracking {

    /** The options a delta link keeps: the shape of the tracked collection, not a page of it. */
    private static final Set<String> KEPT = Set.of("$filter", "$select");

    private final OData odata;
    private final ServiceMetadata metadata;
    private final EntityManager em;
    private final EntityQueries queries;
    private final EntityMapping mapping;

    ChangeTracking(OData odata, ServiceMetadata metadata, EntityManager em, EntityQueries queries, EntityMapping mapping) {
        this.odata = odata;
        this.metadata = metadata;
        this.em = em;
        this.queries = queries;
        this.mapping = mapping;
    }

    /**
     * Whether the read tracks changes: the client asked for it and the request is one a delta link can repeat (an
     * entity set, not a navigation; no {@code $top}, {@code $skip}, {@code $expand} or {@code $search}, which a delta
     * does not carry).
     */
    static boolean applies(Preferences preferences, UriInfo uriInfo, Target target) {
        return preferences.hasTrackChanges() && target.set().changeLogged() && !target.isNavigation() && uriInfo.getTopOption() == null
                && uriInfo.getSkipOption() == null && uriInfo.getExpandOption() == null && uriInfo.getSearchOption() == null;
    }

    /** Where the caller's entity set stands in the log now: the position a delta link of a read that starts now holds. */
    long position(EntitySetModel set) {
        return ChangeLog.position(em, CurrentCaller.require().tenant(), set.name());
    }

    /** The delta link of a tracked read: the request's entity set with its {@code $filter} and {@code $select}. */
    static URI deltaLink(ODataRequest request, long position) {
        List<String> parameters = new ArrayList<>();
        String query = request.getRawQueryPath();
        if (query != null && !query.isEmpty()) {
            for (String parameter : query.split("&")) {
                int equals = parameter.indexOf('=');
                String name = decode(equals < 0 ? parameter : parameter.substring(0, equals));
                // Parameter aliases go with the $filter that uses them.
                if (equals > 0 && (KEPT.contains(name) || name.startsWith("@"))) {
                    parameters.add(ServerDrivenPaging.encode(name) + "=" + ServerDrivenPaging.encode(decode(parameter.substring(equals + 1))));
                }
            }
        }
        parameters.add("$deltatoken=" + position);
        return URI.create(request.getRawBaseUri() + request.getRawODataPath() + "?" + String.join("&", parameters));
    }

    /** A request that follows a delta link: what changed in the set since the link's position, at most one page. */
    void respond(ODataRequest request, ODataResponse response, UriInfo uriInfo, ContentType format, Target target, int pageSize)
            throws ODataApplicationException, ODataLibraryException {
        if (target.isNavigation() || uriInfo.getTopOption() != null || uriInfo.getSkipOption() != null
                || uriInfo.getExpandOption() != null || uriInfo.getOrderByOption() != null || uriInfo.getCountOption() != null
                || uriInfo.getSkipTokenOption() != null) {
            throw ErrorMapping.error(HttpStatusCode.BAD_REQUEST,
                    "A delta link carries $filter and $select only; follow the @odata.deltaLink as given");
        }
        EntitySetModel set = target.set();
        AccessPolicy.requireRead(set); // even a page of removals only tells what the caller may not read
        if (!set.changeLogged()) {
            throw ErrorMapping.error(HttpStatusCode.BAD_REQUEST, set.name() + " offer no delta links (see Capabilities.ChangeTracking)");
        }
        long now = position(set);
        long since = token(uriInfo.getDeltaTokenOption().getValue(), now);
        ChangeLog.Window window = ChangeLog.changesSince(em, CurrentCaller.require().tenant(), set.name(), since, pageSize);
        List<ChangeLog.Entry> changes = window.entries();
        boolean more = window.full();
        Expression filter = uriInfo.getFilterOption() == null ? null : uriInfo.getFilterOption().getExpression();
        List<Object> present = new ArrayList<>();
        for (ChangeLog.Entry change : changes) {
            if (change.operation() != ChangeLog.Operation.DELETED) {
                present.add(mapping.keyOf(set, mapping.keyLiteral(set, key(set, change.key()))));
            }
        }
        Map<Object, Object[]> rows = new HashMap<>();
        for (Object[] row : queries.rowsByKeys(target.source(), filter, present)) {
            rows.put(row[set.keyIndex()], row);
        }
        Delta delta = new Delta();
        List<Object[]> changedRows = new ArrayList<>();
        for (ChangeLog.Entry change : changes) {
            Object key = key(set, change.key());
            Object[] row = change.operation() == ChangeLog.Operation.DELETED ? null : rows.get(key);
            if (row != null) {
                delta.getEntities().add(mapping.toOData(set, row));
                changedRows.add(row);
                continue;
            }
            DeletedEntity removed = new DeletedEntity();
            removed.setId(URI.create(set.name() + "(" + mapping.keyLiteral(set, key) + ")"));
            // Gone from the collection: deleted, or changed so that the link's $filter no longer admits it.
            removed.setReason(change.operation() == ChangeLog.Operation.DELETED ? DeletedEntity.Reason.deleted
                    : DeletedEntity.Reason.changed);
            delta.getDeletedEntities().add(removed);
        }
        mapping.addComplexValues(set, changedRows, delta.getEntities(), uriInfo.getSelectOption(), queries);
        if (more) {
            delta.setNext(deltaLink(request, window.scannedTo()));
        } else {
            delta.setDeltaLink(deltaLink(request, now));
        }
        ContextURL context = ContextURL.with().entitySet(target.edmSet())
                .selectList(odata.createUriHelper().buildContextURLSelectList(target.edmSet().getEntityType(), null,
                        uriInfo.getSelectOption()))
                .build();
        EntityCollectionSerializerOptions options = EntityCollectionSerializerOptions.with()
                .contextURL(context)
                .select(uriInfo.getSelectOption())
                .build();
        // OData 4.01's delta format ("@removed"), unless the client says it understands 4.0 only.
        String version = "4.0".equals(request.getHeader(HttpHeader.ODATA_MAX_VERSION)) ? "4.0" : "4.01";
        response.setContent(odata.createEdmDeltaSerializer(format, List.of(version))
                .entityCollection(metadata, target.edmSet().getEntityType(), delta, options).getContent());
        response.setStatusCode(HttpStatusCode.OK.getStatusCode());
        response.setHeader(HttpHeader.CONTENT_TYPE, format.toContentTypeString());
        response.setHeader(HttpHeader.ODATA_VERSION, version);
    }

    /**
     * A delta token is a position of the change log. One beyond where the set stands now (a link from before tokens
     * were kept per tenant and set, when they counted every tenant's changes) means nothing changed since: every
     * change after it would stand beyond it.
     */
    private static long token(String value, long now) throws ODataApplicationException {
        if (value == null || !value.matches("[0-9]{1,18}")) {
            throw ErrorMapping.error(HttpStatusCode.BAD_REQUEST, "Invalid $deltatoken; follow the @odata.deltaLink as given");
        }
        return Math.min(Long.parseLong(value), now);
    }

    /** The key a log entry names, in the key's Java type. */
    private static Object key(EntitySetModel set, String text) {
        Class<?> type = set.key().javaType();
        if (type == Long.class || type == long.class) {
            return Long.valueOf(text);
        }
        if (type == Integer.class || type == int.class) {
            return Integer.valueOf(text);
        }
        return text;
    }

    private static String decode(String raw) {
        try {
            return java.net.URLDecoder.decode(raw, java.nio.charset.StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return raw;
        }
    }
}
