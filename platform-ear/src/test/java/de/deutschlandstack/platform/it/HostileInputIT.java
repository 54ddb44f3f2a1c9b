package de.deutschlandstack.platform.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Several hundred generated hostile requests against the real server. Each must get a prompt answer in the
 * protocol's format: never a 500, never a stack trace, an OData JSON error for every refusal; and afterwards the
 * server must still be healthy and answer an ordinary query.
 */
class HostileInputIT extends PlatformIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SERVICE = "/odata/v4/erp/";
    private static final String ANNA_AUTH = "Authorization: Basic "
            + Base64.getEncoder().encodeToString("anna@stadt-muenchen:demo".getBytes(StandardCharsets.UTF_8));

    /** One request: method, target as on the wire, extra header lines, body. */
    record Case(String method, String target, String headers, String body) {
        Case withBody(String other) {
            return new Case(method, target, headers, other);
        }

        @Override
        public String toString() {
            String shown = method + " " + target;
            return shown.length() > 160 ? shown.substring(0, 160) + "..." : shown;
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static Case get(String path, String query) {
        return new Case("GET", SERVICE + path + (query == null ? "" : "?" + query), ANNA_AUTH, null);
    }

    private static Case filter(String expression) {
        return get("SalesOrders", "$select=ID&$top=3&$filter=" + encode(expression));
    }

    private static Case write(String method, String path, String body) {
        return new Case(method, SERVICE + path, ANNA_AUTH + "\r\nContent-Type: application/json", body);
    }

    static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        // Nesting, chains and lists around and far beyond the limits.
        for (int depth : new int[]{5, 31, 32, 33, 100, 1000, 5000}) {
            cases.add(filter("(".repeat(depth) + "ID eq 1" + ")".repeat(depth)));
        }
        for (int depth : new int[]{8, 16, 25, 31, 40, 500}) {
            cases.add(filter("not (".repeat(depth) + "ID eq 1" + ")".repeat(depth)));
        }
        for (int terms : new int[]{50, 100, 299, 301, 1000, 5000}) {
            cases.add(filter("ID eq 0" + " or ID eq 1".repeat(terms)));
            cases.add(filter("ID ne 0" + " and ID ne 1".repeat(terms)));
        }
        for (int terms : new int[]{50, 160, 299, 301, 400, 800, 1500}) {
            cases.add(filter("NetAmount" + " add 1".repeat(terms) + " gt 0"));
            cases.add(get("SalesOrders/$count", "$filter=" + encode("NetAmount" + " mul 1".repeat(terms) + " gt 0")));
            cases.add(get("SalesOrders", "$top=1&$orderby=" + encode("NetAmount" + " sub 1".repeat(terms))));
            cases.add(filter("-(".repeat(Math.min(terms, 40)) + "NetAmount" + ")".repeat(Math.min(terms, 40)) + " lt 0"));
        }
        for (int levels = 2; levels <= 8; levels++) {
            cases.add(filter("NetAmount" + " mod 7".repeat(levels) + " eq 1"));
            cases.add(filter("NetAmount" + " div 1".repeat(levels * 40) + " gt 0"));
            String nested = "contains(Note,'a')";
            for (int i = 0; i < levels; i++) {
                nested = "(contains(Note,'a') eq " + nested + ")";
            }
            cases.add(filter(nested));
            cases.add(filter("(" + nested + ") eq null"));
        }
        for (int values : new int[]{10, 999, 1000, 1001, 5000, 100_000}) {
            StringBuilder list = new StringBuilder("ID in (0");
            for (int i = 1; i < values; i++) {
                list.append(',').append(i);
            }
            cases.add(filter(list.append(')').toString()));
        }
        for (int depth = 1; depth <= 20; depth++) {
            cases.add(get("SalesOrders", "$top=2&$expand=" + encode("Items($expand=Order(".repeat(depth) + "$select=ID" + "))".repeat(depth))));
        }
        cases.add(get("SalesOrders", "$expand=" + encode("Items,".repeat(30) + "Customer")));
        cases.add(get("SalesOrders", "$expand=*($levels=max)"));
        // Literals, operators and functions that clients get wrong.
        String[] properties = {"ID", "OrderNumber", "NetAmount", "OrderDate", "Status", "CreatedAt", "Note", "Customer/City",
                "Customer/Name", "Items/ItemNumber", "Nope", "Customer/Nope", "Customer"};
        String[] operators = {"eq", "ne", "gt", "ge", "lt", "le", "add", "sub", "mul", "div", "mod", "in", "has", "and", "or"};
        String[] literals = {"1", "-1", "100.50", "1e308", "-1e-308", "99999999999999999999999999999", "'OPEN'", "'x''y'",
                "''", "'%'", "'{x}'", "null", "true", "2026-02-30", "2026-11-26", "2026-11-26T10:00:00Z",
                "2026-11-26T10:00:00.123456789+01:00", "duration'P1D'", "'München'", "'\u0000'", "NetAmount", "--NetAmount",
                "-(-NetAmount)", "Items", "$it", "@p", "INF", "NaN", "12:00:00", "binary'AA=='",
                "f0b8e2c3-1c2d-4e5f-8a9b-0c1d2e3f4a5b"};
        String[] functions = {"contains(%s,'x')", "startswith(%s,'B') eq true", "length(%s) gt 3", "year(%s) eq 2026",
                "round(%s) eq 1", "tolower(%s) eq 'x'", "substring(%s,-1) eq 'x'", "substring(%s,1,-5) eq 'x'",
                "indexof(%s,'') eq 0", "concat(%s,%s) eq 'xx'", "cast(%s,Edm.String) eq '1'", "isof(%s,Edm.Int32)",
                "now() gt %s", "date(%s) eq 2026-01-01", "fractionalseconds(%s) eq 0", "matchesPattern(%s,'^A')",
                "geo.distance(%s,%s) lt 1", "%s/any(i:i/Quantity gt 1)", "%s/all(i:i/Quantity gt 1)", "%s/any()"};
        Random random = new Random(20261126);
        for (int i = 0; i < 220; i++) {
            String property = properties[random.nextInt(properties.length)];
            String expression = switch (random.nextInt(4)) {
                case 0 -> property + " " + operators[random.nextInt(operators.length)] + " " + literals[random.nextInt(literals.length)];
                case 1 -> String.format(functions[random.nextInt(functions.length)], property, property);
                case 2 -> "not (" + property + " " + operators[random.nextInt(operators.length)] + " "
                        + literals[random.nextInt(literals.length)] + ") or " + literals[random.nextInt(literals.length)];
                default -> literals[random.nextInt(literals.length)] + " " + operators[random.nextInt(operators.length)] + " "
                        + literals[random.nextInt(literals.length)];
            };
            cases.add(filter(expression));
        }
        for (String order : new String[]{"Nope", "NetAmount sideways", "Items", "Customer", "ID,ID", "year(OrderDate) desc",
                "Customer/City desc,Customer/Name", "contains(Note,'x')", "NetAmount eq 1", "1", "null", "'x'"}) {
            cases.add(get("SalesOrders", "$select=ID&$top=3&$orderby=" + encode(order)));
        }
        // Query options, raw and odd.
        for (String query : new String[]{"$top=-1", "$top=abc", "$top=%2B1", "$top=%EF%BC%91", "$top=99999999999", "$skip=2147483647",
                "$skip=2147483647&$skiptoken=5", "$skiptoken=abc", "$skiptoken=-1", "$skiptoken=99999999999", "$count=maybe",
                "$select=Nope", "$select=DeutschlandStack.Erp.*", "$select=*,ID", "$format=xml", "$format=atom", "$search=foo",
                "$apply=aggregate(NetAmount%20with%20sum%20as%20Total)", "$compute=NetAmount%20mul%202%20as%20X", "$foo=1",
                "$filter=true&$filter=false", "$filter+=true", "%24filter%20=true", "$filter=", "$filter", "$expand=",
                "$filter=ID%20eq%20@p&@p=1", "$filter=ID%20eq%20@p", "$filter=Note%20eq%20'%zz'", "$filter=%", "$deltatoken=1",
                "$filter=Note%20eq%20'\u00e4'", "$top=1&$top=2", "$orderby=", "$levels=2", "$id=x", "$expand=Items($top=-1)",
                "$expand=Items($filter=Nope%20eq%201)", "$expand=Items($orderby=Order/Customer/Name)", "$expand=Items($skip=abc)",
                "$expand=Customer($top=1)", "$expand=Items($count=true;$top=0)", "$expand=Items($select=DeutschlandStack.Erp.*)",
                "$orderby=" + "ID,".repeat(70) + "ID", "$orderby=NetAmount&$skiptoken=5.nMWU5OTk5OTk5OTk.nMQ", "$orderby=now()",
                "$filter=Note%20eq%20'%C3%28'", "$filter=ID%20mod%202%20eq%200", "$format=application/json;odata.metadata=full"}) {
            cases.add(get("SalesOrders", query));
        }
        // Paths.
        for (String path : new String[]{"SalesOrders(abc)", "SalesOrders(1)/Items(1)/Order", "SalesOrders(1)/Nope", "SalesOrders(1)/Items/$count/x",
                "SalesOrders(99999999999999999999)", "SalesOrders(-1)", "SalesOrders('1')", "SalesOrders(ID=1)", "SalesOrders(1)/OrderNumber/$value",
                "SalesOrders(1)/$ref", "SalesOrders/$ref", "Nope", "$batch", "$metadata/x", "$crossjoin(SalesOrders,Products)", "$all",
                "SalesOrders(1)/Customer/Name", "SalesOrders(1)/Items(1)", "SalesOrders%2F1", "SalesOrders(1)%00", "..%2F..%2Fetc"}) {
            cases.add(get(path, null));
        }
        cases.add(new Case("GET", "/odata/v4/nope/SalesOrders", ANNA_AUTH, null));
        cases.add(new Case("GET", "/odata/v4/", ANNA_AUTH, null));
        // Headers.
        for (String header : new String[]{"Accept: ,,,,", "Accept: text/nope", "Accept: application/json;odata.metadata=sideways",
                "OData-Version: abc", "OData-Version: 3.0", "OData-MaxVersion: 1.0", "OData-MaxVersion: x", "Prefer: odata.maxpagesize=abc",
                "Prefer: odata.maxpagesize=-5", "Prefer: odata.maxpagesize=999999999999", "Prefer: ,,;;==", "If-None-Match: garbage",
                "If-Match: garbage", "Accept-Charset: nope", "Content-Type: \tx", "Authorization: basic "
                + Base64.getEncoder().encodeToString("anna@stadt-muenchen:demo".getBytes(StandardCharsets.UTF_8))}) {
            cases.add(new Case("GET", SERVICE + "SalesOrders?$top=1", ANNA_AUTH + "\r\n" + header, null));
        }
        for (String authorization : new String[]{"Basic !!!", "Basic YW5uYQ==", "Basic YW5uYUBzdGFkdC1tdWVuY2hlbjo=", "Basic ",
                "Bearer x.y.z", "Basic " + "A".repeat(65_000), "Basic " + Base64.getEncoder().encodeToString(
                "anna@stadt-muenchen:demo:extra".getBytes(StandardCharsets.UTF_8))}) {
            cases.add(new Case("GET", SERVICE + "SalesOrders?$top=1", "Authorization: " + authorization, null));
        }
        cases.add(new Case("GET", SERVICE + "SalesOrders?$top=1", ANNA_AUTH + "\r\nAuthorization: Basic "
                + Base64.getEncoder().encodeToString("ben@bayern-werke:demo".getBytes(StandardCharsets.UTF_8)), null));
        // Bodies.
        String partner = "{\"PartnerNumber\":\"BP-H%d\",\"Name\":\"Hostile\",\"Role\":\"CUSTOMER\"}";
        String[] bodies = {"", "{", "}", "[]", "null", "42", "\"x\"", "{\"Name\":\"x\"}{\"a\":1}", "{\"Name\":\"x\"} garbage",
                "{\"PartnerNumber\":1}", "{\"PartnerNumber\":\"" + "x".repeat(100_000) + "\"}", "[".repeat(100_000),
                "{\"a\":".repeat(5000) + "1" + "}".repeat(5000), "{\"Role\":\"EMPEROR\"}", "{\"ID\":\"abc\"}", "{\"Nope\":1}",
                "{\"Name@odata.type\":\"#Edm.Int32\",\"Name\":\"x\"}", "{\"@odata.type\":\"#DeutschlandStack.Erp.SalesOrder\"}",
                "{\"Customer@odata.bind\":\"garbage\"}", "{\"Customer@odata.bind\":7}", "{\"Customer@odata.bind\":null}",
                "{\"Items\":[{\"ItemNumber\":1}]}", "{\"OrderDate\":\"2026-02-30\"}", "{\"NetAmount\":1e400}",
                "{\"PartnerNumber\":\"\\u0000\"}", "\u00ef\u00bb\u00bf{}", "{\"Name\":\"x\",\"Name\":\"y\"}"};
        for (int i = 0; i < bodies.length; i++) {
            cases.add(write("POST", "BusinessPartners", bodies[i]));
            cases.add(write("POST", "SalesOrders", bodies[i]));
            cases.add(write("PATCH", "SalesOrders(999999999)", bodies[i]));
        }
        cases.add(write("POST", "BusinessPartners", String.format(partner, 1)).withBody("x".repeat(2 * 1024 * 1024)));
        cases.add(new Case("POST", SERVICE + "BusinessPartners", ANNA_AUTH + "\r\nContent-Type: text/plain", "{}"));
        cases.add(new Case("POST", SERVICE + "BusinessPartners", ANNA_AUTH + "\r\nContent-Type: application/xml", "<a/>"));
        // Methods where they do not belong.
        for (String method : new String[]{"PUT", "PATCH", "DELETE", "POST", "OPTIONS", "TRACE", "CONNECT", "PROPFIND", "HEAD"}) {
            cases.add(new Case(method, SERVICE + "SalesOrders", ANNA_AUTH, null));
            cases.add(new Case(method, SERVICE + "$metadata", ANNA_AUTH, null));
        }
        cases.add(new Case("TRACE", "/", ANNA_AUTH, null));
        cases.add(new Case("TRACE", "/odata/", ANNA_AUTH, null));
        cases.add(write("DELETE", "SalesOrders(999999999)", null));
        cases.add(write("PUT", "SalesOrders(1)/OrderNumber", "{\"value\":\"x\"}"));
        cases.add(write("DELETE", "SalesOrders(1)/Note", null));
        return cases;
    }

    @Test
    void everyHostileRequestGetsAPromptAnswerInTheProtocolsFormat() throws Exception {
        List<Case> cases = cases();
        assertThat(cases).hasSizeGreaterThan(400);
        List<String> wrong = new ArrayList<>();
        for (Case c : cases) {
            RawHttp.Response response;
            try {
                response = RawHttp.send(serverRoot(), c.method(), c.target(), c.headers(),
                        c.body() == null ? null : c.body().getBytes(StandardCharsets.UTF_8));
            } catch (Exception e) {
                wrong.add(c + " -> no answer: " + e);
                continue;
            }
            String problem = problem(c, response);
            if (problem != null) {
                wrong.add(c + " -> " + response.status() + " " + problem + ": "
                        + response.body().substring(0, Math.min(200, response.body().length())));
            }
        }
        assertThat(wrong).as("requests answered wrongly").isEmpty();

        // The server is still well: ready, and an ordinary query works.
        RawHttp.Response ready = RawHttp.send("http://127.0.0.1:10090", "GET", "/health/ready", "", null);
        assertThat(ready.status()).isEqualTo(200);
        assertThat(as(ANNA).get("SalesOrders?$top=1&$select=ID").rows()).hasSize(1);
    }

    @Test
    void aBodyOverTheLimitIsA413NamingTheLimit() throws Exception {
        // 2 MiB against the limit of 1 MiB, with its length announced, and as a batch: refused before it is parsed.
        byte[] body = ("{\"Name\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8);
        for (String path : new String[]{"BusinessPartners", "$batch"}) {
            RawHttp.Response response = RawHttp.send(serverRoot(), "POST", SERVICE + path,
                    ANNA_AUTH + "\r\nContent-Type: application/json", body);
            assertThat(response.status()).as(path + ": " + response.body()).isEqualTo(413);
            assertThat(JSON.readTree(response.body()).path("error").path("message").asText())
                    .contains("The body is larger than", "PLATFORM_ODATA_MAX_BODY_BYTES");
        }
        assertThat(as(ANNA).get("BusinessPartners?$filter=startswith(Name,'xxxxxxxx')&$select=ID").rows()).isEmpty();
    }

    @Test
    void aTopBeyondTheMaximumPageSizeIsDeliveredAPageAtATime() {
        // The test server's maximum page size is 50 (25 by default): a client asking for more gets 50 a page.
        ODataClient anna = as(ANNA);
        ODataClient.Response huge = anna.get("SalesOrders?$top=1000000&$select=ID", "Prefer", "odata.maxpagesize=100000");
        assertThat(huge.status()).as(huge.body()).isEqualTo(200);
        assertThat(huge.rows()).hasSize(50);
        assertThat(huge.header("Preference-Applied")).hasValue("odata.maxpagesize=50");
        assertThat(huge.json().path("@odata.nextLink").asText()).isNotEmpty();

        // $top=60: a page of 50, then the 10 that are left, and no link after them.
        ODataClient.Response first = anna.get("SalesOrders?$top=60&$select=ID", "Prefer", "odata.maxpagesize=100000");
        assertThat(first.rows()).hasSize(50);
        ODataClient.Response second = anna.getAbsolute(first.json().path("@odata.nextLink").asText(), "Prefer", "odata.maxpagesize=100000");
        assertThat(second.status()).as(second.body()).isEqualTo(200);
        assertThat(second.rows()).hasSize(10);
        assertThat(second.json().has("@odata.nextLink")).isFalse();
        // Not a whole number written in digits: refused.
        assertThat(anna.get("SalesOrders?$top=-1").status()).isEqualTo(400);
        assertThat(anna.get("SalesOrders?$top=1e3").status()).isEqualTo(400);
    }

    /** What is wrong with the answer, or null when it is right. */
    static String problem(Case c, RawHttp.Response response) {
        int status = response.status();
        if (status >= 500 && status != 501 && status != 505) {
            return "server error";
        }
        if (c.method().equals("TRACE")) {
            // Undertow refuses TRACE before any application code, without a body; what matters is that nothing is echoed.
            return status == 405 && !response.body().contains("Authorization") ? null : "TRACE not refused";
        }
        String body = response.body();
        if (body.contains("Exception") || body.contains("\tat ") || body.contains("at org.") || body.contains("For input string")) {
            return "internals in the body";
        }
        if (status >= 400 && !c.method().equals("HEAD")) {
            try {
                JsonNode error = JSON.readTree(body).path("error");
                if (!error.path("message").isTextual() || error.path("message").asText().isBlank()) {
                    return "no OData error message";
                }
            } catch (Exception e) {
                return "body is not an OData JSON error";
            }
        }
        return null;
    }
}
