package de.deutschlandstack.core.odata;

import de.deutschlandstack.core.odata.model.EntitySetModel;
import de.deutschlandstack.core.odata.model.NavigationModel;
import de.deutschlandstack.core.odata.model.ServiceModel;
import de.deutschlandstack.core.odata.query.EntityQueries;
import org.apache.olingo.commons.api.data.Entity;
import org.apache.olingo.commons.api.data.EntityCollection;
import org.apache.olingo.commons.api.data.Link;
import org.apache.olingo.commons.api.http.HttpStatusCode;
import org.apache.olingo.server.api.ODataApplicationException;
import org.apache.olingo.server.api.uri.UriResource;
import org.apache.olingo.server.api.uri.UriResourceNavigation;
import org.apache.olingo.server.api.uri.queryoption.ExpandItem;
import org.apache.olingo.server.api.uri.queryoption.ExpandOption;
import org.apache.olingo.server.api.uri.queryoption.expression.Expression;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Loads the expanded navigations of a page: one query per navigation and level, however many entities the page
 * holds, with nested {@code $filter}, {@code $orderby}, {@code $skip}, {@code $top} and {@code $count} run in the
 * database. Bounded three ways, so that no URL can exhaust the server:
 * <ul>
 * <li>each entity is built once per level however many parents share it, and carries a multiplicity (how often the
 * response repeats it), so a cycle such as {@code Items($expand=Order($expand=Items(...)))} costs its distinct rows,
 * not their product;</li>
 * <li>the nesting depth is limited ({@code Capabilities.ExpandRestrictions/MaxLevels} in {@code $metadata});</li>
 * <li>an inline collection holds at most a page of entities (the rest follows its own nextLink), and the whole
 * response at most {@link Limits#maxEntities()} entities; beyond that the request is refused, naming the limit.</li>
 * </ul>
 */
final class ExpandLoader {

    /** The bounds of one response. */
    record Limits(int maxDepth, int maxItems, int maxPerParent, int maxEntities) {
    }

    private final ServiceModel model;
    private final EntityQueries queries;
    private final EntityMapping mapping;
    private final Limits limits;
    private final String serviceRoot;
    private long budget;

    ExpandLoader(ServiceModel model, EntityQueries queries, EntityMapping mapping, Limits limits, String serviceRoot) {
        this.model = model;
        this.queries = queries;
        this.mapping = mapping;
        this.limits = limits;
        this.serviceRoot = serviceRoot;
    }

    /** Checks the shape of an {@code $expand} before anything is loaded. */
    void check(ExpandOption expand) throws ODataApplicationException {
        rejectOperationSelects(expand);
        int depth = depth(expand);
        if (depth > limits.maxDepth()) {
            throw ErrorMapping.error(HttpStatusCode.BAD_REQUEST, "$expand nests " + depth + " levels deep; the limit is "
                    + limits.maxDepth() + " (PLATFORM_ODATA_MAX_EXPAND_DEPTH)");
        }
        int items = items(expand);
        if (items > limits.maxItems()) {
            throw ErrorMapping.error(HttpStatusCode.BAD_REQUEST, "$expand names " + items + " navigations; the limit is "
                    + limits.maxItems() + " (PLATFORM_ODATA_MAX_EXPAND_ITEMS)");
        }
    }

    private static void rejectOperationSelects(ExpandOption expand) throws ODataApplicationException {
        if (expand == null) {
            return;
        }
        for (ExpandItem item : expand.getExpandItems()) {
            if (item.getSelectOption() != null && item.getSelectOption().getSelectItems().stream()
                    .anyMatch(select -> select.isAllOperationsInSchema() || select.getResourcePath() == null && !select.isStar())) {
                throw ErrorMapping.error(HttpStatusCode.NOT_IMPLEMENTED, "The service has no operations to select");
            }
            rejectOperationSelects(item.getExpandOption());
        }
    }

    /** How deep an {@code $expand} nests; {@code $levels=n} counts n levels, {@code $levels=max} one (it stops at the limit). */
    private static int depth(ExpandOption expand) {
        int deepest = 0;
        if (expand != null) {
            for (ExpandItem item : expand.getExpandItems()) {
                // Capped before adding: $levels=2147483647 must not overflow into a depth that passes the check.
                int levels = item.getLevelsOption() == null || item.getLevelsOption().isMax() ? 1
                        : Math.min(Math.max(1, item.getLevelsOption().getValue()), 1_000);
                deepest = Math.max(deepest, Math.min(1_000, levels + depth(item.getExpandOption())));
            }
        }
        return deepest;
    }

    private static int items(ExpandOption expand) {
        int count = 0;
        if (expand != null) {
            for (ExpandItem item : expand.getExpandItems()) {
                count += 1 + items(item.getExpandOption());
            }
        }
        return count;
    }

    /**
     * The {@code $expand} with every {@code $levels} written out as the nesting it stands for
     * ({@code Subcategories($levels=2)} as {@code Subcategories($expand=Subcategories)}), as deep as {@link #expand}
     * loads it. Olingo's serializer, given {@code $levels}, writes every navigation of the inner levels, the ones
     * nobody expanded as empty ({@code "Products": []}): data the client would take for true.
     */
    static ExpandOption unrolled(ExpandOption expand, int maxDepth) {
        return expand == null || !hasLevels(expand) ? expand : unrolled(expand, maxDepth, 1);
    }

    private static boolean hasLevels(ExpandOption expand) {
        return expand != null && expand.getExpandItems().stream()
                .anyMatch(item -> item.getLevelsOption() != null || hasLevels(item.getExpandOption()));
    }

    private static ExpandOption unrolled(ExpandOption expand, int maxDepth, int depth) {
        org.apache.olingo.server.core.uri.queryoption.ExpandOptionImpl result =
                new org.apache.olingo.server.core.uri.queryoption.ExpandOptionImpl();
        for (ExpandItem item : expand.getExpandItems()) {
            int levels = item.getLevelsOption() == null ? 1
                    : item.getLevelsOption().isMax() ? Math.max(1, maxDepth - depth + 1 - depth(item.getExpandOption()))
                    : Math.min(item.getLevelsOption().getValue(), maxDepth);
            ExpandItem innermost = null;
            for (int level = levels; level >= 1; level--) {
                int at = depth + level - 1;
                org.apache.olingo.server.core.uri.queryoption.ExpandOptionImpl inner =
                        new org.apache.olingo.server.core.uri.queryoption.ExpandOptionImpl();
                if (item.getExpandOption() != null) {
                    unrolled(item.getExpandOption(), maxDepth, at + 1).getExpandItems().forEach(inner::addExpandItem);
                }
                if (innermost != null) {
                    inner.addExpandItem(innermost);
                }
                innermost = copy(item, inner.getExpandItems().isEmpty() ? null : inner);
            }
            result.addExpandItem(innermost);
        }
        return result;
    }

    /** The item without {@code $levels}, with this nested expand. */
    private static ExpandItem copy(ExpandItem item, ExpandOption nested) {
        org.apache.olingo.server.core.uri.queryoption.ExpandItemImpl copy = new org.apache.olingo.server.core.uri.queryoption.ExpandItemImpl()
                .setResourcePath(item.getResourcePath()).setIsStar(item.isStar()).setIsRef(item.isRef())
                .setTypeFilter(item.getStartTypeFilter());
        copy.setCountPath(item.hasCountPath());
        for (org.apache.olingo.server.api.uri.queryoption.SystemQueryOption option : java.util.Arrays.asList(item.getFilterOption(),
                item.getSearchOption(), item.getOrderByOption(), item.getSkipOption(), item.getTopOption(), item.getCountOption(),
                item.getSelectOption(), nested)) {
            if (option != null) {
                copy.setSystemQueryOption(option);
            }
        }
        return copy;
    }

    /** Attaches the expanded navigations to the page's entities (one per row, same order). */
    void expand(EntitySetModel set, List<Object[]> rows, List<Entity> entities, ExpandOption expand)
            throws ODataApplicationException {
        if (expand == null || rows.isEmpty()) {
            return;
        }
        check(expand);
        budget = limits.maxEntities() - (long) rows.size();
        long[] once = new long[rows.size()];
        java.util.Arrays.fill(once, 1);
        level(set, rows, entities, once, expand, 1);
    }

    /**
     * One level, {@code depth} levels below the page: {@code rows} are distinct entities, each repeated
     * {@code multiplicity[i]} times in the response.
     */
    private void level(EntitySetModel set, List<Object[]> rows, List<Entity> entities, long[] multiplicity,
                       ExpandOption expand, int depth) throws ODataApplicationException {
        if (expand == null || rows.isEmpty()) {
            return;
        }
        for (ExpandItem item : expand.getExpandItems()) {
            if (item.getSearchOption() != null || item.getApplyOption() != null) {
                throw ErrorMapping.error(HttpStatusCode.NOT_IMPLEMENTED, "$search and $apply inside $expand are not supported");
            }
            if (item.isStar()) {
                for (NavigationModel navigation : set.navigations()) {
                    navigation(set, rows, entities, multiplicity, navigation, null, depth, 1);
                }
                continue;
            }
            // Customer/$ref expands to references: the serializer writes only their ids.
            List<UriResource> path = item.getResourcePath().getUriResourceParts().stream()
                    .filter(part -> !(part instanceof org.apache.olingo.server.api.uri.UriResourceRef)).toList();
            if (path.size() != 1 || !(path.get(0) instanceof UriResourceNavigation step)) {
                throw ErrorMapping.error(HttpStatusCode.NOT_IMPLEMENTED, "Only navigation properties can be expanded");
            }
            // $levels=max: as deep as the limit allows below this level.
            int levels = item.getLevelsOption() == null ? 1
                    : item.getLevelsOption().isMax() ? Math.max(1, limits.maxDepth() - depth + 1 - depth(item.getExpandOption()))
                    : Math.min(item.getLevelsOption().getValue(), limits.maxDepth());
            navigation(set, rows, entities, multiplicity, set.navigation(step.getProperty().getName()).orElseThrow(), item, depth, levels);
        }
    }

    /**
     * One navigation of the entities of a level; with {@code levels} above 1 ({@code $levels}), the same navigation
     * again from the entities it reached, as long as they have it (a category's subcategories' subcategories).
     */
    private void navigation(EntitySetModel set, List<Object[]> rows, List<Entity> entities, long[] multiplicity,
                            NavigationModel navigation, ExpandItem item, int depth, int levels) throws ODataApplicationException {
        int keyIndex = set.keyIndex();
        List<Object> keys = rows.stream().map(row -> row[keyIndex]).toList();
        EntitySetModel targetSet = model.entitySetOf(navigation.targetType()).orElseThrow();
        Expression filter = item == null || item.getFilterOption() == null ? null : item.getFilterOption().getExpression();
        int skip = item == null || item.getSkipOption() == null ? 0 : item.getSkipOption().getValue();
        Integer clientTop = item == null || item.getTopOption() == null ? null : item.getTopOption().getValue();
        // One row more than an inline page tells whether the collection continues.
        boolean capped = navigation.collection() && (clientTop == null || clientTop > limits.maxPerParent());
        Integer top = capped ? Integer.valueOf(limits.maxPerParent() + 1) : clientTop;
        int maxRows = (int) Math.min(Integer.MAX_VALUE - 1, Math.max(0, budget)) + 1;
        Map<Object, List<Object[]>> related = queries.related(set, navigation, keys, filter,
                item == null ? null : item.getOrderByOption(), skip, top, maxRows);
        if (related.values().stream().mapToLong(List::size).sum() >= maxRows) {
            // The query stopped at the budget: more rows exist than the response may hold.
            spend(maxRows);
        }
        boolean counted = item != null && item.getCountOption() != null && item.getCountOption().getValue();
        Map<Object, Long> counts = counted ? queries.relatedCounts(set, navigation, keys, filter) : Map.of();

        Map<Object, Entity> built = new LinkedHashMap<>();
        Map<Object, Object[]> builtRows = new LinkedHashMap<>();
        Map<Object, Long> childMultiplicity = new LinkedHashMap<>();
        int targetKey = targetSet.keyIndex();
        for (int i = 0; i < rows.size(); i++) {
            List<Object[]> targets = related.getOrDefault(keys.get(i), List.of());
            boolean more = capped && targets.size() > limits.maxPerParent();
            if (more) {
                targets = targets.subList(0, limits.maxPerParent());
            }
            spend((long) targets.size() * multiplicity[i]);
            List<Entity> children = new ArrayList<>(targets.size());
            for (Object[] target : targets) {
                Object key = target[targetKey];
                children.add(built.computeIfAbsent(key, k -> mapping.toOData(targetSet, target)));
                builtRows.putIfAbsent(key, target);
                childMultiplicity.merge(key, multiplicity[i], Long::sum);
            }
            Link link = new Link();
            link.setTitle(navigation.name());
            if (navigation.collection()) {
                EntityCollection inline = new EntityCollection();
                inline.getEntities().addAll(children);
                if (counted) {
                    inline.setCount(counts.getOrDefault(keys.get(i), 0L).intValue());
                }
                if (more) {
                    inline.setNext(nextLink(set, keys.get(i), navigation, item, skip, clientTop));
                }
                link.setInlineEntitySet(inline);
            } else {
                link.setInlineEntity(children.isEmpty() ? null : children.get(0));
            }
            entities.get(i).getNavigationLinks().add(link);
        }
        long[] nextMultiplicity = childMultiplicity.values().stream().mapToLong(Long::longValue).toArray();
        List<Object[]> nextRows = new ArrayList<>(builtRows.values());
        List<Entity> nextEntities = new ArrayList<>(built.values());
        mapping.addComplexValues(targetSet, nextRows, nextEntities, item == null ? null : item.getSelectOption(), queries);
        if (item != null && item.getExpandOption() != null) {
            level(targetSet, nextRows, nextEntities, nextMultiplicity, item.getExpandOption(), depth + 1);
        }
        if (levels > 1 && !nextRows.isEmpty() && targetSet.navigation(navigation.name()).isPresent()) {
            navigation(targetSet, nextRows, nextEntities, nextMultiplicity, targetSet.navigation(navigation.name()).orElseThrow(),
                    item, depth + 1, levels - 1);
        }
    }

    private void spend(long entities) throws ODataApplicationException {
        budget -= entities;
        if (budget < 0) {
            throw ErrorMapping.error(HttpStatusCode.BAD_REQUEST, "The response would hold more than " + limits.maxEntities()
                    + " entities (PLATFORM_ODATA_MAX_RESPONSE_ENTITIES); request fewer with $top, inside $expand too");
        }
    }

    /** Where the rest of an inline collection is read: the navigation of its parent with the same options. */
    private URI nextLink(EntitySetModel set, Object key, NavigationModel navigation, ExpandItem item, int skip,
                         Integer clientTop) {
        List<String> options = new ArrayList<>();
        if (item != null && item.getFilterOption() != null) {
            options.add("$filter=" + ServerDrivenPaging.encode(ODataSyntax.filter(item.getFilterOption().getExpression())));
        }
        if (item != null && item.getOrderByOption() != null) {
            options.add("$orderby=" + ServerDrivenPaging.encode(ODataSyntax.orderBy(item.getOrderByOption())));
        }
        if (item != null && item.getSelectOption() != null) {
            options.add("$select=" + ServerDrivenPaging.encode(ODataSyntax.select(item.getSelectOption())));
        }
        if (item != null && item.getExpandOption() != null) {
            options.add("$expand=" + ServerDrivenPaging.encode(ODataSyntax.expand(item.getExpandOption())));
        }
        if (item != null && item.getCountOption() != null && item.getCountOption().getValue()) {
            options.add("$count=true");
        }
        options.add("$skip=" + ((long) skip + limits.maxPerParent()));
        if (clientTop != null) {
            options.add("$top=" + (clientTop - limits.maxPerParent()));
        }
        return URI.create(serviceRoot + "/" + set.name() + "(" + ServerDrivenPaging.encode(mapping.keyLiteral(set, key)) + ")/"
                + navigation.name() + "?" + String.join("&", options));
    }
}
