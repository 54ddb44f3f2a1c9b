package de.deutschlandstack.platform.it;

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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A platform node of a test's own, beside the Arquillian server: the provisioned server under {@code target/<name>},
 * started with {@code bin/standalone.sh} as an operator would, at its own port offset, on a PostgreSQL database the test
 * names. For tests that stop, kill or starve a node or its database, which the shared test server must survive.
 */
final class PlatformNode {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String name;
    private final Path base;
    private final int portOffset;
    private final Map<String, String> environment;
    private Process process;

    /**
     * A fresh node (its directory emptied) on {@code databaseUrl}, with the two roles of the test PostgreSQL, no demo
     * data and the platform admin {@code operator@platform} with {@code operatorPassword}; {@code settings} adds or
     * overrides environment variables.
     */
    PlatformNode(String name, int portOffset, String databaseUrl, String operatorPassword, Map<String, String> settings)
            throws IOException {
        this.name = name;
        // One directory per test execution (H2, PostgreSQL, database-alone), so that each keeps its node's log.
        this.base = Path.of("target", name + "-" + System.getProperty("it.isolation", System.getProperty("it.database", "default")))
                .toAbsolutePath();
        this.portOffset = portOffset;
        this.environment = new java.util.HashMap<>(Map.of(
                "PLATFORM_DB_DRIVER", "postgresql",
                "PLATFORM_DB_URL", databaseUrl,
                "PLATFORM_DB_USER", "platform",
                "PLATFORM_DB_PASSWORD", "platform",
                "PLATFORM_DB_OWNER_USER", "platform_owner",
                "PLATFORM_DB_OWNER_PASSWORD", "platform_owner",
                // No demo tenants: the operator's account is all the tests need.
                "PLATFORM_DEMO_DATA", "false",
                "PLATFORM_ADMIN_USER", "operator@platform",
                "PLATFORM_ADMIN_PASSWORD", operatorPassword));
        this.environment.putAll(settings);
        deleteRecursively(base);
        Files.createDirectories(base.resolve("deployments"));
        copyRecursively(Path.of("target", "server", "standalone", "configuration"), base.resolve("configuration"));
        // The test server running beside this node keeps its deployments in its configuration: not this node's.
        Path config = base.resolve("configuration").resolve("standalone.xml");
        Files.writeString(config, Files.readString(config).replaceAll("(?s)<deployments>.*?</deployments>", ""));
        Files.copy(Path.of("target", "platform.ear"), base.resolve("deployments").resolve("platform.ear"));
    }

    /** The node's server base directory (configuration, deployments, data, log). */
    Path base() {
        return base;
    }

    /** {@code http://127.0.0.1:<8080 + offset>} */
    String root() {
        return "http://127.0.0.1:" + (8080 + portOffset);
    }

    /** {@code http://127.0.0.1:<9990 + offset>}: health and metrics. */
    String management() {
        return "http://127.0.0.1:" + (9990 + portOffset);
    }

    Path serverLog() {
        return base.resolve("log").resolve("server.log");
    }

    /** Starts the node and waits until its EAR is deployed and it is ready, at most 180 s. */
    void start() throws Exception {
        Files.deleteIfExists(base.resolve("deployments").resolve("platform.ear.deployed"));
        Files.deleteIfExists(base.resolve("deployments").resolve("platform.ear.failed"));
        ProcessBuilder builder = new ProcessBuilder(new File("target/server/bin/standalone.sh").getAbsolutePath(),
                "-Djboss.server.base.dir=" + base, "-Djboss.socket.binding.port-offset=" + portOffset,
                "-Djboss.bind.address=127.0.0.1", "-Djboss.bind.address.management=127.0.0.1", "-Djboss.node.name=" + name,
                "-Djboss.tx.node.id=" + name.substring(0, Math.min(23, name.length())))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(base.resolve("console.log").toFile()));
        Map<String, String> env = builder.environment();
        env.put("LAUNCH_JBOSS_IN_BACKGROUND", "1");
        env.put("JBOSS_PIDFILE", base.resolve("server.pid").toString());
        env.put("JAVA_OPTS", "-Xms256m -Xmx768m -Djava.net.preferIPv4Stack=true");
        // Nothing of the test server's settings (its database, its OIDC issuer, test switches) reaches this node.
        env.keySet().removeIf(name -> name.startsWith("PLATFORM_"));
        env.putAll(environment);
        process = builder.start();
        long deadline = System.currentTimeMillis() + 180_000;
        while (System.currentTimeMillis() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("The node stopped while starting; see " + base.resolve("console.log"));
            }
            if (Files.exists(base.resolve("deployments").resolve("platform.ear.failed"))) {
                throw new AssertionError("The deployment failed: " + Files.readString(base.resolve("deployments").resolve("platform.ear.failed")));
            }
            if (Files.exists(base.resolve("deployments").resolve("platform.ear.deployed")) && readiness(Duration.ofSeconds(2)) == 200) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("The node did not start within 180 s");
    }

    /** The status of {@code /health/ready} (200 ready, 503 not), or -1 when it did not answer within {@code wait}. */
    int readiness(Duration wait) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(management() + "/health/ready")).timeout(wait).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** The node's threads, written beside its log (for a test that finds the node stuck). */
    Path threadDump() throws Exception {
        Path dump = base.resolve("threads-" + System.currentTimeMillis() + ".txt");
        for (ProcessHandle handle : process.toHandle().descendants().toList()) {
            if (handle.info().command().orElse("").endsWith("java")) {
                new ProcessBuilder("jcmd", String.valueOf(handle.pid()), "Thread.print").redirectErrorStream(true)
                        .redirectOutput(dump.toFile()).start().waitFor();
            }
        }
        return dump;
    }

    /** SIGKILL to the server's JVM and its launch script: no shutdown hook runs, no transaction completes. */
    void kill() throws Exception {
        if (process == null) {
            return;
        }
        // The JVM is the launch script's child (also before it wrote its pid file).
        List<ProcessHandle> processes = new ArrayList<>(process.toHandle().descendants().toList());
        processes.add(process.toHandle());
        processes.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle handle : processes) {
            handle.onExit().join();
        }
        process = null;
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
