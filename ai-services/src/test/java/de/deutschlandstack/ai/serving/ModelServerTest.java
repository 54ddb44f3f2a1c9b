package de.deutschlandstack.ai.serving;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import de.deutschlandstack.ai.runtime.DjlRuntime;
import de.deutschlandstack.ai.serving.ModelServer.ModelKey;
import de.deutschlandstack.ai.serving.ModelServer.Status;
import de.deutschlandstack.ai.training.TabularNetwork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ModelServerTest {

    @TempDir
    Path models;

    private ModelServer server;

    @BeforeEach
    void start() {
        server = new ModelServer(DjlRuntime.devices(), new ModelServer.Limits(2, 4, 0.5, 2, 8, 30_000),
                name -> name.startsWith("de.deutschlandstack.ai."));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private ModelServer.ModelState loadReady(ModelKey key, Path directory) throws Exception {
        return TestModels.loadReady(server, key, directory);
    }

    @Test
    void aServedModelAnswersAsDjlsOwnPredictorOnTheSameDirectory() throws Exception {
        Path directory = TestModels.tabularNetwork(models.resolve("risk"), 3, 2, "batch_size=4\nmax_batch_delay=5");
        ModelKey key = new ModelKey("t1", "risk", "1");
        ModelServer.ModelState state = loadReady(key, directory);
        assertThat(state.device()).isEqualTo("cpu()");
        assertThat(state.placement()).startsWith("automatic");

        float[][] rows = {{1, 2, 3}, {-1, 0, 0.5f}};
        float[][] served = server.predict(key, rows);

        try (Model model = Model.newInstance("model", Device.cpu(), "PyTorch")) {
            model.setBlock(TabularNetwork.of(new int[]{8}, 2));
            model.load(directory, "model");
            try (Predictor<float[][], float[][]> direct = model.newPredictor(new TabularTranslator(2))) {
                float[][] expected = direct.predict(rows);
                for (int row = 0; row < rows.length; row++) {
                    for (int column = 0; column < 2; column++) {
                        assertThat(served[row][column]).isCloseTo(expected[row][column], within(1e-5f));
                    }
                }
            }
        }
        assertThat(server.state(key).orElseThrow().metrics().requests()).isEqualTo(1);
        assertThat(server.state(key).orElseThrow().metrics().rows()).isEqualTo(2);
    }

    @Test
    void aModelWhoseInputsAreNotWhatItDeclaresFailsWithTheReasonWhileOthersServe() throws Exception {
        Path good = TestModels.tabularNetwork(models.resolve("good"), 3, 1, "");
        Path bad = TestModels.tabularNetwork(models.resolve("bad"), 3, 1, "");
        // The network was trained on three features; its properties now claim two.
        Files.writeString(bad.resolve(ServingProperties.FILE_NAME),
                Files.readString(bad.resolve(ServingProperties.FILE_NAME)).replace("features=f0,f1,f2", "features=f0,f1"));
        ModelKey goodKey = new ModelKey("t1", "good", "1");
        loadReady(goodKey, good);
        ModelKey badKey = new ModelKey("t1", "bad", "1");
        server.load(badKey, bad, ServingProperties.read(bad), null);
        ModelServer.ModelState failed = server.awaitLoaded(badKey, 60_000).orElseThrow();
        assertThat(failed.status()).isEqualTo(Status.FAILED);
        assertThat(failed.reason()).isNotBlank();
        assertThatThrownBy(() -> server.predict(badKey, new float[][]{{1, 2}})).isInstanceOf(ModelFailed.class)
                .hasMessageContaining("failed to load");
        assertThat(server.predict(goodKey, new float[][]{{1, 2, 3}})).hasDimensions(1, 1);
    }

    @Test
    void anotherTenantsModelIsNotFound() throws Exception {
        Path directory = TestModels.tabularNetwork(models.resolve("mine"), 3, 1, "");
        loadReady(new ModelKey("t1", "mine", "1"), directory);
        assertThatThrownBy(() -> server.predict(new ModelKey("t2", "mine", "1"), new float[][]{{1, 2, 3}}))
                .isInstanceOf(ModelNotFound.class);
        assertThat(server.states("t2")).isEmpty();
        assertThat(server.states("t1")).extracting(s -> s.key().name()).containsExactly("mine");
    }

    @Test
    void aTenantAtItsQuotaOfModelsIsRefused429() throws Exception {
        Path directory = TestModels.tabularNetwork(models.resolve("m"), 3, 1, "");
        loadReady(new ModelKey("t1", "m", "1"), directory);
        loadReady(new ModelKey("t1", "m", "2"), directory);
        assertThatThrownBy(() -> server.load(new ModelKey("t1", "m", "3"), directory, ServingProperties.read(directory), null))
                .isInstanceOfSatisfying(ServingRefused.class, refused -> assertThat(refused.status()).isEqualTo(429));
        // Another tenant's quota is its own.
        loadReady(new ModelKey("t2", "m", "1"), directory);
    }

    @Test
    void aBlockFactoryOutsideThePlatformIsNotLoaded() throws Exception {
        Path directory = TestModels.tabularNetwork(models.resolve("foreign"), 3, 1, "");
        Files.writeString(directory.resolve(ServingProperties.FILE_NAME), Files.readString(directory.resolve(
                ServingProperties.FILE_NAME)).replace(TabularNetwork.class.getName(), "com.example.Evil"));
        assertThatThrownBy(() -> server.load(new ModelKey("t1", "foreign", "1"), directory, ServingProperties.read(directory), null))
                .isInstanceOf(InvalidModel.class).hasMessageContaining("cannot bring its own code");
    }

    @Test
    void unloadingAModelAnswersItsCallersAndFreesItsPlace() throws Exception {
        Path directory = TestModels.tabularNetwork(models.resolve("m"), 3, 1, "");
        ModelKey key = new ModelKey("t1", "m", "1");
        loadReady(key, directory);
        assertThat(server.devices()).flatExtracting(ModelServer.DeviceState::models).contains(key);
        assertThat(server.unload(key)).isTrue();
        assertThatThrownBy(() -> server.predict(key, new float[][]{{1, 2, 3}})).isInstanceOf(ModelNotFound.class);
        assertThat(server.devices()).flatExtracting(ModelServer.DeviceState::models).doesNotContain(key);
    }

    @Test
    void scalingChangesTheWorkersOfAServingModel() throws Exception {
        Path directory = TestModels.tabularNetwork(models.resolve("m"), 3, 1, "");
        ModelKey key = new ModelKey("t1", "m", "1");
        loadReady(key, directory);
        ModelServer.ModelState scaled = server.scale(key, 2, 4);
        assertThat(scaled.properties().minWorkers()).isEqualTo(2);
        assertThat(scaled.properties().maxWorkers()).isEqualTo(4);
        assertThat(server.predict(key, new float[][]{{1, 2, 3}})).hasDimensions(1, 1);
        assertThatThrownBy(() -> server.scale(key, 3, 2)).isInstanceOf(InvalidModel.class);
    }

    @Test
    void placementNamesEveryDeviceAndRefusesAGpuThatIsNotThere() {
        Placement placement = new Placement(List.of(Device.cpu()));
        assertThat(placement.place("auto", "PyTorch", d -> 0).device()).isEqualTo(Device.cpu());
        assertThat(placement.place("cpu", "OnnxRuntime", d -> 0).device()).isEqualTo(Device.cpu());
        assertThatThrownBy(() -> placement.place("gpu(1)", "PyTorch", d -> 0)).isInstanceOf(InvalidModel.class)
                .hasMessageContaining("no GPU 1");
        Placement twoGpus = new Placement(List.of(Device.gpu(0), Device.gpu(1), Device.cpu()));
        assertThat(twoGpus.place("auto", "PyTorch", d -> d.getDeviceId() == 0 ? 3 : 1).device()).isEqualTo(Device.gpu(1));
        assertThat(twoGpus.place("auto", "XGBoost", d -> 0).device()).isEqualTo(Device.cpu());
        assertThat(twoGpus.place("0", "PyTorch", d -> 0).device()).isEqualTo(Device.gpu(0));
    }
}
