package de.deutschlandstack.platform.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The audit trail: changes, actions, reads of personal data, refusals, failed logins and permission changes are
 * recorded with who and when but without personal values; auditors read their own tenant's trail through OData,
 * filtered by time, user and object, never another tenant's, and nobody can change it through any API; a record edited
 * or deleted in the database is found by the chain's verification.
 */
class AuditIT extends PlatformIT {

    private static final String AUDIT = "/odata/v4/audit/";
    private static final String PASSWORD = "audit-passwort-2026";

    /** The audit records the client may read that match the filter, oldest first (the first page). */
    private List<JsonNode> records(ODataClient auditor, String filter) {
        return records(auditor, filter, "Seq");
    }

    private List<JsonNode> records(ODataClient auditor, String filter, String orderBy) {
        ODataClient.Response response = auditor.getAbsolute(serverRoot() + AUDIT + "AuditRecords?$orderby="
                + orderBy.replace(" ", "%20") + "&$filter="
                + java.net.URLEncoder.encode(filter, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20"));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        List<JsonNode> rows = new ArrayList<>();
        response.json().path("value").forEach(rows::add);
        return rows;
    }

    private static List<String> actions(List<JsonNode> rows) {
        return rows.stream().map(r -> r.path("Action").asText()).toList();
    }

    @Test
    void changesAndActionsAreRecordedWithWhoAndWhen() {
        ODataClient anna = as(ANNA);
        String partner = anna.post("BusinessPartners", """
                {"PartnerNumber":"BP-AUDIT-1","Name":"Prüfstelle","Role":"CUSTOMER","City":"Ulm","Country":"DE"}""")
                .json().path("ID").asText();
        assertThat(anna.patch("BusinessPartners(" + partner + ")", "{\"City\":\"Neu-Ulm\"}").status()).isEqualTo(200);
        String order = anna.post("SalesOrders", """
                {"OrderNumber":"SM-AUDIT-1","OrderDate":"2026-11-27","Customer@odata.bind":"BusinessPartners(%s)"}""".formatted(partner))
                .json().path("ID").asText();
        assertThat(anna.post("SalesOrders(" + order + ")/Items", "{\"ItemNumber\":10,\"Quantity\":1,\"Product@odata.bind\":\"Products(1)\"}")
                .status()).isEqualTo(201);
        assertThat(anna.post("SalesOrders(" + order + ")/DeutschlandStack.Erp.Release", "{}").status()).isEqualTo(200);

        ODataClient otto = as(OTTO);
        // (The partner's e-mail is personal data: the answers to Anna's writes are recorded as READ besides.)
        List<JsonNode> onPartner = records(otto, "Kind eq 'DATA_CHANGE' and ObjectType eq 'BusinessPartners' and ObjectKey eq '" + partner + "'");
        assertThat(actions(onPartner)).containsExactly("CREATED", "UPDATED");
        assertThat(onPartner).allSatisfy(r -> {
            assertThat(r.path("Actor").asText()).isEqualTo(ANNA);
            assertThat(r.path("Kind").asText()).isEqualTo("DATA_CHANGE");
            assertThat(r.path("RecordedAt").asText()).startsWith("20");
            assertThat(r.path("Hash").asText()).hasSize(64);
        });
        assertThat(actions(records(otto, "Kind eq 'DATA_CHANGE' and ObjectType eq 'SalesOrders' and ObjectKey eq '" + order + "'")))
                .containsExactly("CREATED", "ACTION Release");
    }

    @Test
    void readsOfPersonalDataAreRecordedWithoutTheirValues() {
        String partner = as(ANNA).get("BusinessPartners?$top=1&$select=ID").rows().get(0).path("ID").asText();
        // Created without the entity in the answer, so that only the GET below reads it.
        assertThat(as(ANNA).post("ContactPersons", """
                {"FirstName":"Wilhelmine","LastName":"Vertraulich","Partner@odata.bind":"BusinessPartners(%s)"}""".formatted(partner),
                "Prefer", "return=minimal").status()).isEqualTo(204);
        List<JsonNode> before = records(as(OTTO), "Kind eq 'PERSONAL_DATA_READ' and Actor eq '" + ANNA + "'", "Seq desc");
        long last = before.isEmpty() ? 0 : before.get(0).path("Seq").asLong();
        JsonNode people = as(ANNA).get("ContactPersons?$filter=LastName eq 'Vertraulich'&$select=ID,FirstName,LastName")
                .json().path("value");
        String lastName = people.get(0).path("LastName").asText();
        // Recorded when the request has ended, in a transaction of its own: a moment after the client has its answer.
        String recorded = "Kind eq 'PERSONAL_DATA_READ' and Actor eq '" + ANNA + "' and ObjectType eq 'ContactPersons' and Seq gt " + last;
        List<JsonNode> reads = records(as(OTTO), recorded, "Seq desc");
        for (int wait = 0; wait < 50 && reads.isEmpty(); wait++) {
            sleep(100);
            reads = records(as(OTTO), recorded, "Seq desc");
        }
        assertThat(reads).hasSize(1);
        assertThat(reads.get(0).path("Detail").asText()).contains("FirstName").contains("LastName")
                .contains(people.get(0).path("ID").asText()).doesNotContain(lastName);
    }

    @Test
    void refusalsFailedLoginsAndPermissionChangesAreRecorded() {
        assertThat(as(LEA).post("BusinessPartners", """
                {"PartnerNumber":"BP-AUDIT-2","Name":"X","Role":"CUSTOMER","City":"Y","Country":"DE"}""").status()).isEqualTo(403);
        assertThat(as(LEA, "falsch").get("Products").status()).isEqualTo(401);
        ODataClient otto = as(OTTO);
        List<JsonNode> denied = records(otto, "Action eq 'ACCESS_DENIED' and Actor eq '" + LEA + "'", "Seq desc");
        assertThat(denied).isNotEmpty();
        assertThat(denied.get(0).path("Detail").asText()).isEqualTo("Changing BusinessPartners needs one of the roles business-user, tenant-admin");
        // A refused part of a $batch (which answers 200) is recorded too.
        assertThat(as(LEA).send("POST", "$batch", """
                {"requests":[{"id":"1","method":"DELETE","url":"Products(1)","headers":{"if-match":"*"}}]}""", "application/json")
                .json().path("responses").get(0).path("status").asInt()).isEqualTo(403);
        assertThat(records(otto, "Action eq 'ACCESS_DENIED' and Actor eq '" + LEA + "'", "Seq desc").get(0).path("Detail").asText())
                .isEqualTo("Changing Products needs one of the roles business-user, tenant-admin");
        assertThat(records(otto, "Action eq 'LOGIN_FAILED' and ObjectKey eq '" + LEA + "'")).isNotEmpty();

        String tenant = onboardTenant("pruef", PASSWORD);
        ODataClient chef = as("chef@" + tenant, PASSWORD);
        assertThat(chef.api("POST", "/admin/tenants/" + tenant + "/users", """
                {"user": "revisor@%s", "password": "%s", "roles": ["auditor"]}""".formatted(tenant, PASSWORD)).status()).isEqualTo(201);
        List<JsonNode> permissions = records(as("revisor@" + tenant, PASSWORD), "Kind eq 'PERMISSION' or Kind eq 'CONFIGURATION'");
        assertThat(actions(permissions)).containsExactly("TENANT_ONBOARDED", "USER_CREATED");
        assertThat(permissions.get(0).path("Actor").asText()).isEqualTo(OPERATOR);
        assertThat(permissions.get(1).path("Detail").asText()).isEqualTo("roles auditor");
    }

    @Test
    void nobodyReadsOrChangesTheTrailWithoutTheRoleAndNobodyChangesItAtAll() {
        assertThat(as(ANNA).getAbsolute(serverRoot() + AUDIT + "AuditRecords").status()).isEqualTo(403);
        assertThat(as(OPERATOR).getAbsolute(serverRoot() + AUDIT + "AuditRecords").status()).isEqualTo(403);
        assertThat(as(ANNA).post("CostCenters", "{\"CostCenterNumber\":\"AUD-1\",\"Name\":\"Revision\"}").status()).isEqualTo(201);
        String first = records(as(OTTO), "Seq eq 1").get(0).path("ID").asText();
        for (ODataClient client : List.of(as(OTTO), as(ANNA))) {
            assertThat(client.absolute("PATCH", serverRoot() + AUDIT + "AuditRecords(" + first + ")", "{\"Actor\":\"x\"}", "If-Match", "*").status())
                    .isIn(403, 405);
            assertThat(client.absolute("DELETE", serverRoot() + AUDIT + "AuditRecords(" + first + ")", null, "If-Match", "*").status())
                    .isIn(403, 405);
            assertThat(client.absolute("POST", serverRoot() + AUDIT + "AuditRecords", "{\"Actor\":\"x\"}").status()).isIn(403, 405);
        }
    }

    /** Gives the tenant an auditor, {@code revisor@<tenant>}, and returns a client of theirs. */
    private ODataClient auditorOf(String tenant) {
        assertThat(as("chef@" + tenant, PASSWORD).api("POST", "/admin/tenants/" + tenant + "/users", """
                {"user": "revisor@%s", "password": "%s", "roles": ["auditor"]}""".formatted(tenant, PASSWORD)).status()).isEqualTo(201);
        return as("revisor@" + tenant, PASSWORD);
    }

    private static List<Long> seqs(List<JsonNode> rows) {
        return rows.stream().map(r -> r.path("Seq").asLong()).toList();
    }

    @Test
    void auditorsFilterTheTrailByTime() {
        String tenant = onboardTenant("zeit", PASSWORD);
        ODataClient chef = as("chef@" + tenant, PASSWORD);
        for (int i = 1; i <= 4; i++) {
            sleep(20);
            assertThat(chef.post("CostCenters", "{\"CostCenterNumber\":\"Z" + i + "\",\"Name\":\"Zeitraum " + i + "\"}").status())
                    .isEqualTo(201);
        }
        ODataClient revisor = auditorOf(tenant);
        List<JsonNode> all = records(revisor, "Seq ge 1");
        // (Each answer to a creation is recorded as a READ besides, at the request's end.)
        List<JsonNode> created = all.stream().filter(r -> r.path("ObjectType").asText().equals("CostCenters")
                && r.path("Action").asText().equals("CREATED")).toList();
        assertThat(actions(created)).containsExactly("CREATED", "CREATED", "CREATED", "CREATED");
        java.util.function.Function<JsonNode, java.time.Instant> time = r -> java.time.Instant.parse(r.path("RecordedAt").asText());

        // From the second cost center's time to the fourth's, both included; and the same bounds exclusive, and open.
        java.time.Instant from = time.apply(created.get(1));
        java.time.Instant to = time.apply(created.get(3));
        List<Long> within = seqs(records(revisor, "RecordedAt ge " + from + " and RecordedAt le " + to));
        assertThat(within).containsExactlyElementsOf(seqs(all.stream().filter(r -> !time.apply(r).isBefore(from) && !time.apply(r).isAfter(to)).toList()))
                .contains(created.get(1).path("Seq").asLong(), created.get(2).path("Seq").asLong(), created.get(3).path("Seq").asLong())
                .doesNotContain(created.get(0).path("Seq").asLong(), 1L);
        assertThat(seqs(records(revisor, "RecordedAt gt " + from + " and RecordedAt lt " + to)))
                .containsExactlyElementsOf(seqs(all.stream().filter(r -> time.apply(r).isAfter(from) && time.apply(r).isBefore(to)).toList()))
                .contains(created.get(2).path("Seq").asLong());
        assertThat(seqs(records(revisor, "RecordedAt lt " + from)))
                .containsExactlyElementsOf(seqs(all.stream().filter(r -> time.apply(r).isBefore(from)).toList()))
                .contains(1L, created.get(0).path("Seq").asLong());
        // With the user and the kind of record, as an auditor asks: what did the chef change in that time.
        List<JsonNode> changes = records(revisor, "RecordedAt ge " + from + " and RecordedAt le " + to
                + " and Actor eq 'chef@" + tenant + "' and Kind eq 'DATA_CHANGE'");
        assertThat(seqs(changes)).containsExactly(created.get(1).path("Seq").asLong(), created.get(2).path("Seq").asLong(),
                created.get(3).path("Seq").asLong());
        // A time before the tenant existed finds nothing of it, nor one an hour ahead; a time that is none is a 400.
        assertThat(records(revisor, "RecordedAt lt 2000-01-01T00:00:00Z")).isEmpty();
        assertThat(records(revisor, "RecordedAt gt " + java.time.Instant.now().plusSeconds(3600))).isEmpty();
        ODataClient.Response notATime = revisor.getAbsolute(serverRoot() + AUDIT + "AuditRecords?$filter=RecordedAt%20ge%20%27gestern%27");
        assertThat(notATime.status()).as(notATime.body()).isEqualTo(400);
    }

    @Test
    void anAuditorOfOneTenantReadsNoRecordOfAnother() throws SQLException {
        String theirs = tenantWithCostCenters("fremd", 3);
        ODataClient theirAuditor = auditorOf(theirs);
        List<JsonNode> theirRecords = records(theirAuditor, "Seq ge 1");
        assertThat(theirRecords).hasSizeGreaterThanOrEqualTo(5);

        // Otto audits stadt-muenchen: not one of the other tenant's records, however asked for.
        ODataClient otto = as(OTTO);
        for (JsonNode record : theirRecords) {
            String id = record.path("ID").asText();
            String hash = record.path("Hash").asText();
            ODataClient.Response one = otto.getAbsolute(serverRoot() + AUDIT + "AuditRecords(" + id + ")");
            assertThat(one.status()).as(one.body()).isEqualTo(404);
            assertThat(one.body()).doesNotContain(hash);
            assertThat(otto.getAbsolute(serverRoot() + AUDIT + "AuditRecords(" + id + ")/Detail").status()).isEqualTo(404);
            assertThat(records(otto, "ID eq " + id)).isEmpty();
            assertThat(records(otto, "Hash eq '" + hash + "'")).isEmpty();
            ODataClient.Response counted = otto.getAbsolute(serverRoot() + AUDIT + "AuditRecords/$count?$filter=ID%20eq%20" + id);
            assertThat(counted.body().trim()).isEqualTo("0");
        }
        assertThat(records(otto, "Actor eq 'chef@" + theirs + "'")).isEmpty();
        assertThat(records(otto, "startswith(ObjectKey,'" + theirs + "') or contains(Detail,'" + theirs + "')")).isEmpty();
        // Their auditor reads their own trail, and nothing of Otto's tenant.
        // A record of Otto's tenant (Lea's refused write, should the trail still be empty).
        assertThat(as(LEA).post("CostCenters", "{\"CostCenterNumber\":\"X\",\"Name\":\"X\"}").status()).isEqualTo(403);
        List<JsonNode> ottosRecords = records(otto, "Seq ge 1");
        for (int wait = 0; wait < 50 && ottosRecords.isEmpty(); wait++) {
            sleep(100);
            ottosRecords = records(otto, "Seq ge 1");
        }
        String ottos = ottosRecords.get(0).path("ID").asText();
        assertThat(theirAuditor.getAbsolute(serverRoot() + AUDIT + "AuditRecords(" + ottos + ")").status()).isEqualTo(404);
        assertThat(records(theirAuditor, "ID eq " + ottos)).isEmpty();
        assertThat(theirRecords).allSatisfy(r -> assertThat(r.path("Actor").asText()).isIn(OPERATOR, "chef@" + theirs));

        // Each verification walks its caller's chain: their chain broken shows in theirs alone, whatever Otto names.
        try (Connection db = tamperer();
             PreparedStatement edit = db.prepareStatement("update audit_record set detail = 'verfaelscht' where tenant = ? and seq = 2")) {
            edit.setString(1, theirs);
            assertThat(edit.executeUpdate()).isOne();
        }
        JsonNode broken = theirAuditor.api("GET", "/audit/verify", null).json();
        assertThat(broken.path("intact").asBoolean()).as(broken.toString()).isFalse();
        assertThat(broken.path("firstBrokenSeq").asLong()).isEqualTo(2);
        for (String named : List.of("", "?tenant=" + theirs)) {
            JsonNode ottosChain = otto.api("GET", "/audit/verify" + named, null).json();
            assertThat(ottosChain.path("intact").asBoolean()).as(named + ": " + ottosChain).isTrue();
            assertThat(ottosChain.path("verified").asLong()).as(named).isGreaterThanOrEqualTo(1);
        }
    }

    /**
     * The database's superuser, with triggers off (PostgreSQL: the append-only trigger binds everyone else): the one
     * who can still change the table, and whom the hash chain exposes.
     */
    private static Connection tamperer() throws SQLException {
        Connection db = DriverManager.getConnection(System.getProperty("it.db.url"), System.getProperty("it.db.user"),
                System.getProperty("it.db.password"));
        if ("postgresql".equals(System.getProperty("it.database"))) {
            try (Statement sql = db.createStatement()) {
                sql.execute("set session_replication_role = replica");
            }
        }
        return db;
    }

    @Test
    void thePlatformsOwnDatabaseUserCannotChangeOrDeleteARecord() throws SQLException {
        assumeTrue("postgresql".equals(System.getProperty("it.database")), "the append-only trigger is PostgreSQL's");
        String tenant = onboardTenant("anhaengen", PASSWORD);
        assertThat(as("chef@" + tenant, PASSWORD).post("CostCenters", "{\"CostCenterNumber\":\"A1\",\"Name\":\"Eins\"}").status())
                .isEqualTo(201);
        try (Connection db = DriverManager.getConnection(System.getProperty("it.db.url"), "platform", "platform");
             Statement sql = db.createStatement()) {
            sql.execute("select set_config('platform.tenant', '" + tenant + "', false)");
            assertThat(count(sql, "select count(*) from audit_record")).as("the user sees the tenant's records").isPositive();
            // The platform's user may read and append; the schema belongs to another (PLATFORM_DB_OWNER_USER).
            for (String write : List.of("update audit_record set actor = 'mallory'", "delete from audit_record",
                    "delete from audit_record where seq = (select max(seq) from audit_record)", "truncate audit_record",
                    "alter table audit_record disable trigger audit_record_append_only",
                    "alter table audit_record no force row level security",
                    "update audit_chain set last_seq = 1", "update audit_chain set last_hash = 'x'", "delete from audit_chain",
                    "select platform_erase_audit_record('" + tenant + "')",
                    "delete from platform_tenant where tenant = '" + tenant + "'",
                    // A temporary registry that says the tenant is offboarding does not fool the owner's function.
                    "create temp table platform_tenant as select tenant, 'OFFBOARDING'::varchar as status from public.platform_tenant;"
                            + " grant select on platform_tenant to public; select platform_erase_audit_record('" + tenant + "')",
                    // Nor does marking it offboarding in the real registry and back: offboarding is one way.
                    "begin; update platform_tenant set status = 'OFFBOARDING' where tenant = '" + tenant + "';"
                            + " update platform_tenant set status = 'ACTIVE' where tenant = '" + tenant + "'; commit")) {
                assertThatThrownBy(() -> sql.execute(write)).as(write).isInstanceOf(SQLException.class)
                        .hasMessageMatching("(?s).*(permission denied|must be owner|append-only|only moves forward|only while|one way).*");
            }
        }
        JsonNode verified = as("chef@" + tenant, PASSWORD).api("GET", "/audit/verify", null).json();
        assertThat(verified.path("intact").asBoolean()).as(verified.toString()).isTrue();
    }

    private static long count(Statement sql, String query) throws SQLException {
        try (ResultSet row = sql.executeQuery(query)) {
            row.next();
            return row.getLong(1);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A tenant of its own whose chef created that many cost centers: a chain of the onboarding and those records. */
    private String tenantWithCostCenters(String prefix, int costCenters) {
        String tenant = onboardTenant(prefix, PASSWORD);
        ODataClient chef = as("chef@" + tenant, PASSWORD);
        for (int i = 1; i <= costCenters; i++) {
            assertThat(chef.post("CostCenters", "{\"CostCenterNumber\":\"K" + i + "\",\"Name\":\"Kostenstelle " + i + "\"}").status())
                    .isEqualTo(201);
        }
        return tenant;
    }

    @Test
    void aLongChainIsWalkedInBoundedStepsThatStillFindABrokenLink() throws SQLException {
        String tenant = tenantWithCostCenters("schritte", 4);
        ODataClient chef = as("chef@" + tenant, PASSWORD);
        JsonNode whole = chef.api("GET", "/audit/verify", null).json();
        long records = whole.path("verified").asLong();
        assertThat(whole.path("intact").asBoolean()).as(whole.toString()).isTrue();
        assertThat(whole.hasNonNull("next")).isFalse();
        assertThat(records).isGreaterThanOrEqualTo(5);

        long from = 1;
        int steps = 0;
        JsonNode step;
        do {
            step = chef.api("GET", "/audit/verify?from=" + from + "&limit=2", null).json();
            assertThat(step.path("intact").asBoolean()).as(step.toString()).isTrue();
            assertThat(step.path("verified").asLong()).isEqualTo(Math.min(from + 1, records));
            from = step.path("next").asLong();
            steps++;
        } while (step.hasNonNull("next"));
        assertThat(steps).isEqualTo((int) ((records + 1) / 2));

        try (Connection db = tamperer();
             PreparedStatement edit = db.prepareStatement("update audit_record set detail = 'nichts' where tenant = ? and seq = 4")) {
            edit.setString(1, tenant);
            assertThat(edit.executeUpdate()).isOne();
        }
        assertThat(chef.api("GET", "/audit/verify?from=1&limit=3", null).json().path("intact").asBoolean()).isTrue();
        JsonNode broken = chef.api("GET", "/audit/verify?from=4&limit=3", null).json();
        assertThat(broken.path("intact").asBoolean()).isFalse();
        assertThat(broken.path("firstBrokenSeq").asLong()).isEqualTo(4);

        JsonNode tail = chef.api("GET", "/audit/verify?from=4&limit=3", null).json();
        assertThat(tail.path("from").asLong()).as("a walk says where it began").isEqualTo(4);
        for (String bad : List.of("?from=0", "?from=x", "?limit=0", "?from=" + (records + 2))) {
            ODataClient.Response refused = chef.api("GET", "/audit/verify" + bad, null);
            assertThat(refused.status()).as(bad).isEqualTo(400);
            assertThat(refused.header("Content-Type").orElse("")).as(bad).startsWith("application/problem+json");
        }
    }

    @Test
    void aRecordEditedOrDeletedInTheDatabaseBreaksTheChainThere() throws SQLException {
        String tenant = tenantWithCostCenters("kette", 3);
        ODataClient chef = as("chef@" + tenant, PASSWORD);
        JsonNode intact = chef.api("GET", "/audit/verify", null).json();
        assertThat(intact.path("intact").asBoolean()).as(intact.toString()).isTrue();
        assertThat(intact.path("verified").asLong()).isGreaterThanOrEqualTo(4);

        try (Connection db = tamperer();
             PreparedStatement edit = db.prepareStatement("update audit_record set actor = 'mallory' where tenant = ? and seq = 3")) {
            edit.setString(1, tenant);
            assertThat(edit.executeUpdate()).isOne();
        }
        JsonNode edited = chef.api("GET", "/audit/verify", null).json();
        assertThat(edited.path("intact").asBoolean()).isFalse();
        assertThat(edited.path("firstBrokenSeq").asLong()).isEqualTo(3);
        assertThat(edited.path("verified").asLong()).isEqualTo(2);
        assertThat(edited.path("reason").asText()).contains("changed after it was written");

        try (Connection db = tamperer();
             PreparedStatement delete = db.prepareStatement("delete from audit_record where tenant = ? and seq = 2")) {
            delete.setString(1, tenant);
            assertThat(delete.executeUpdate()).isOne();
        }
        JsonNode deleted = chef.api("GET", "/audit/verify", null).json();
        assertThat(deleted.path("firstBrokenSeq").asLong()).isEqualTo(2);
        assertThat(deleted.path("reason").asText()).contains("missing");
        assertThat(as(LEA).api("GET", "/audit/verify", null).status()).isEqualTo(403);
    }
}
