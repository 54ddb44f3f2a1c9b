package de.deutschlandstack.ai.spi;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AiModulesTest {

    private static AiModule module(String deployment) {
        return new AiModule(deployment, AiModulesTest.class.getClassLoader(), List.of());
    }

    @Test
    void thePlatformLearnsOfModulesDeployedBeforeAndAfterItListensAndOfARedeployAsUndeployThenDeploy() {
        List<String> told = new ArrayList<>();
        AiModules.Listener platform = new AiModules.Listener() {
            @Override
            public void deployed(AiModule module) {
                told.add("deployed " + module.deployment());
            }

            @Override
            public void undeployed(AiModule module) {
                told.add("undeployed " + module.deployment());
            }
        };
        AiModules.deployed(module("/early"));
        AiModules.listen(platform);
        try {
            AiModules.deployed(module("/late"));
            AiModules.deployed(module("/late"));
            AiModules.undeployed("/early");
            AiModules.undeployed("/never-deployed");
            assertThat(told).containsExactly("deployed /early", "deployed /late", "undeployed /late", "deployed /late",
                    "undeployed /early");
            assertThat(AiModules.deployed()).extracting(AiModule::deployment).containsExactly("/late");
        } finally {
            AiModules.stopListening(platform);
            AiModules.undeployed("/late");
        }
    }

    @Test
    void aListenerIsToldOnceHoweverOftenItListensAndOneThatFailsStopsNoDeployment() {
        List<String> told = new ArrayList<>();
        AiModules.Listener counting = new AiModules.Listener() {
            @Override
            public void deployed(AiModule module) {
                told.add(module.deployment());
            }

            @Override
            public void undeployed(AiModule module) {
            }
        };
        AiModules.Listener failing = new AiModules.Listener() {
            @Override
            public void deployed(AiModule module) {
                throw new IllegalStateException("broken listener");
            }

            @Override
            public void undeployed(AiModule module) {
                throw new IllegalStateException("broken listener");
            }
        };
        AiModules.listen(failing);
        AiModules.listen(counting);
        AiModules.listen(counting);
        try {
            AiModules.deployed(module("/once"));
            assertThat(told).containsExactly("/once");
            AiModules.undeployed("/once");
            assertThat(AiModules.deployed()).isEmpty();
        } finally {
            AiModules.stopListening(counting);
            AiModules.stopListening(failing);
        }
    }

    @Test
    void aModelDirectoryNamesItsServingProperties() {
        assertThatThrownBy(() -> new AiModel("m", "1", "models/m", List.of("model.onnx")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
