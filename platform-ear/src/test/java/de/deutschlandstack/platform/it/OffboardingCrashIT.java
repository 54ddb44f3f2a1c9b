package de.deutschlandstack.platform.it;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * An offboarding that dies with its server resumes when the server starts again, and ends with the tenant erased.
 * The test runs a platform node of its own (the provisioned server, a database of its own on the test PostgreSQL),
 * gives an onboarded tenant enough rows that erasing them takes a while, kills the node with SIGKILL while PostgreSQL
 * is running the erasure's deletes, checks that the erasure was really cut off (the tenant is still OFFBOARDING and
 * still has rows), starts the node again and waits for the offboarding to finish on its own.
 */
class OffboardingCrashIT {

    private static final int PORT_OFFSET = 300;
    private static final String DATABASE = "offboarding_crash";
    private static final String TENANT = "crash-test";
    private static final String OPERATOR_PASSWORD = "crash-test-operator-1";

    private PlatformNode node;

    @BeforeEach
    void freshNodeAndDatabase() throws Exception {
        assumeTrue("postgresql".equals(System.getProperty("it.database")), "the node shares the test PostgreSQL");
        try (Connection db = superuser("platform"); Statement sql = db.createStatement()) {
            sql.execute("drop database if exists " + DATABASE);
            sql.execute("create database " + DATABASE + " owner platform_owner");
        }
        String url = System.getProperty("it.db.url");
        node = new PlatformNode("offboarding-crash-node", PORT_OFFSET, url.substring(0, url.lastIndexOf('/') + 1) + DATABASE,
                OPERATOR_PASSWORD, Map.of("PLATFORM_OFFBOARDING_GRACE_SECONDS", "1"));
    }

    @AfterEach
    void stopNode() throws Exception {
        if (node != null) {
            node.kill();
        }
    }

    @Test
    void anOffboardingKilledMidErasureResumesAtTheNextStartAndFinishes() throws Exception {
        node.start();
        ODataClient operator = new ODataClient(node.root(), "operator@platform", OPERATOR_PASSWORD);
        ODataClient.Response onboarded = operator.api("POST", "/admin/tenants", """
                {"tenant": "%s", "admin": {"user": "chef@%s", "password": "crash-test-passwort-1"}}""".formatted(TENANT, TENANT));
        assertThat(onboarded.status()).as(onboarded.body()).isEqualTo(201);
        ODataClient chef = new ODataClient(node.root(), "chef@" + TENANT, "crash-test-passwort-1");
        ODataClient.Response costCenter = chef.post("CostCenters", """
                {"CostCenterNumber": "CC-CRASH", "Name": "Bleibt nicht"}""");
        assertThat(costCenter.status()).as(costCenter.body()).isEqualTo(201);
        // Enough rows that the erasure's deletes run for seconds, not milliseconds: a kill can land inside them.
        try (Connection db = superuser(DATABASE); Statement sql = db.createStatement()) {
            sql.execute("insert into change_log (seq, tenant, entity_set, entity_key, operation, state, changed_at, changed_by)"
                    + " select 1000000000 + n, '" + TENANT + "', 'CostCenters', 'planted-' || n, 'UPDATED', null,"
                    + " current_timestamp, 'chef@" + TENANT + "' from generate_series(1, 300000) n");
        }

        ODataClient.Response offboarding = operator.api("POST", "/admin/tenants/" + TENANT + "/offboard", "");
        assertThat(offboarding.status()).as(offboarding.body()).isEqualTo(202);
        waitForEraserStatementOnTheDatabase();
        node.kill();

        Map<String, Long> leftAfterKill = rowsOfTheTenant();
        assertThat(status()).as("the kill landed before the offboarding finished").isEqualTo("OFFBOARDING");
        assertThat(leftAfterKill.values().stream().mapToLong(Long::longValue).sum())
                .as("the kill left rows of the tenant behind").isPositive();

        node.start();
        long deadline = System.currentTimeMillis() + 90_000;
        while (!"OFFBOARDED".equals(status()) && System.currentTimeMillis() < deadline) {
            Thread.sleep(250);
        }
        assertThat(status()).as("the restarted node resumed the offboarding").isEqualTo("OFFBOARDED");
        assertThat(rowsOfTheTenant()).as("rows of the offboarded tenant, per table").allSatisfy((table, rows) ->
                assertThat(rows).as(table).isZero());
        try (Connection db = superuser(DATABASE); Statement sql = db.createStatement();
             ResultSet tombstone = sql.executeQuery("select status, erased_by from platform_tenant where tenant = '" + TENANT + "'")) {
            assertThat(tombstone.next()).as("the tombstone stays").isTrue();
            assertThat(tombstone.getString(1)).isEqualTo("OFFBOARDED");
            assertThat(tombstone.getString(2)).as("the progress of the erasure is bookkeeping, cleared at the end").isNull();
        }
        assertThat(chef.get("CostCenters").status()).isEqualTo(401);
    }

    /** The tenant's status in the node's registry, read from the database (the node may be down). */
    private String status() throws SQLException {
        try (Connection db = superuser(DATABASE); Statement sql = db.createStatement();
             ResultSet row = sql.executeQuery("select status from platform_tenant where tenant = '" + TENANT + "'")) {
            return row.next() ? row.getString(1) : null;
        }
    }

    /** Rows of the tenant in every table with a tenant column. */
    private Map<String, Long> rowsOfTheTenant() throws SQLException {
        Map<String, Long> rows = new java.util.TreeMap<>();
        try (Connection db = superuser(DATABASE); Statement sql = db.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet names = sql.executeQuery("select table_name from information_schema.columns where table_schema = 'public'"
                    + " and column_name = 'tenant' and table_name <> 'platform_tenant'")) {
                while (names.next()) {
                    tables.add(names.getString(1));
                }
            }
            assertThat(tables).contains("change_log", "cost_center", "platform_user", "audit_record");
            for (String table : tables) {
                try (ResultSet count = sql.executeQuery("select count(*) from " + table + " where tenant = '" + TENANT + "'")) {
                    count.next();
                    rows.put(table, count.getLong(1));
                }
            }
        }
        return rows;
    }

    /** Waits until the node's erasure runs a delete in the database (after the grace period), at most 60 s. */
    private void waitForEraserStatementOnTheDatabase() throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        try (Connection db = superuser("platform"); Statement sql = db.createStatement()) {
            while (System.currentTimeMillis() < deadline) {
                try (ResultSet active = sql.executeQuery("select count(*) from pg_stat_activity where datname = '" + DATABASE + "'"
                        + " and state = 'active' and query like 'delete from change_log%'")) {
                    active.next();
                    if (active.getLong(1) > 0) {
                        return;
                    }
                }
                Thread.sleep(20);
            }
        }
        throw new AssertionError("The erasure never ran its delete of the change log; status " + status());
    }

    private static Connection superuser(String database) throws SQLException {
        String url = System.getProperty("it.db.url");
        return DriverManager.getConnection(url.substring(0, url.lastIndexOf('/') + 1) + database,
                System.getProperty("it.db.user"), System.getProperty("it.db.password"));
    }
}
