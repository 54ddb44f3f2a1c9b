package de.deutschlandstack.platform.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * More than a thousand attempts of Anna (stadt-muenchen) to reach Ben's (bayern-werke) data, generated over every
 * entity set of the ERP service and every way in: by key, filter, {@code $root}, {@code $apply}, navigation, expand,
 * write, action, {@code $ref}, {@code $batch}, with Basic and with a bearer token, through the REST API. Not one may
 * answer with Ben's data or change it: a leak is any success on his keys, or any of his keys or distinctive values in
 * a response.
 */
class IsolationAttackIT extends PlatformIT {

    private static final String NS = "DeutschlandStack.Erp.";

    /** An entity set of the service as its CSDL describes it. */
    private record SetInfo(String name, String key, boolean stringKey, List<String> navigations, List<String> actions,
                           Map<String, String> targets) {
    }

    private final List<String> leaks = new ArrayList<>();
    private int attempts;

    /** The entity sets, their key, navigations and bound actions, from the CSDL JSON metadata. */
    private List<SetInfo> sets() {
        JsonNode csdl = as(ANNA).get("$metadata", "Accept", "application/json").json();
        JsonNode schema = csdl.path("DeutschlandStack.Erp");
        Map<String, List<String>> actionsByType = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = schema.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> member = it.next();
            if (member.getValue().isArray()) {
                for (JsonNode overload : member.getValue()) {
                    if (overload.path("$Kind").asText().equals("Action") && overload.path("$IsBound").asBoolean()) {
                        String bindingType = overload.path("$Parameter").get(0).path("$Type").asText().replace("DeutschlandStack.Erp.", "");
                        actionsByType.computeIfAbsent(bindingType, t -> new ArrayList<>()).add(member.getKey());
                    }
                }
            }
        }
        List<SetInfo> sets = new ArrayList<>();
        String containerName = csdl.path("$EntityContainer").asText();
        JsonNode container = schema.path(containerName.substring(containerName.lastIndexOf('.') + 1));
        for (Iterator<Map.Entry<String, JsonNode>> it = container.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> member = it.next();
            // An entity set: "$Collection": true in CSDL JSON 4.01, "$Kind": "EntitySet" as Olingo writes it.
            if (!member.getValue().path("$Collection").asBoolean() && !member.getValue().path("$Kind").asText().equals("EntitySet")) {
                continue;
            }
            String typeName = member.getValue().path("$Type").asText().replace("DeutschlandStack.Erp.", "");
            JsonNode type = schema.path(typeName);
            String key = type.path("$Key").get(0).asText();
            boolean stringKey = !type.path(key).has("$Type") || type.path(key).path("$Type").asText().equals("Edm.String");
            List<String> navigations = new ArrayList<>();
            Map<String, String> targets = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> props = type.fields(); props.hasNext(); ) {
                Map.Entry<String, JsonNode> property = props.next();
                if (property.getValue().path("$Kind").asText().equals("NavigationProperty")) {
                    navigations.add(property.getKey());
                    targets.put(property.getKey(), property.getValue().path("$Type").asText());
                }
            }
            sets.add(new SetInfo(member.getKey(), key, stringKey, navigations, actionsByType.getOrDefault(typeName, List.of()), targets));
        }
        // Navigation targets by entity set rather than by type.
        Map<String, String> setByType = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = container.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> member = it.next();
            setByType.put(member.getValue().path("$Type").asText(), member.getKey());
        }
        sets.forEach(set -> set.targets().replaceAll((navigation, type) -> setByType.getOrDefault(type, type)));
        return sets;
    }

    private static String literal(SetInfo set, String key) {
        return set.stringKey() ? "'" + key.replace("'", "''") + "'" : key;
    }

    /** Ben's keys per entity set name, once collected. */
    private final Map<String, Set<String>> bensKeysBySet = new LinkedHashMap<>();

    /** Records a leak when one of the rows (of the set, or expanded under the navigation) is one of Ben's. */
    private void rowsOfBen(String what, JsonNode rows, SetInfo set, Map<String, SetInfo> byName) {
        for (JsonNode row : rows) {
            if (bensKeysBySet.getOrDefault(set.name(), Set.of()).contains(row.path(set.key()).asText())) {
                leaks.add(what + " answered " + set.name() + " " + row.path(set.key()).asText());
            }
            for (String navigation : set.navigations()) {
                JsonNode expanded = row.path(navigation);
                SetInfo target = byName.get(set.targets().get(navigation));
                if (target != null && !expanded.isMissingNode() && !expanded.isNull()) {
                    JsonNode rowsBelow = expanded.isArray() ? expanded
                            : com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode().add(expanded);
                    rowsOfBen(what + "/" + navigation, rowsBelow, target, byName);
                }
            }
        }
    }

    /** Records a leak when the response succeeded on Ben's entity or shows one of his keys or values. */
    private void attempt(String what, ODataClient.Response response, Set<String> bensMarkers, boolean successIsLeak) {
        attempts++;
        if (response.status() >= 500 || response.status() == 401 || response.status() == 429) {
            // Not refused by the tenant boundary but by something else: the attempt tested nothing.
            leaks.add(what + " answered " + response.status() + " instead of meeting the tenant boundary");
            return;
        }
        if (successIsLeak && response.status() < 300) {
            leaks.add(what + " answered " + response.status() + ": " + response.body().substring(0, Math.min(300, response.body().length())));
            return;
        }
        for (String marker : bensMarkers) {
            if (response.body().contains(marker)) {
                leaks.add(what + " showed " + marker);
                return;
            }
        }
    }

    @Test
    void noneOfAThousandCrossTenantAttemptsReachesAnotherTenantsData() {
        ODataClient ben = as(BEN);
        ODataClient anna = as(ANNA);
        String annasToken = anna.api("POST", "/token", null).json().path("access_token").asText();
        List<ODataClient> attackers = List.of(anna, ODataClient.bearer(serverRoot(), annasToken), as(LEA));

        List<SetInfo> sets = sets();
        assertThat(sets).hasSizeGreaterThanOrEqualTo(15);
        Map<SetInfo, List<String>> bensKeys = new LinkedHashMap<>();
        Set<String> markers = new LinkedHashSet<>();
        for (SetInfo set : sets) {
            Set<String> annasValues = new LinkedHashSet<>();
            anna.get(set.name() + "?$top=50").rows().forEach(row -> row.fields().forEachRemaining(f -> annasValues.add(f.getValue().asText())));
            List<String> keys = new ArrayList<>();
            for (JsonNode row : ben.get(set.name() + "?$top=4").rows()) {
                String key = row.path(set.key()).asText();
                if (!anna.get(set.name() + "?$filter=" + set.key() + " eq " + literal(set, key)).rows().isEmpty()) {
                    continue; // a natural key both tenants have (a currency code): addressing it reaches Anna's own
                }
                keys.add(key);
                // Ben's own numbers and names: what identifies his business, unless Anna's rows hold the same text
                // (code lists and the standard chart of accounts are alike in both tenants).
                row.fields().forEachRemaining(f -> {
                    String value = f.getValue().asText();
                    if (f.getValue().isTextual() && (f.getKey().endsWith("Number") || f.getKey().equals("Name"))
                            && value.length() >= 4 && !annasValues.contains(value)) {
                        markers.add(value);
                    }
                });
            }
            bensKeys.put(set, keys);
            bensKeysBySet.put(set.name(), new LinkedHashSet<>(keys));
        }
        Map<String, SetInfo> byName = new LinkedHashMap<>();
        sets.forEach(set -> byName.put(set.name(), set));
        // Ben's numbers and names never appear in Anna's rows by themselves: one found is a leak, not a coincidence.
        assertThat(markers).isNotEmpty();

        for (ODataClient attacker : attackers) {
            assertThat(attacker.get("SalesOrders?$top=1").status()).as("the attacker is logged in").isEqualTo(200);
            for (SetInfo set : sets) {
                for (String key : bensKeys.get(set)) {
                    String one = set.name() + "(" + literal(set, key) + ")";
                    attempt("GET " + one, attacker.get(one), markers, true);
                    attempt("GET " + one + " with a tenant header", attacker.get(one, "X-Tenant", "bayern-werke"), markers, true);
                    attempt("GET " + one + " expanded", attacker.get(one + "?$expand=*"), markers, true);
                    attempt("GET " + one + "/" + set.key(), attacker.get(one + "/" + set.key()), markers, true);
                    ODataClient.Response filtered = attacker.get(set.name() + "?$filter=" + set.key() + " eq " + literal(set, key));
                    attempt("filter on " + one, filtered, markers, false);
                    if (filtered.status() == 200) {
                        rowsOfBen("filter on " + one, filtered.json().path("value"), set, byName);
                    }
                    attempt("in-list on " + one, attacker.get(set.name() + "?$filter=" + set.key() + " in (" + literal(set, key) + ")"), markers, false);
                    // Were Ben's entity reachable through $root, the condition would hold for every row of Anna's.
                    ODataClient.Response viaRoot = attacker.get(set.name() + "?$filter=$root/" + one + "/" + set.key() + " ne null");
                    attempt("$root on " + one, viaRoot, markers, false);
                    if (viaRoot.status() == 200 && !viaRoot.rows().isEmpty()) {
                        leaks.add("$root on " + one + " found it");
                    }
                    ODataClient.Response aggregated = attacker.get(set.name() + "?$apply=filter(" + set.key() + " eq " + literal(set, key)
                            + ")/aggregate($count as N)");
                    attempt("$apply on " + one, aggregated, markers, false);
                    if (aggregated.status() == 200 && aggregated.rows().stream().anyMatch(r -> r.path("N").asLong() != 0)) {
                        leaks.add("$apply on " + one + " counted it");
                    }
                    ODataClient.Response counted = attacker.get(set.name() + "/$count?$filter=" + set.key() + " eq " + literal(set, key));
                    attempts++;
                    if (counted.status() == 200 && !counted.body().trim().equals("0")) {
                        leaks.add("$count of " + one + " = " + counted.body());
                    }
                    attempt("PATCH " + one, attacker.patch(one, "{}"), markers, true);
                    attempt("PUT " + one, attacker.put(one, "{}"), markers, true);
                    attempt("DELETE " + one, attacker.delete(one), markers, true);
                    for (String navigation : set.navigations()) {
                        attempt("GET " + one + "/" + navigation, attacker.get(one + "/" + navigation), markers, true);
                        attempt("GET " + one + "/" + navigation + "/$ref", attacker.get(one + "/" + navigation + "/$ref"), markers, true);
                    }
                    for (String action : set.actions()) {
                        attempt("POST " + one + "/" + action, attacker.post(one + "/" + NS + action, "{}"), markers, true);
                    }
                    ODataClient.Response batch = attacker.send("POST", "$batch", """
                            {"requests":[{"id":"1","method":"GET","url":"%s"},
                             {"id":"2","method":"PATCH","url":"%s","headers":{"content-type":"application/json","if-match":"*"},"body":{}}]}"""
                            .formatted(one, one), "application/json");
                    attempt("$batch on " + one, batch, markers, false);
                    if (batch.status() == 200) {
                        batch.json().path("responses").forEach(part -> {
                            if (part.path("status").asInt() < 300) {
                                leaks.add("$batch part " + part.path("id").asText() + " on " + one + " answered " + part.path("status").asInt());
                            }
                        });
                    }
                }
                // Anna's own rows with every navigation expanded: none of Ben's rows may come along.
                for (String navigation : set.navigations()) {
                    ODataClient.Response expanded = attacker.get(set.name() + "?$top=5&$expand=" + navigation);
                    attempt("expand " + set.name() + "/" + navigation, expanded, markers, false);
                    if (expanded.status() == 200) {
                        rowsOfBen("expand " + set.name(), expanded.json().path("value"), set, byName);
                    }
                }
            }
            // Binding Anna's order to Ben's partner, by $ref and by @odata.bind.
            SetInfo partners = sets.stream().filter(s -> s.name().equals("BusinessPartners")).findFirst().orElseThrow();
            String annasOrder = anna.get("SalesOrders?$top=1&$select=ID").rows().get(0).path("ID").asText();
            for (String key : bensKeys.get(partners)) {
                attempt("$ref to Ben's partner", attacker.put("SalesOrders(" + annasOrder + ")/Customer/$ref",
                        "{\"@odata.id\":\"BusinessPartners(" + key + ")\"}"), markers, true);
                attempt("bind to Ben's partner", attacker.patch("SalesOrders(" + annasOrder + ")",
                        "{\"Customer@odata.bind\":\"BusinessPartners(" + key + ")\"}"), markers, true);
                attempt("create bound to Ben's partner", attacker.post("SalesOrders",
                        "{\"OrderNumber\":\"SM-X-" + key + "\",\"OrderDate\":\"2026-11-27\",\"Customer@odata.bind\":\"BusinessPartners(" + key + ")\"}"),
                        markers, true);
                attempt("export Ben's partner", attacker.api("GET", "/privacy/subjects/BusinessPartners/" + key, null), markers, true);
                attempt("erase Ben's partner", attacker.api("DELETE", "/privacy/subjects/BusinessPartners/" + key, null), markers, true);
            }
            // The REST API of Ben's tenant.
            attempt("Ben's users", attacker.api("GET", "/admin/tenants/bayern-werke/users", null), markers, true);
            attempt("a user for Ben's tenant", attacker.api("POST", "/admin/tenants/bayern-werke/users",
                    "{\"user\":\"spion@bayern-werke\",\"password\":\"spion-passwort-2026\",\"roles\":[\"business-user\"]}"), markers, true);
            attempt("Ben's tenant", attacker.api("GET", "/admin/tenants/bayern-werke", null), markers, true);
            attempt("suspend Ben's tenant", attacker.api("POST", "/admin/tenants/bayern-werke/suspend", null), markers, true);
        }

        for (ODataClient attacker : attackers) {
            assertThat(attacker.get("SalesOrders?$top=1").status()).as("the attacker is still logged in").isEqualTo(200);
        }
        assertThat(attempts).isGreaterThanOrEqualTo(1000);
        assertThat(leaks).as("%d attempts", attempts).isEmpty();
        // And nothing of Ben's changed: his first order is still his and as it was.
        assertThat(ben.get("SalesOrders?$top=1").rows().get(0).path("OrderNumber").asText()).startsWith("BW-");
    }
}
