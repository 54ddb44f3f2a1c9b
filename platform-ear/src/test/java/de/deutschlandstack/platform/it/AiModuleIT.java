package de.deutschlandstack.platform.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An AI module deployed beside the platform as an operator deploys it (its WAR into the server's deployments folder, no
 * restart): a tenant admin enables its service, the tenant predicts with its model; undeployed, the model is gone at once;
 * deployed again, it serves the tenants that had enabled it, again without a restart.
 */
class AiModuleIT extends PlatformIT {

    private static final Path MODULE = Path.of("..", "ai-example-module", "target", "ai-example-module.war").toAbsolutePath();
    private static final Path DEPLOYMENTS = Path.of(System.getProperty("jboss.home"), "standalone", "deployments");
    private static final String UNUSUAL = "{\"instances\": [{\"GrossAmount\": 80000, \"TermDays\": 30}]}";

    private static Path deployed() {
        return DEPLOYMENTS.resolve("ai-example-module.war");
    }

    private static void deploy() throws Exception {
        Files.deleteIfExists(DEPLOYMENTS.resolve("ai-example-module.war.undeployed"));
        Files.copy(MODULE, deployed(), StandardCopyOption.REPLACE_EXISTING);
        awaitMarker("deployed");
    }

    private static void undeploy() throws Exception {
        if (Files.deleteIfExists(deployed())) {
            awaitMarker("undeployed");
        }
    }

    private static void awaitMarker(String marker) throws Exception {
        Path wanted = DEPLOYMENTS.resolve("ai-example-module.war." + marker);
        Path failed = DEPLOYMENTS.resolve("ai-example-module.war.failed");
        for (int i = 0; i < 240; i++) {
            if (Files.exists(wanted)) {
                return;
            }
            if (Files.exists(failed)) {
                throw new AssertionError("The module failed to deploy: " + Files.readString(failed));
            }
            Thread.sleep(250);
        }
        throw new AssertionError("No " + wanted.getFileName() + " after 60 s");
    }

    @AfterEach
    void leaveNoModuleBehind() throws Exception {
        undeploy();
    }

    private JsonNode module(String user) {
        for (JsonNode module : as(user).ai("GET", "/modules", null).json().path("modules")) {
            if (module.path("name").asText().equals("invoice-anomaly")) {
                return module;
            }
        }
        return null;
    }

    private ODataClient.Response awaitPrediction(String user) throws InterruptedException {
        ODataClient.Response answer = null;
        for (int i = 0; i < 120; i++) {
            answer = as(user).ai("POST", "/models/invoice-anomaly/predict", UNUSUAL);
            if (answer.status() == 200) {
                return answer;
            }
            Thread.sleep(250);
        }
        return answer;
    }

    @Test
    void aDeployedModuleServesTheTenantsThatEnableItAndGoesAwayWhenUndeployed() throws Exception {
        assertThat(MODULE).as("the example module is built before the system tests").exists();
        undeploy();
        assertThat(module(ANNA)).isNull();
        deploy();

        JsonNode offered = module(ANNA);
        assertThat(offered).isNotNull();
        assertThat(offered.path("description").asText()).contains("unusual");
        // Whether an earlier run of this database enabled it, the tenant admin enables it now; a reader may not.
        assertThat(as(LEA).ai("POST", "/modules/invoice-anomaly/enable", null).status()).isEqualTo(403);
        ODataClient.Response enabled = as(ANNA).ai("POST", "/modules/invoice-anomaly/enable", null);
        assertThat(enabled.status()).as(enabled.body()).isEqualTo(200);
        assertThat(enabled.json().path("enabled").asBoolean()).isTrue();
        assertThat(enabled.json().path("models").get(0).path("features").toString()).contains("GrossAmount", "TermDays");

        ODataClient.Response scored = awaitPrediction(LEA);
        assertThat(scored.status()).as(scored.body()).isEqualTo(200);
        assertThat(scored.json().path("predictions").get(0).path("anomalyScore").asDouble()).isBetween(0.899, 0.901);
        ODataClient.Response usual = as(LEA).ai("POST", "/models/invoice-anomaly/predict", "{\"instances\": [[1200, 30], [1200, 90]]}");
        assertThat(usual.json().path("predictions").findValuesAsText("anomalyScore")).hasSize(2);
        assertThat(usual.json().path("predictions").get(1).path("anomalyScore").asDouble()).isBetween(0.399, 0.401);
        assertThat(as(LEA).ai("POST", "/models/invoice-anomaly/predict", "{\"instances\": [[1200]]}").status()).isEqualTo(400);

        // Ben's tenant has not enabled it: nothing of it answers there.
        assertThat(module(BEN).path("enabled").asBoolean()).isFalse();
        assertThat(as(BEN).ai("POST", "/models/invoice-anomaly/predict", UNUSUAL).status()).isEqualTo(404);

        // Undeployed: gone at once, for everyone.
        undeploy();
        assertThat(module(ANNA)).isNull();
        assertThat(as(ANNA).ai("POST", "/models/invoice-anomaly/predict", UNUSUAL).status()).isEqualTo(404);

        // Deployed again, without a restart: the tenant that enabled it is served again.
        deploy();
        ODataClient.Response again = awaitPrediction(ANNA);
        assertThat(again.status()).as(again.body()).isEqualTo(200);
        assertThat(module(ANNA).path("enabled").asBoolean()).isTrue();

        // Disabled: the tenant's models of it go; the module stays deployed for the others.
        assertThat(as(ANNA).ai("POST", "/modules/invoice-anomaly/disable", null).status()).isEqualTo(200);
        assertThat(as(ANNA).ai("POST", "/models/invoice-anomaly/predict", UNUSUAL).status()).isEqualTo(404);
        assertThat(List.of(module(ANNA).path("enabled").asBoolean())).containsExactly(false);
        assertThat(as(ANNA).ai("POST", "/modules/no-such-service/enable", null).status()).isEqualTo(404);
    }
}
