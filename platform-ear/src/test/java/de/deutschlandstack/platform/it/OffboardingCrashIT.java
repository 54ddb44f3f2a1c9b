package de.deutschlandstack.platform.it;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

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
    private static final String ROOT = "http://127.0.0.1:" + (8080 + PORT_OFFSET);
    private static final String DATABASE = "offboarding_crash";
    private static final String TENANT = "crash-test";
    private static final String OPERATOR_PASSWORD = "crash-test-operator-1";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Path base = Path.of("target", "offboarding-crash-node").toAbsolutePath();
    private Process node;

    @BeforeEach
    void freshNodeAndDatabase() throws Exception {
        assumeTrue("postgresql".equals(System.getProperty("it.database")), "the node shares the test PostgreSQL");
        try (Connection db = superuser("platform"); Statement sql = db.createStatement()) {
            sql.execute("drop database if exists " + DATABASE);
            sql.execute("create database " + DATABASE + " owner platform_owner");
        }
        deleteRecursively(base);
        Files.createDirectories(base.resolve("deployments"));
        copyRecursively(Path.of("target", "server", "standalone", "configuration"), base.resolve("configuration"));
        // The test server running beside this test keeps its deployments in its configuration: not this node's.
        Path config = base.resolve("configuration").resolve("standalone.xml");
        Files.writeString(config, Files.readString(config).replaceAll("(?s)<deployments>.*?</deployments>", ""));
        Files.copy(Path.of("target", "platform.ear"), base.resolve("deployments").resolve("platform.ear"));
    }

    @AfterEach
    void stopNode() throws Exception {
        kill();
    }

    @Test
    void anOffboardingKilledMidErasureResumesAtTheNextStartAndFinishes() throws Exception {
        start();
        ODataClient operator = new ODataClient(ROOT, "operator@platform", OPERATOR_PASSWORD);
        ODataClient.Response onboarded = operator.api("POST", "/admin/tenants", """
                {"tenant": "%s", "admin": {"user": "chef@%s", "password": "crash-test-passwort-1"}}""".formatted(TENANT, TENANT));
        assertThat(onboarded.status()).as(onboarded.body()).isEqualTo(201);
        ODataClient chef = new ODataClient(ROOT, "chef@" + TENANT, "crash-test-passwort-1");
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
        kill();

        Map<String, Long> leftAfterKill = rowsOfTheTenant();
        assertThat(status()).as("the kill landed before the offboarding finished").isEqualTo("OFFBOARDING");
        assertThat(leftAfterKill.values().stream().mapToLong(Long::longValue).sum())
                .as("the kill left rows of the tenant behind").isPositive();

        start();
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

    private void start() throws Exception {
        Files.deleteIfExists(base.resolve("deployments").resolve("platform.ear.deployed"));
        Files.deleteIfExists(base.resolve("deployments").resolve("platform.ear.failed"));
        String url = System.getProperty("it.db.url");
        ProcessBuilder builder = new ProcessBuilder(new File("target/server/bin/standalone.sh").getAbsolutePath(),
                "-Djboss.server.base.dir=" + base, "-Djboss.socket.binding.port-offset=" + PORT_OFFSET,
                "-Djboss.bind.address=127.0.0.1", "-Djboss.bind.address.management=127.0.0.1")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(base.resolve("console.log").toFile()));
        Map<String, String> env = builder.environment();
        env.put("LAUNCH_JBOSS_IN_BACKGROUND", "1");
        env.put("JBOSS_PIDFILE", base.resolve("server.pid").toString());
        env.put("JAVA_OPTS", "-Xms256m -Xmx768m -Djava.net.preferIPv4Stack=true");
        env.put("PLATFORM_DB_DRIVER", "postgresql");
        env.put("PLATFORM_DB_URL", url.substring(0, url.lastIndexOf('/') + 1) + DATABASE);
        env.put("PLATFORM_DB_USER", "platform");
        env.put("PLATFORM_DB_PASSWORD", "platform");
        env.put("PLATFORM_DB_OWNER_USER", "platform_owner");
        env.put("PLATFORM_DB_OWNER_PASSWORD", "platform_owner");
        env.put("PLATFORM_OFFBOARDING_GRACE_SECONDS", "1");
        // No demo tenants: the operator's account is all the test needs.
        env.put("PLATFORM_DEMO_DATA", "false");
        env.put("PLATFORM_ADMIN_USER", "operator@platform");
        env.put("PLATFORM_ADMIN_PASSWORD", OPERATOR_PASSWORD);
        env.remove("PLATFORM_OIDC_ISSUER");
        node = builder.start();
        long deadline = System.currentTimeMillis() + 180_000;
        while (System.currentTimeMillis() < deadline) {
            if (!node.isAlive()) {
                throw new AssertionError("The node stopped while starting; see " + base.resolve("console.log"));
            }
            if (Files.exists(base.resolve("deployments").resolve("platform.ear.failed"))) {
                throw new AssertionError("The deployment failed: " + Files.readString(base.resolve("deployments").resolve("platform.ear.failed")));
            }
            if (Files.exists(base.resolve("deployments").resolve("platform.ear.deployed")) && ready()) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("The node did not start within 180 s");
    }

    private static boolean ready() {
        try {
            HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + (9990 + PORT_OFFSET) + "/health/ready"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** SIGKILL to the server's JVM and its launch script: no shutdown hook runs, no transaction completes. */
    private void kill() throws Exception {
        if (node == null) {
            return;
        }
        // The JVM is the launch script's child (also before it wrote its pid file).
        List<ProcessHandle> processes = new ArrayList<>(node.toHandle().descendants().toList());
        processes.add(node.toHandle());
        processes.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle process : processes) {
            process.onExit().join();
        }
        node = null;
        Files.deleteIfExists(base.resolve("server.pid"));
    }

    private static void copyRecursively(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(path)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
