package de.deutschlandstack.platform.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The backup and restore of docs/operations.md, as an operator runs it: {@code pg_dump} of a running platform's database
 * while a user keeps writing, {@code pg_restore} into the empty database of a fresh PostgreSQL ("an empty machine"), a
 * platform node started on it with the same settings, and the same users reading the same data there: their business
 * objects, their logins, their audit trail intact, the database's row-level security and the audit trail's protection
 * restored with the schema.
 */
class BackupRestoreIT {

    private static final int ORIGINAL_PG = 15438;
    private static final int RESTORED_PG = 15439;
    private static final String TENANT = "backup-test";
    private static final String CHEF = "chef@" + TENANT;
    private static final String PASSWORD = "backup-test-passwort-1";
    private static final String OPERATOR_PASSWORD = "backup-test-operator-1";

    private final List<PlatformNode> nodes = new ArrayList<>();

    @AfterEach
    void stopAll() throws Exception {
        for (PlatformNode node : nodes) {
            node.kill();
        }
        TestPostgres.run("stop", ORIGINAL_PG);
        TestPostgres.run("stop", RESTORED_PG);
    }

    @Test
    void aBackupTakenWhileThePlatformRunsRestoresOntoAnEmptyMachineWithTheSameDataForTheSameUsers() throws Exception {
        assumeTrue("postgresql".equals(System.getProperty("it.database")), "the backup is PostgreSQL's");
        TestPostgres.run("start", ORIGINAL_PG);
        PlatformNode original = node("backup-original-node", 460, ORIGINAL_PG);
        original.start();
        ODataClient operator = new ODataClient(original.root(), "operator@platform", OPERATOR_PASSWORD);
        assertThat(operator.api("POST", "/admin/tenants", """
                {"tenant": "%s", "admin": {"user": "%s", "password": "%s"}}""".formatted(TENANT, CHEF, PASSWORD)).status()).isEqualTo(201);
        ODataClient chef = new ODataClient(original.root(), CHEF, PASSWORD);
        for (int i = 1; i <= 5; i++) {
            assertThat(chef.post("BusinessPartners", """
                    {"PartnerNumber": "BP-B%d", "Name": "Sicherung %d", "Role": "CUSTOMER", "City": "Regensburg", "Country": "DE"}"""
                    .formatted(i, i)).status()).isEqualTo(201);
        }
        String partnersBefore = chef.get("BusinessPartners?$orderby=ID&$select=ID,PartnerNumber,Name,City").body();

        // A user keeps writing while the backup runs.
        ConcurrentLinkedQueue<String> acknowledged = new ConcurrentLinkedQueue<>();
        AtomicBoolean writing = new AtomicBoolean(true);
        Thread writer = new Thread(() -> {
            for (int n = 1; writing.get(); n++) {
                ODataClient.Response created = chef.post("CostCenters", """
                        {"CostCenterNumber": "B-%d", "Name": "Während der Sicherung"}""".formatted(n));
                if (created.status() == 201) {
                    acknowledged.add("B-" + n);
                }
            }
        });
        writer.start();
        long deadline = System.currentTimeMillis() + 60_000;
        while (acknowledged.size() < 20 && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertThat(acknowledged).as("writes before the backup").hasSizeGreaterThanOrEqualTo(20);
        List<String> acknowledgedBeforeBackup = List.copyOf(acknowledged);
        Path dump = Path.of("target", "backup-test.dump").toAbsolutePath();
        Files.deleteIfExists(dump);
        TestPostgres.run("backup", ORIGINAL_PG, dump.toString());
        int acknowledgedDuringBackup = acknowledged.size() - acknowledgedBeforeBackup.size();
        writing.set(false);
        writer.join();
        assertThat(acknowledgedDuringBackup).as("the platform served writes while the backup ran").isPositive();
        original.kill();

        TestPostgres.run("start", RESTORED_PG);
        TestPostgres.run("restore", RESTORED_PG, dump.toString());
        PlatformNode restored = node("backup-restored-node", 480, RESTORED_PG);
        restored.start();
        ODataClient chefThere = new ODataClient(restored.root(), CHEF, PASSWORD);

        assertThat(chefThere.get("BusinessPartners?$orderby=ID&$select=ID,PartnerNumber,Name,City").body())
                .as("the same user reads the same partners").isEqualTo(partnersBefore);
        List<String> costCenters = new ArrayList<>();
        // Page after page, as the server pages them.
        for (JsonNode page = chefThere.get("CostCenters?$select=CostCenterNumber").json(); page != null; ) {
            page.path("value").forEach(row -> costCenters.add(row.path("CostCenterNumber").asText()));
            String next = page.path("@odata.nextLink").asText(null);
            page = next == null ? null : chefThere.getAbsolute(next).json();
        }
        assertThat(costCenters).as("every write acknowledged before the backup began").containsAll(acknowledgedBeforeBackup)
                .as("and only writes the platform acknowledged or was committing").allSatisfy(number ->
                        assertThat(number).startsWith("B-"));
        JsonNode verified = chefThere.api("GET", "/audit/verify", null).json();
        assertThat(verified.path("intact").asBoolean()).as("the audit trail, restored: " + verified).isTrue();
        assertThat(verified.path("verified").asLong()).isPositive();
        ODataClient.Response created = chefThere.post("CostCenters", """
                {"CostCenterNumber": "NACH", "Name": "Nach der Wiederherstellung"}""");
        assertThat(created.status()).as("the restored platform takes writes: " + created.body()).isEqualTo(201);
        assertThat(new ODataClient(restored.root(), CHEF, "wrong-password").get("CostCenters").status()).isEqualTo(401);

        // The database's own protections came back with the schema: the platform's user sees no row without a tenant
        // bound, and the audit trail stays append-only for it.
        try (java.sql.Connection platform = java.sql.DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:" + RESTORED_PG + "/platform", "platform", "platform");
             java.sql.Statement sql = platform.createStatement()) {
            try (java.sql.ResultSet rows = sql.executeQuery("select count(*) from cost_center")) {
                rows.next();
                assertThat(rows.getLong(1)).as("rows without a bound tenant").isZero();
            }
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> sql.execute("update audit_record set action = 'X'"))
                    .isInstanceOf(java.sql.SQLException.class);
        }
    }

    private PlatformNode node(String name, int portOffset, int pgPort) throws Exception {
        PlatformNode node = new PlatformNode(name, portOffset, "jdbc:postgresql://127.0.0.1:" + pgPort + "/platform",
                OPERATOR_PASSWORD, Map.of());
        nodes.add(node);
        return node;
    }
}
