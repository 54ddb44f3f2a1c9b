package de.deutschlandstack.platform.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The platform admin onboards, suspends, resumes and offboards tenants through the REST API; tenant admins manage their
 * users; every change holds from the next request. Errors are RFC 7807 problem details.
 */
class TenantLifecycleIT extends PlatformIT {

    private static final String PASSWORD = "kita-passwort-2026";

    /** A tenant id not used before in this database. */
    private static String freshTenant(String prefix) {
        return prefix + "-" + Long.toString(System.nanoTime(), 36);
    }

    private ODataClient operator() {
        return as(OPERATOR);
    }

    /** Onboards the tenant with its first admin {@code chefin@<tenant>}; returns that admin's client. */
    private ODataClient onboard(String tenant) {
        ODataClient.Response created = operator().api("POST", "/admin/tenants", """
                {"tenant": "%s", "name": "Kita Regenbogen", "admin": {"user": "chefin@%s", "password": "%s"}}"""
                .formatted(tenant, tenant, PASSWORD));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.header("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/api/admin/tenants/" + tenant));
        assertThat(created.json().path("status").asText()).isEqualTo("ACTIVE");
        return as("chefin@" + tenant, PASSWORD);
    }

    private static void assertProblem(ODataClient.Response response, int status, String detail) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.header("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(response.json().path("status").asInt()).isEqualTo(status);
        assertThat(response.json().path("detail").asText()).contains(detail);
    }

    @Test
    void anOnboardedTenantWorksAtOnceWithItsDefaultsAndItsOwnData() {
        String tenant = freshTenant("kita");
        ODataClient chefin = onboard(tenant);

        assertThat(chefin.get("Currencies?$filter=Code eq 'EUR'").rows()).hasSize(1);
        assertThat(chefin.get("TaxCodes").rows()).extracting(row -> row.path("Code").asText()).contains("U19", "U7");
        assertThat(chefin.get("SalesOrders").rows()).isEmpty();
        assertThat(chefin.post("BusinessPartners", """
                {"PartnerNumber":"BP-1","Name":"Eltern e.V.","Role":"CUSTOMER","City":"Freising","Country":"DE"}""").status())
                .isEqualTo(201);
        assertThat(chefin.api("GET", "/me", null).json().path("roles")).extracting(JsonNode::asText)
                .containsExactlyInAnyOrder("business-user", "tenant-admin");

        JsonNode listed = operator().api("GET", "/admin/tenants", null).json();
        List<String> tenants = new ArrayList<>();
        listed.forEach(t -> tenants.add(t.path("tenant").asText()));
        assertThat(tenants).contains(tenant, "stadt-muenchen", "bayern-werke", "platform");
    }

    @Test
    void onlyThePlatformAdminManagesTenants() {
        assertProblem(as(ANNA).api("GET", "/admin/tenants", null), 403, "platform-admin");
        assertProblem(as(ANNA).api("POST", "/admin/tenants/bayern-werke/suspend", null), 403, "platform-admin");
        assertProblem(as(LEA).api("POST", "/admin/tenants", "{}"), 403, "platform-admin");
        // The operator reads no tenant's business objects.
        ODataClient.Response books = operator().get("SalesOrders");
        assertThat(books.status()).isEqualTo(403);
        assertThat(books.errorMessage()).contains("Reading SalesOrders needs one of the roles");
    }

    @Test
    void onboardingRefusesTakenIdsAndBadInputAndLeavesNothingBehind() {
        String tenant = freshTenant("amt");
        assertProblem(operator().api("POST", "/admin/tenants", """
                {"tenant": "%s", "admin": {"user": "anna@stadt-muenchen", "password": "%s"}}""".formatted(tenant, PASSWORD)),
                409, "anna@stadt-muenchen is taken");
        assertProblem(operator().api("GET", "/admin/tenants/" + tenant, null), 404, "No tenant " + tenant);
        assertProblem(operator().api("POST", "/admin/tenants", """
                {"tenant": "%s", "admin": {"user": "x@%s", "password": "short"}}""".formatted(tenant, tenant)), 400, "at least 12");
        assertProblem(operator().api("GET", "/admin/tenants/" + tenant, null), 404, "No tenant");
        assertProblem(operator().api("POST", "/admin/tenants", """
                {"tenant": "Amt_Eins", "admin": {"user": "x@y", "password": "%s"}}""".formatted(PASSWORD)), 400, "lower-case");
        assertProblem(operator().api("POST", "/admin/tenants", """
                {"tenant": "stadt-muenchen", "admin": {"user": "neu@stadt-muenchen", "password": "%s"}}""".formatted(PASSWORD)),
                409, "stadt-muenchen is taken");
        assertProblem(operator().api("POST", "/admin/tenants", "{\"tenant\": "), 400, "not the JSON");
        assertProblem(operator().api("POST", "/admin/tenants", "{\"tenant\": \"" + tenant + "\"}"), 400, "admin");
        assertProblem(operator().api("GET", "/admin/nothing-here", null), 404, "Not Found");
    }

    @Test
    void aSuspendedTenantIsRefusedFromTheNextRequestUntilResumed() {
        String tenant = freshTenant("werk");
        ODataClient chefin = onboard(tenant);
        assertThat(chefin.get("Products").status()).isEqualTo(200);

        assertThat(operator().api("POST", "/admin/tenants/" + tenant + "/suspend", null).json().path("status").asText())
                .isEqualTo("SUSPENDED");
        ODataClient.Response refused = chefin.get("Products");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.errorMessage()).contains("Tenant " + tenant + " is suspended");
        assertProblem(chefin.api("GET", "/me", null), 403, "suspended");
        assertProblem(operator().api("POST", "/admin/tenants/" + tenant + "/suspend", null), 409, "is SUSPENDED");
        // Other tenants work on.
        assertThat(as(ANNA).get("Products?$top=1").status()).isEqualTo(200);

        assertThat(operator().api("POST", "/admin/tenants/" + tenant + "/resume", null).json().path("status").asText())
                .isEqualTo("ACTIVE");
        assertThat(chefin.get("Products").status()).isEqualTo(200);
        assertProblem(operator().api("POST", "/admin/tenants/platform/suspend", null), 409, "stays active");
        assertProblem(operator().api("POST", "/admin/tenants/no-such-tenant/suspend", null), 404, "No tenant");
    }

    @Test
    void offboardingErasesTheTenantAndKeepsATombstone() throws InterruptedException {
        String tenant = freshTenant("alt");
        ODataClient chefin = onboard(tenant);
        assertThat(chefin.post("BusinessPartners", """
                {"PartnerNumber":"BP-9","Name":"Letzter Kunde","Role":"CUSTOMER","City":"Passau","Country":"DE"}""").status())
                .isEqualTo(201);
        // A model of its own: its rows in the registry, its files in the server's model store (no PLATFORM_AI_MODEL_DIR here).
        ODataClient.Response model = chefin.aiUpload("/models?name=belegung&version=1",
                AiModels.tabularNetwork("kinder,gruppen", "auslastung", new int[]{4}, "").zip(), "application/zip");
        assertThat(model.status()).as(model.body()).isEqualTo(201);
        java.nio.file.Path models = java.nio.file.Path.of(System.getProperty("jboss.home"), "standalone", "data", "ai", "models", tenant);
        assertThat(models.resolve("belegung").resolve("1").resolve("serving.properties")).isRegularFile();

        ODataClient.Response started = operator().api("POST", "/admin/tenants/" + tenant + "/offboard", null);
        assertThat(started.status()).isIn(200, 202);
        JsonNode view = started.json();
        for (int i = 0; i < 240 && !view.path("status").asText().equals("OFFBOARDED"); i++) {
            Thread.sleep(250);
            view = operator().api("GET", "/admin/tenants/" + tenant, null).json();
        }
        assertThat(view.path("status").asText()).isEqualTo("OFFBOARDED");
        assertThat(view.path("name").isNull() || view.path("name").isMissingNode()).as(view.toString()).isTrue();
        assertThat(view.path("erased")).extracting(JsonNode::asText).contains("ai-models", "database", "lake");
        // The model store holds nothing of it any more.
        assertThat(models).doesNotExist();

        // Nothing of it is left in the database but the tombstone.
        try (java.sql.Connection db = java.sql.DriverManager.getConnection(System.getProperty("it.db.url"),
                System.getProperty("it.db.user"), System.getProperty("it.db.password"))) {
            for (String table : List.of("business_partner", "currency", "tax_code", "gl_account", "change_log", "platform_user",
                    "audit_record", "audit_chain", "ai_model_version", "ai_training_job", "ai_module_enablement")) {
                try (java.sql.PreparedStatement count = db.prepareStatement("select count(*) from " + table + " where tenant = ?")) {
                    count.setString(1, tenant);
                    try (java.sql.ResultSet rows = count.executeQuery()) {
                        rows.next();
                        assertThat(rows.getLong(1)).as(table).isZero();
                    }
                }
            }
            try (java.sql.PreparedStatement tombstone = db.prepareStatement("select count(*) from platform_tenant where tenant = ?")) {
                tombstone.setString(1, tenant);
                try (java.sql.ResultSet rows = tombstone.executeQuery()) {
                    rows.next();
                    assertThat(rows.getLong(1)).isOne();
                }
            }
        } catch (java.sql.SQLException e) {
            throw new AssertionError(e);
        }

        // Its users are gone with its data; asking again changes nothing; its id stays taken.
        assertThat(chefin.get("BusinessPartners").status()).isEqualTo(401);
        ODataClient.Response again = operator().api("POST", "/admin/tenants/" + tenant + "/offboard", null);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().path("status").asText()).isEqualTo("OFFBOARDED");
        assertProblem(operator().api("POST", "/admin/tenants/" + tenant + "/resume", null), 409, "OFFBOARDED");
        assertProblem(operator().api("POST", "/admin/tenants", """
                {"tenant": "%s", "admin": {"user": "neu@%s", "password": "%s"}}""".formatted(tenant, tenant, PASSWORD)), 409, "taken");
    }

    @Test
    void userChangesHoldFromTheNextRequest() {
        String tenant = freshTenant("hof");
        ODataClient chefin = onboard(tenant);
        String max = "max@" + tenant;
        ODataClient.Response created = chefin.api("POST", "/admin/tenants/" + tenant + "/users", """
                {"user": "%s", "password": "%s", "roles": ["business-user"]}""".formatted(max, PASSWORD));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(as(max, PASSWORD).get("Products").status()).isEqualTo(200);

        // A new password: the old one fails at once (the five-minute memory of verified logins is dropped).
        String newPassword = "ein-neues-passwort-1";
        assertThat(chefin.api("PATCH", "/admin/tenants/" + tenant + "/users/" + max, "{\"password\": \"" + newPassword + "\"}").status())
                .isEqualTo(200);
        assertThat(as(max, PASSWORD).get("Products").status()).isEqualTo(401);
        assertThat(as(max, newPassword).get("Products").status()).isEqualTo(200);

        // Fewer roles: the next write is refused.
        assertThat(chefin.api("PATCH", "/admin/tenants/" + tenant + "/users/" + max, "{\"roles\": [\"read-only\"]}").status())
                .isEqualTo(200);
        ODataClient.Response write = as(max, newPassword).post("BusinessPartners", """
                {"PartnerNumber":"BP-2","Name":"X","Role":"CUSTOMER","City":"Y","Country":"DE"}""");
        assertThat(write.status()).isEqualTo(403);
        assertThat(write.errorMessage()).isEqualTo("Changing BusinessPartners needs one of the roles business-user, tenant-admin");

        // Disabled: refused at the next request.
        assertThat(chefin.api("PATCH", "/admin/tenants/" + tenant + "/users/" + max, "{\"enabled\": false}").status()).isEqualTo(200);
        assertThat(as(max, newPassword).get("Products").status()).isEqualTo(401);

        // The own password, proving the current one.
        assertProblem(chefin.api("POST", "/me/password", "{\"currentPassword\": \"wrong\", \"newPassword\": \"" + newPassword + "\"}"),
                403, "not correct");
        assertThat(chefin.api("POST", "/me/password", "{\"currentPassword\": \"" + PASSWORD + "\", \"newPassword\": \"" + newPassword + "\"}")
                .status()).isEqualTo(204);
        assertThat(chefin.get("Products").status()).isEqualTo(401);
        ODataClient chefinNow = as("chefin@" + tenant, newPassword);
        assertThat(chefinNow.get("Products").status()).isEqualTo(200);

        // A tenant admin manages their own tenant only, gives no platform role, and cannot lock themselves out.
        assertProblem(chefinNow.api("GET", "/admin/tenants/stadt-muenchen/users", null), 403, "tenant-admin of that tenant");
        assertProblem(chefinNow.api("POST", "/admin/tenants/" + tenant + "/users", """
                {"user": "boss@%s", "password": "%s", "roles": ["platform-admin"]}""".formatted(tenant, PASSWORD)), 400, "platform-admin");
        assertProblem(chefinNow.api("POST", "/admin/tenants/" + tenant + "/users", """
                {"user": "leer@%s", "password": "%s", "roles": [null]}""".formatted(tenant, PASSWORD)), 400, "Roles are");
        assertProblem(chefinNow.api("PATCH", "/admin/tenants/" + tenant + "/users/chefin@" + tenant, "{\"enabled\": false}"),
                400, "cannot disable themselves");
        assertProblem(chefinNow.api("PATCH", "/admin/tenants/" + tenant + "/users/anna@stadt-muenchen", "{\"enabled\": false}"),
                404, "No user");

        // The platform admin sees the tenant's users, changes none of them, and may only add a new tenant admin
        // (break-glass), which the tenant's own trail records.
        assertThat(as(OPERATOR).api("GET", "/admin/tenants/" + tenant + "/users", null).status()).isEqualTo(200);
        assertProblem(as(OPERATOR).api("PATCH", "/admin/tenants/" + tenant + "/users/chefin@" + tenant, "{\"password\": \"operator-kennt-es-1\"}"),
                403, "tenant-admin of that tenant");
        assertProblem(as(OPERATOR).api("POST", "/admin/tenants/" + tenant + "/users", """
                {"user": "op@%s", "password": "%s", "roles": ["business-user"]}""".formatted(tenant, PASSWORD)), 403, "new admin");
        assertThat(as(OPERATOR).api("POST", "/admin/tenants/" + tenant + "/users", """
                {"user": "notfall@%s", "password": "%s", "roles": ["tenant-admin"]}""".formatted(tenant, PASSWORD)).status()).isEqualTo(201);
        assertThat(chefinNow.api("GET", "/admin/tenants/" + tenant + "/users", null).body()).contains("notfall@" + tenant);
    }
}
