package de.deutschlandstack.platform.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
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
 * write, action, {@code $ref}, {@code $batch}, with Basic and with a bearer token, through the REST API; on Ben's AI
 * model and training job under {@code /ai/v1} (every verb), on the lake's analyses (with Ben's tenant named in the
 * request), on Ben's audit records (an auditor of Anna's tenant, by id, filter, count, batch, and the chain's
 * verification); and with tokens forged or re-signed to carry Ben's tenant. Not one may answer with Ben's data or
 * change it: a leak is any success on his keys, or any of his keys or distinctive values in a response.
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

    /**
     * An attempt with a forged token: refused at the door (401) or anywhere further in, but never answered with success or
     * with Ben's data; a 500 is a failure (a 503 only where the token names the external issuer, which may be away).
     */
    private void forgedAttempt(String what, ODataClient.Response response, Set<String> bensMarkers) {
        attempts++;
        if (response.status() < 300) {
            leaks.add(what + " answered " + response.status() + ": " + response.body().substring(0, Math.min(300, response.body().length())));
            return;
        }
        if (response.status() >= 500 && !(response.status() == 503 && what.contains("external issuer"))) {
            leaks.add(what + " answered " + response.status() + " instead of a refusal");
            return;
        }
        for (String marker : bensMarkers) {
            if (response.body().contains(marker)) {
                leaks.add(what + " showed " + marker);
                return;
            }
        }
    }

    /** A stand-in for the lake process on its port: answers each analysis with a row that names the tenant asked for. */
    private static final class FakeLake implements AutoCloseable {

        /** The lake's port in the tests (LakeIT's lake is gone when this suite runs: it stops it after its tests). */
        static final int PORT = 18691;
        private final HttpServer server;
        /** The {@code tenant} parameters of every analysis the platform asked, one list per request. */
        final List<List<String>> tenantsAsked = Collections.synchronizedList(new ArrayList<>());

        FakeLake() throws IOException, InterruptedException {
            HttpServer bound = null;
            for (int attempt = 0; bound == null; attempt++) {
                try {
                    bound = HttpServer.create(new InetSocketAddress("127.0.0.1", PORT), 50);
                } catch (BindException e) {
                    if (attempt >= 50) {
                        throw e;
                    }
                    Thread.sleep(200); // a lake process of another suite still going away
                }
            }
            server = bound;
            server.createContext("/", exchange -> {
                String path = exchange.getRequestURI().getPath();
                List<String> tenants = new ArrayList<>();
                String query = exchange.getRequestURI().getRawQuery();
                for (String parameter : query == null ? new String[0] : query.split("&")) {
                    String[] pair = parameter.split("=", 2);
                    if (URLDecoder.decode(pair[0], StandardCharsets.UTF_8).equals("tenant")) {
                        tenants.add(pair.length < 2 ? "" : URLDecoder.decode(pair[1], StandardCharsets.UTF_8));
                    }
                }
                int status;
                String body;
                if (path.startsWith("/analyses/")) {
                    tenantsAsked.add(tenants);
                    status = 200;
                    StringBuilder rows = new StringBuilder();
                    for (String tenant : tenants) {
                        rows.append(rows.isEmpty() ? "" : ",").append("{\"Customer\":\"").append(secretCustomerOf(tenant)).append("\"}");
                    }
                    body = "{\"analysis\":\"" + path.substring("/analyses/".length()) + "\",\"rows\":[" + rows + "]}";
                } else if (path.equals("/analyses")) {
                    status = 200;
                    body = "{\"analyses\":[\"revenue-by-month-and-customer\"]}";
                } else {
                    // The training data (/datasets/...) and the rest: not here, as a lake that is catching up answers.
                    status = 503;
                    body = "{\"title\":\"Service Unavailable\",\"status\":503,\"detail\":\"The test's lake has no datasets\"}";
                }
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", status == 200 ? "application/json" : "application/problem+json");
                exchange.sendResponseHeaders(status, bytes.length);
                exchange.getResponseBody().write(bytes);
                exchange.close();
            });
            server.start();
        }

        /** The customer a tenant's analyses show: one a leak of Ben's analyses would carry into Anna's answer. */
        static String secretCustomerOf(String tenant) {
            return "Geheimkunde " + tenant.toUpperCase(java.util.Locale.ROOT);
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    /** A token of the platform's JWT form with the claims changed, the signature kept: the signature no longer fits. */
    private static String withClaims(String token, String payload) {
        String[] parts = token.split("\\.");
        return parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes(StandardCharsets.UTF_8))
                + "." + parts[2];
    }

    /**
     * Anna's (or Otto's) token made to say Ben's tenant, each way an attacker might: the claims edited under the old
     * signature, unsigned, signed with a key of the attacker's own under the platform's key id, with that key embedded
     * in the header, and as a token of the external OIDC issuer signed by the attacker.
     */
    private Map<String, ODataClient> forgedClients(String owner, String token) throws Exception {
        String[] parts = token.split("\\.");
        String header = new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8);
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        String kid = header.replaceAll(".*\"kid\":\"([^\"]+)\".*", "$1");
        Map<String, String> variants = new LinkedHashMap<>();
        variants.put("tenant claim", payload.replace("\"tenant\":\"stadt-muenchen\"", "\"tenant\":\"bayern-werke\""));
        variants.put("tenant and subject", payload.replace("\"tenant\":\"stadt-muenchen\"", "\"tenant\":\"bayern-werke\"")
                .replace(owner, BEN));
        RsaJsonWebKey attackersKey = RsaJwkGenerator.generateJwk(2048);
        Map<String, ODataClient> forged = new LinkedHashMap<>();
        for (Map.Entry<String, String> variant : variants.entrySet()) {
            assertThat(variant.getValue()).as("the forged claims").contains("\"tenant\":\"bayern-werke\"");
            String name = owner + "'s token with Ben's " + variant.getKey();
            forged.put(name + ", old signature", ODataClient.bearer(serverRoot(), withClaims(token, variant.getValue())));
            forged.put(name + ", unsigned", ODataClient.bearer(serverRoot(),
                    Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8))
                            + "." + withClaims(token, variant.getValue()).split("\\.")[1] + "."));
            JsonWebSignature resigned = new JsonWebSignature();
            resigned.setPayload(variant.getValue());
            resigned.setKey(attackersKey.getPrivateKey());
            resigned.setKeyIdHeaderValue(kid);
            resigned.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
            forged.put(name + ", re-signed under the platform's key id", ODataClient.bearer(serverRoot(), resigned.getCompactSerialization()));
            JsonWebSignature embedded = new JsonWebSignature();
            embedded.setPayload(variant.getValue());
            embedded.setKey(attackersKey.getPrivateKey());
            embedded.setJwkHeader(attackersKey);
            embedded.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
            forged.put(name + ", re-signed with the key in its header", ODataClient.bearer(serverRoot(), embedded.getCompactSerialization()));
        }
        // A token of the external issuer (Keycloak in the tests) that the attacker signed: Ben's tenant, every role.
        JwtClaims external = new JwtClaims();
        external.setIssuer(System.getProperty("it.keycloak.url", "http://127.0.0.1:18380") + "/realms/platform");
        external.setAudience("platform");
        external.setSubject(owner);
        external.setIssuedAtToNow();
        external.setExpirationTime(NumericDate.fromSeconds(NumericDate.now().getValue() + 300));
        external.setGeneratedJwtId();
        external.setClaim("tenant", "bayern-werke");
        external.setClaim("groups", List.of("tenant-admin", "auditor", "business-user"));
        JsonWebSignature oidc = new JsonWebSignature();
        oidc.setPayload(external.toJson());
        oidc.setKey(attackersKey.getPrivateKey());
        oidc.setKeyIdHeaderValue("attackers-key");
        oidc.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        forged.put(owner + "'s claims to Ben's tenant as a token of the external issuer", ODataClient.bearer(serverRoot(), oidc.getCompactSerialization()));
        return forged;
    }

    @Test
    void noneOfAThousandCrossTenantAttemptsReachesAnotherTenantsData() throws Exception {
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

        try (FakeLake lake = new FakeLake()) {
            Victims victims = plantBensModelJobAndAuditRecords(ben);
            attackTheErp(attackers, sets, bensKeys, byName, markers, anna);
            // A token lives five minutes: a fresh one for the surfaces that follow.
            annasToken = anna.api("POST", "/token", null).json().path("access_token").asText();
            attackers = List.of(anna, ODataClient.bearer(serverRoot(), annasToken), as(LEA));
            for (ODataClient attacker : attackers) {
                attackTheAiServices(attacker, victims);
                attackTheLake(attacker, Set.of(FakeLake.secretCustomerOf("bayern-werke")));
            }
            ODataClient otto = as(OTTO);
            String ottosToken = otto.api("POST", "/token", null).json().path("access_token").asText();
            List<ODataClient> auditors = List.of(otto, ODataClient.bearer(serverRoot(), ottosToken), anna);
            for (ODataClient auditor : auditors) {
                attackTheAuditTrail(auditor, victims, auditor != anna);
            }
            Map<String, ODataClient> forged = new LinkedHashMap<>(forgedClients(ANNA, annasToken));
            forged.putAll(forgedClients(OTTO, ottosToken));
            Set<String> everyMarker = new LinkedHashSet<>(markers);
            everyMarker.addAll(victims.markers());
            everyMarker.addAll(victims.auditMarkers());
            everyMarker.add(FakeLake.secretCustomerOf("bayern-werke"));
            for (Map.Entry<String, ODataClient> attacker : forged.entrySet()) {
                attackWithAForgedToken(attacker.getKey(), attacker.getValue(), sets, bensKeys, victims, everyMarker);
            }

            System.out.println("IsolationAttackIT: " + attempts + " cross-tenant attempts, " + leaks.size() + " leaks");
            assertThat(attempts).isGreaterThanOrEqualTo(1000);
            assertThat(leaks).as("%d attempts", attempts).isEmpty();
            // The lake was asked for Anna's tenant alone, once per request, whatever the requests named.
            assertThat(lake.tenantsAsked).as("the analyses the platform asked the lake for").isNotEmpty()
                    .allSatisfy(asked -> assertThat(asked).containsExactly("stadt-muenchen"));
            assertBensVictimsAreIntact(ben, victims);
        }

        for (ODataClient attacker : attackers) {
            assertThat(attacker.get("SalesOrders?$top=1").status()).as("the attacker is still logged in").isEqualTo(200);
        }
        // And nothing of Ben's changed: his first order is still his and as it was.
        assertThat(ben.get("SalesOrders?$top=1").rows().get(0).path("OrderNumber").asText()).startsWith("BW-");
    }

    /** Anna's attempts on the ERP service and the platform's REST API. */
    private void attackTheErp(List<ODataClient> attackers, List<SetInfo> sets, Map<SetInfo, List<String>> bensKeys,
                              Map<String, SetInfo> byName, Set<String> markers, ODataClient anna) {
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
            attempt("Ben's tenant's limits", attacker.api("PUT", "/admin/tenants/bayern-werke/limits", "{\"requestsPerMinute\": 1}"),
                    markers, true);
            attempt("offboard Ben's tenant", attacker.api("POST", "/admin/tenants/bayern-werke/offboard", null), markers, true);
            attempt("Ben's user", attacker.api("PATCH", "/admin/tenants/bayern-werke/users/" + BEN, "{\"enabled\": false}"), markers, true);
        }
    }

    /** What Ben's tenant holds beyond its business objects, planted before the attacks. */
    private record AuditRow(String id, long seq, String hash) {
    }

    private record Victims(String model, long job, List<AuditRow> auditRecords, Set<String> markers, Set<String> auditMarkers) {
    }

    /** Ben's model's inputs and output: names nobody else uses, which a leak of the model would carry along. */
    private static final String BENS_FEATURES = "bensGeheimUmsatz,bensGeheimTage";
    private static final String BENS_OUTPUT = "bensGeheimRisiko";
    private static final List<String> ANALYSES = List.of("revenue-by-month-and-customer", "receivables-ageing", "product-demand-by-month");

    private static Connection database() throws SQLException {
        return DriverManager.getConnection(System.getProperty("it.db.url"), System.getProperty("it.db.user"),
                System.getProperty("it.db.password"));
    }

    /** The newest audit records of a tenant, read past the platform (the tests' database user sees every tenant). */
    private static List<AuditRow> auditRecordsOf(String tenant) throws SQLException {
        List<AuditRow> rows = new ArrayList<>();
        try (Connection db = database();
             PreparedStatement query = db.prepareStatement("select id, seq, hash from audit_record where tenant = ? order by seq desc")) {
            query.setString(1, tenant);
            query.setMaxRows(4);
            try (ResultSet row = query.executeQuery()) {
                while (row.next()) {
                    rows.add(new AuditRow(row.getString(1), row.getLong(2), row.getString(3)));
                }
            }
        }
        return rows;
    }

    /** The length of a tenant's audit chain now. */
    private static long chainOf(String tenant) throws SQLException {
        try (Connection db = database();
             PreparedStatement query = db.prepareStatement("select coalesce(max(seq), 0) from audit_record where tenant = ?")) {
            query.setString(1, tenant);
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    /**
     * Ben registers a small model of his own and starts a training (which fails: the test's lake has no datasets); his
     * reads of personal data above have left records in his tenant's audit trail.
     */
    private Victims plantBensModelJobAndAuditRecords(ODataClient ben) throws Exception {
        String model = "bens-modell-" + Long.toString(System.nanoTime(), 36);
        ODataClient.Response registered = ben.aiUpload("/models?name=" + model + "&version=1",
                AiModels.tabularNetwork(BENS_FEATURES, BENS_OUTPUT, new int[]{4}, "").zip(), "application/zip");
        assertThat(registered.status()).as(registered.body()).isEqualTo(201);
        assertThat(registered.json().path("status").asText()).isEqualTo("READY");

        ODataClient.Response started = ben.ai("POST", "/services/payment-delay-risk/training", "{}");
        long job;
        if (started.status() == 202) {
            job = started.json().path("id").asLong();
        } else {
            // A training of Ben's still under way from an earlier suite: that job is his as well.
            assertThat(started.status()).as(started.body()).isEqualTo(409);
            job = ben.ai("GET", "/training-jobs", null).json().path("jobs").get(0).path("id").asLong();
        }
        String status = "";
        for (int wait = 0; wait < 100 && !status.equals("FAILED") && !status.equals("SUCCEEDED"); wait++) {
            Thread.sleep(100);
            status = ben.ai("GET", "/training-jobs/" + job, null).json().path("status").asText();
        }
        assertThat(status).as("Ben's training without a lake's dataset").isEqualTo("FAILED");

        // Records in Ben's tenant's trail: his reads of personal data above, and two refusals of his (he is no auditor,
        // nor the operator).
        assertThat(ben.getAbsolute(serverRoot() + "/odata/v4/audit/AuditRecords").status()).isEqualTo(403);
        assertThat(ben.api("GET", "/lake/status", null).status()).isEqualTo(403);
        List<AuditRow> records = auditRecordsOf("bayern-werke");
        for (int wait = 0; wait < 50 && records.size() < 3; wait++) {
            Thread.sleep(100);
            records = auditRecordsOf("bayern-werke");
        }
        assertThat(records).as("Ben's tenant's audit records").hasSizeGreaterThanOrEqualTo(2);
        Set<String> auditMarkers = new LinkedHashSet<>();
        records.forEach(record -> auditMarkers.add(record.hash()));
        return new Victims(model, job, records, Set.of("bensGeheimUmsatz", "bensGeheimTage", BENS_OUTPUT,
                "\"requestedBy\":\"" + BEN + "\""), auditMarkers);
    }

    /** Ben's model on every verb of the AI services' API, his training job by id, and the lists that could show them. */
    private void attackTheAiServices(ODataClient attacker, Victims victims) {
        String model = "/models/" + victims.model();
        Set<String> markers = victims.markers();
        String instances = "{\"instances\": [[1, 2]]}";
        attempt("GET " + model, attacker.ai("GET", model, null), markers, true);
        attempt("GET " + model + " naming Ben's tenant", attacker.ai("GET", model + "?tenant=bayern-werke", null), markers, true);
        attempt("GET " + model + " with a tenant header", attacker.absolute("GET", serverRoot() + "/ai/v1" + model, null,
                "X-Tenant", "bayern-werke"), markers, true);
        attempt("GET " + model + "/versions/1", attacker.ai("GET", model + "/versions/1", null), markers, true);
        attempt("predict with " + model, attacker.ai("POST", model + "/predict", instances), markers, true);
        attempt("predict with " + model + "/versions/1", attacker.ai("POST", model + "/versions/1/predict", instances), markers, true);
        attempt("promote " + model + "/versions/1", attacker.ai("POST", model + "/versions/1/promote", null), markers, true);
        attempt("scale " + model + "/versions/1", attacker.ai("PUT", model + "/versions/1/workers",
                "{\"minWorkers\": 1, \"maxWorkers\": 2}"), markers, true);
        attempt("unregister " + model + "/versions/1", attacker.ai("DELETE", model + "/versions/1", null), markers, true);
        attempt("unregister " + model, attacker.ai("DELETE", model, null), markers, true);
        for (String list : List.of("/models", "/devices")) {
            ODataClient.Response listed = attacker.ai("GET", list, null);
            attempt("GET " + list, listed, markers, false);
            if (listed.body().contains(victims.model())) {
                leaks.add("GET " + list + " listed Ben's model");
            }
        }
        String job = "/training-jobs/" + victims.job();
        attempt("GET " + job, attacker.ai("GET", job, null), markers, true);
        attempt("GET " + job + " naming Ben's tenant", attacker.ai("GET", job + "?tenant=bayern-werke", null), markers, true);
        ODataClient.Response jobs = attacker.ai("GET", "/training-jobs", null);
        attempt("GET /training-jobs", jobs, markers, false);
        if (jobs.status() == 200 && jobs.json().path("jobs").findValuesAsText("id").contains(String.valueOf(victims.job()))) {
            leaks.add("GET /training-jobs listed Ben's job " + victims.job());
        }
    }

    /**
     * The lake's analyses with Ben's tenant named every way a request can name it: each must be answered from the
     * caller's tenant (the stand-in lake names the tenant it was asked for in its rows) and never from Ben's.
     */
    private void attackTheLake(ODataClient attacker, Set<String> markers) {
        String own = FakeLake.secretCustomerOf("stadt-muenchen");
        for (String analysis : ANALYSES) {
            String path = "/lake/analyses/" + analysis;
            Map<String, ODataClient.Response> answers = new LinkedHashMap<>();
            for (String smuggled : List.of("?tenant=bayern-werke", "?tenant=stadt-muenchen&tenant=bayern-werke", "?TENANT=bayern-werke",
                    "?asOf=2026-11-01T00:00:00Z%26tenant%3Dbayern-werke", "?version=0%26tenant%3Dbayern-werke",
                    "?keyDate=2026-11-30%26tenant%3Dbayern-werke")) {
                answers.put(path + smuggled, attacker.api("GET", path + smuggled, null));
            }
            answers.put(path + " with a tenant header", attacker.absolute("GET", serverRoot() + "/api" + path, null, "X-Tenant", "bayern-werke"));
            for (Map.Entry<String, ODataClient.Response> answer : answers.entrySet()) {
                attempt("GET " + answer.getKey(), answer.getValue(), markers, false);
                if (answer.getValue().status() != 200 || !answer.getValue().body().contains(own)) {
                    leaks.add("GET " + answer.getKey() + " was not answered from the caller's own tenant: " + answer.getValue().status()
                            + " " + answer.getValue().body());
                }
            }
            attempt("GET " + path + "?tenant= in the name", attacker.api("GET", path + "%3Ftenant%3Dbayern-werke", null), markers, true);
        }
        // The lake's own ways in (every tenant's change feed) and the operator's view of it.
        attempt("the lake's change feed", attacker.api("GET", "/lake/changes?after=0", null), markers, true);
        attempt("the lake's schema", attacker.api("GET", "/lake/schema", null), markers, true);
        attempt("the lake's status", attacker.api("GET", "/lake/status", null), markers, true);
        attempt("erasures reported applied", attacker.api("POST", "/lake/erasures/applied", "{\"ids\": [1]}"), markers, true);
    }

    /**
     * Ben's audit records by id, filter, count, aggregation, batch and write, as an auditor of Anna's tenant (or Anna,
     * who may not read the trail at all), and the chain's verification with Ben's tenant named.
     */
    private void attackTheAuditTrail(ODataClient auditor, Victims victims, boolean mayReadTheTrail) throws SQLException {
        String audit = serverRoot() + "/odata/v4/audit/";
        Set<String> markers = victims.auditMarkers();
        for (AuditRow record : victims.auditRecords()) {
            String one = "AuditRecords(" + record.id() + ")";
            attempt("GET " + one, auditor.getAbsolute(audit + one), markers, true);
            attempt("GET " + one + " with a tenant header", auditor.getAbsolute(audit + one, "X-Tenant", "bayern-werke"), markers, true);
            attempt("GET " + one + "/Hash", auditor.getAbsolute(audit + one + "/Hash"), markers, true);
            for (String filter : List.of("ID%20eq%20" + record.id(), "Hash%20eq%20%27" + record.hash() + "%27",
                    "ID%20in%20(" + record.id() + ")")) {
                ODataClient.Response filtered = auditor.getAbsolute(audit + "AuditRecords?$filter=" + filter);
                attempt("audit filter " + filter, filtered, markers, false);
                if (filtered.status() == 200 && !filtered.rows().isEmpty()) {
                    leaks.add("audit filter " + filter + " found Ben's record");
                }
            }
            // Anna's tenant's record of the same number: its own, never Ben's.
            attempt("audit record number " + record.seq(), auditor.getAbsolute(audit + "AuditRecords?$filter=Seq%20eq%20" + record.seq()),
                    markers, false);
            ODataClient.Response counted = auditor.getAbsolute(audit + "AuditRecords/$count?$filter=ID%20eq%20" + record.id());
            attempt("$count of " + one, counted, markers, false);
            if (counted.status() == 200 && !counted.body().trim().equals("0")) {
                leaks.add("$count of " + one + " = " + counted.body());
            }
            ODataClient.Response aggregated = auditor.getAbsolute(audit + "AuditRecords?$apply=filter(ID%20eq%20" + record.id()
                    + ")/aggregate($count%20as%20N)");
            attempt("$apply on " + one, aggregated, markers, false);
            if (aggregated.status() == 200 && aggregated.rows().stream().anyMatch(r -> r.path("N").asLong() != 0)) {
                leaks.add("$apply on " + one + " counted it");
            }
            attempt("PATCH " + one, auditor.absolute("PATCH", audit + one, "{\"Actor\":\"x\"}", "If-Match", "*",
                    "Content-Type", "application/json"), markers, true);
            attempt("DELETE " + one, auditor.absolute("DELETE", audit + one, null, "If-Match", "*"), markers, true);
            ODataClient.Response batch = auditor.absolute("POST", audit + "$batch", """
                    {"requests":[{"id":"1","method":"GET","url":"%s"},
                     {"id":"2","method":"DELETE","url":"%s","headers":{"if-match":"*"}}]}""".formatted(one, one),
                    "Content-Type", "application/json");
            attempt("audit $batch on " + one, batch, markers, false);
            if (batch.status() == 200) {
                batch.json().path("responses").forEach(part -> {
                    if (part.path("status").asInt() < 300) {
                        leaks.add("audit $batch part " + part.path("id").asText() + " on " + one + " answered " + part.path("status").asInt());
                    }
                });
            }
        }
        if (mayReadTheTrail) {
            ODataClient.Response own = auditor.getAbsolute(audit + "AuditRecords?$top=1");
            assertThat(own.status()).as("the auditor reads the own tenant's trail: " + own.body()).isEqualTo(200);
        }
        // The verification walks the caller's tenant's chain, whichever tenant the request names: as long as Anna's
        // tenant's chain was before and after it, never as long as Ben's (unless the two happen to be alike).
        long bensChain = chainOf("bayern-werke");
        for (String named : List.of("?tenant=bayern-werke", "?from=1&tenant=bayern-werke", "")) {
            long before = chainOf("stadt-muenchen");
            ODataClient.Response verified = named.isEmpty()
                    ? auditor.absolute("GET", serverRoot() + "/api/audit/verify", null, "X-Tenant", "bayern-werke")
                    : auditor.api("GET", "/audit/verify" + named, null);
            long after = chainOf("stadt-muenchen");
            attempt("verify the chain " + named, verified, markers, false);
            if (verified.status() == 200) {
                long walked = verified.json().path("verified").asLong();
                if (walked < before || walked > after) {
                    leaks.add("verify " + named + " walked " + walked + " records; Anna's tenant's chain had " + before + " to " + after
                            + ", Ben's " + bensChain);
                }
            }
        }
    }

    /** One forged token's attempts, a few on each surface: each must be refused, 401 at the door the likeliest. */
    private void attackWithAForgedToken(String name, ODataClient attacker, List<SetInfo> sets, Map<SetInfo, List<String>> bensKeys,
                                        Victims victims, Set<String> markers) {
        for (SetInfo set : sets) {
            for (String key : bensKeys.get(set).stream().limit(1).toList()) {
                String one = set.name() + "(" + literal(set, key) + ")";
                forgedAttempt(name + ": GET " + one, attacker.get(one), markers);
                forgedAttempt(name + ": filter on " + one, attacker.get(set.name() + "?$filter=" + set.key() + " eq " + literal(set, key)), markers);
                forgedAttempt(name + ": DELETE " + one, attacker.delete(one), markers);
            }
            forgedAttempt(name + ": GET " + set.name(), attacker.get(set.name() + "?$top=3"), markers);
        }
        String model = "/models/" + victims.model();
        forgedAttempt(name + ": GET " + model, attacker.ai("GET", model, null), markers);
        forgedAttempt(name + ": predict with " + model, attacker.ai("POST", model + "/predict", "{\"instances\": [[1, 2]]}"), markers);
        forgedAttempt(name + ": promote " + model, attacker.ai("POST", model + "/versions/1/promote", null), markers);
        forgedAttempt(name + ": unregister " + model, attacker.ai("DELETE", model, null), markers);
        forgedAttempt(name + ": GET /models", attacker.ai("GET", "/models", null), markers);
        forgedAttempt(name + ": GET Ben's training job", attacker.ai("GET", "/training-jobs/" + victims.job(), null), markers);
        forgedAttempt(name + ": Ben's analysis", attacker.api("GET", "/lake/analyses/" + ANALYSES.get(0), null), markers);
        AuditRow record = victims.auditRecords().get(0);
        forgedAttempt(name + ": Ben's audit record", attacker.getAbsolute(serverRoot() + "/odata/v4/audit/AuditRecords(" + record.id() + ")"),
                markers);
        forgedAttempt(name + ": Ben's audit trail", attacker.getAbsolute(serverRoot() + "/odata/v4/audit/AuditRecords?$top=5"), markers);
        forgedAttempt(name + ": verify Ben's chain", attacker.api("GET", "/audit/verify", null), markers);
        forgedAttempt(name + ": Ben's users", attacker.api("GET", "/admin/tenants/bayern-werke/users", null), markers);
        forgedAttempt(name + ": who am I", attacker.api("GET", "/me", null), markers);
        forgedAttempt(name + ": a new token", attacker.api("POST", "/token", null), markers);
    }

    /** Ben's model, training job and audit records are as they were: his, unchanged, and the chain intact. */
    private void assertBensVictimsAreIntact(ODataClient ben, Victims victims) throws SQLException {
        String model = "/models/" + victims.model();
        ODataClient.Response versions = ben.ai("GET", model, null);
        assertThat(versions.status()).as(versions.body()).isEqualTo(200);
        assertThat(versions.json().path("models")).singleElement().satisfies(version -> {
            assertThat(version.path("version").asText()).isEqualTo("1");
            assertThat(version.path("active").asBoolean()).isTrue();
            assertThat(version.path("status").asText()).isEqualTo("READY");
            assertThat(version.path("outputs").get(0).asText()).isEqualTo(BENS_OUTPUT);
        });
        ODataClient.Response predicted = ben.ai("POST", model + "/predict", "{\"instances\": [[1, 2]]}");
        assertThat(predicted.status()).as(predicted.body()).isEqualTo(200);
        assertThat(predicted.json().path("predictions").get(0).has(BENS_OUTPUT)).isTrue();
        ODataClient.Response job = ben.ai("GET", "/training-jobs/" + victims.job(), null);
        assertThat(job.status()).as(job.body()).isEqualTo(200);
        assertThat(job.json().path("requestedBy").asText()).isEqualTo(BEN);
        for (AuditRow record : victims.auditRecords()) {
            try (Connection db = database();
                 PreparedStatement query = db.prepareStatement("select hash from audit_record where tenant = 'bayern-werke' and seq = ?")) {
                query.setLong(1, record.seq());
                try (ResultSet row = query.executeQuery()) {
                    assertThat(row.next()).as("Ben's audit record " + record.seq()).isTrue();
                    assertThat(row.getString(1)).as("Ben's audit record " + record.seq()).isEqualTo(record.hash());
                }
            }
        }
        JsonNode chain = ben.api("GET", "/audit/verify", null).json();
        assertThat(chain.path("intact").asBoolean()).as(chain.toString()).isTrue();
        // Ben's model served its purpose; his tenant's quota is the other suites' again.
        assertThat(ben.ai("DELETE", model, null).status()).isIn(200, 204);
    }
}
