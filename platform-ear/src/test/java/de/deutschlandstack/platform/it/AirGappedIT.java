package de.deutschlandstack.platform.it;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The demo needs nothing from outside the machine: the platform started as the run command starts it (the embedded H2,
 * demo data), in a network namespace with nothing but loopback ({@code bin/air-gapped}), answers the README's kinds of
 * requests (OData with $expand, $metadata, the REST API, a token, a model registered and asked through DJL's PyTorch
 * engine), with the data lake started beside it as the run command starts it (local Spark), and {@code bin/air-gapped} traces every connect() of
 * every process: none went to an address outside the machine — no fonts, no model hubs, no telemetry, no schema
 * downloads.
 */
class AirGappedIT {

    private static final int OFFSET = 600;

    @Test
    void theDemoServesWithNoRouteOutAndTriesNone() throws Exception {
        assumeTrue("h2".equals(System.getProperty("it.database")), "the demo runs on the embedded default");
        assumeTrue(canIsolate(), "bin/air-gapped can run here (root, unshare, ip, strace; not already traced)");

        Path base = new PlatformNode("air-gapped-node", OFFSET, "unused", "unused", Map.of()).base();
        String http = "http://127.0.0.1:" + (8080 + OFFSET);
        // A model of the kind a tenant registers: PyTorch's natives are unpacked and loaded inside the namespace.
        java.nio.file.Files.write(base.resolve("model.zip"), AiModels.tabularNetwork("amount,daysToDue,priorDelays", "risk",
                new int[]{8}, "").zip());
        String script = """
                export PLATFORM_LAKE_PASSWORD=air-gapped-lake-secret PLATFORM_LAKE_URL=http://127.0.0.1:%5$d
                LAUNCH_JBOSS_IN_BACKGROUND=1 JBOSS_PIDFILE=%1$s/server.pid target/server/bin/standalone.sh -Djboss.server.base.dir=%1$s \\
                  -Djboss.socket.binding.port-offset=%2$d -Djboss.bind.address=127.0.0.1 -Djboss.bind.address.management=127.0.0.1 \\
                  > %1$s/console.log 2>&1 &
                LAKE_PLATFORM_PASSWORD=$PLATFORM_LAKE_PASSWORD LAKE_PLATFORM_URL=%3$s LAKE_ROOT=%1$s/lake LAKE_HTTP_PORT=%5$d \\
                  LAKE_JAVA_OPTS=-Xmx768m ../bin/run-lake > %1$s/lake.log 2>&1 &
                lake=$!
                for i in $(seq 1 300); do
                  [ -f %1$s/deployments/platform.ear.deployed ] && curl -fs %4$s/health/ready > /dev/null && break
                  sleep 1
                done
                (
                set -e
                curl -fs -u anna@stadt-muenchen:demo '%3$s/odata/v4/erp/SalesOrders?$expand=Items&$top=5' | grep -q '"Items"'
                curl -fs -u anna@stadt-muenchen:demo '%3$s/odata/v4/erp/$metadata' | grep -q 'EntityType'
                curl -fs -u ben@bayern-werke:demo '%3$s/api/me' | grep -q 'bayern-werke'
                curl -fs -u ben@bayern-werke:demo -X POST '%3$s/api/token' | grep -q 'access_token'
                curl -fs %4$s/metrics | grep -q '^platform_tenant_requests_total'
                curl -fs -u anna@stadt-muenchen:demo '%3$s/ai/v1/devices' | grep -q '"slots"'
                curl -fs -u anna@stadt-muenchen:demo -H 'Content-Type: application/zip' --data-binary @%1$s/model.zip \\
                  '%3$s/ai/v1/models?name=air-gapped&version=1' | grep -q '"READY"'
                curl -fs -u anna@stadt-muenchen:demo -H 'Content-Type: application/json' -d '{"instances": [[1200.5, 30, 0]]}' \\
                  '%3$s/ai/v1/models/air-gapped/predict' | grep -q '"risk"'
                for i in $(seq 1 180); do
                  curl -fs http://127.0.0.1:%5$d/health | grep -q UP && break
                  sleep 1
                done
                curl -fs http://127.0.0.1:%5$d/health | grep -q UP
                echo demo-answered
                )
                status=$?
                kill $lake || true
                """.formatted(base, OFFSET, http, "http://127.0.0.1:" + (9990 + OFFSET), 18696);
        ProcessBuilder builder = new ProcessBuilder("../bin/air-gapped", "bash", "-c",
                script + "\nkill $(cat " + base + "/server.pid) || true\nwait\nexit $status")
                .redirectErrorStream(true);
        // The demo's defaults, not the settings of the test server beside it.
        builder.environment().keySet().removeIf(name -> name.startsWith("PLATFORM_"));
        Process run = builder.start();
        String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int status = run.waitFor();
        assertThat(output).as(output).contains("demo-answered").contains("all to loopback");
        assertThat(status).as(output).isZero();
    }

    @Test
    void anAttemptToReachOutIsCaughtAndNamed() throws Exception {
        assumeTrue(canIsolate(), "bin/air-gapped can run here (root, unshare, ip, strace; not already traced)");
        // 192.0.2.1 (TEST-NET-1): what a font from a CDN or a model hub would be.
        Process run = new ProcessBuilder("../bin/air-gapped", "curl", "-s", "-m", "2", "http://192.0.2.1/")
                .redirectErrorStream(true).start();
        String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(run.waitFor()).as(output).isNotZero();
        assertThat(output).contains("connections attempted to addresses outside this machine").contains("192.0.2.1");
    }

    private static boolean canIsolate() throws Exception {
        // bin/air-gapped itself, on nothing: it needs unshare, ip and strace, the right to create a namespace, and a
        // process strace may trace (not one traced already, as under an outer bin/air-gapped running the whole suite).
        Process probe = new ProcessBuilder("../bin/air-gapped", "true").redirectErrorStream(true).start();
        probe.getInputStream().readAllBytes();
        return probe.waitFor() == 0;
    }
}
