package de.deutschlandstack.ai.serving;

import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import de.deutschlandstack.ai.training.TabularNetwork;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Model directories in DJL Serving's layout, made here with DJL itself (nothing comes from a model hub). */
final class TestModels {

    private TestModels() {
    }

    /** Loads the directory as the key's version and waits until it is READY (failing with the reason if it is not). */
    static ModelServer.ModelState loadReady(ModelServer server, ModelServer.ModelKey key, Path directory) throws IOException {
        server.load(key, directory, ServingProperties.read(directory), null);
        ModelServer.ModelState state = server.awaitLoaded(key, 60_000).orElseThrow();
        org.assertj.core.api.Assertions.assertThat(state.status()).as(String.valueOf(state.reason()))
                .isEqualTo(ModelServer.Status.READY);
        return state;
    }

    /**
     * A PyTorch network of the platform's {@link TabularNetwork}, randomly initialised and saved as
     * {@code model-0000.params}, with its {@code serving.properties}.
     */
    static Path tabularNetwork(Path directory, int features, int outputs, String extraProperties) throws IOException {
        Files.createDirectories(directory);
        try (Model model = Model.newInstance("model", "PyTorch")) {
            model.setBlock(TabularNetwork.of(new int[]{8}, outputs));
            model.getBlock().initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, features));
            model.save(directory, "model");
        }
        StringBuilder names = new StringBuilder();
        for (int i = 0; i < features; i++) {
            names.append(i == 0 ? "" : ",").append("f").append(i);
        }
        StringBuilder outputNames = new StringBuilder();
        for (int i = 0; i < outputs; i++) {
            outputNames.append(i == 0 ? "" : ",").append("y").append(i);
        }
        Files.writeString(directory.resolve(ServingProperties.FILE_NAME), """
                engine=PyTorch
                blockFactory=%s
                hidden=8
                features=%s
                outputs=%s
                %s
                """.formatted(TabularNetwork.class.getName(), names, outputNames, extraProperties));
        return directory;
    }
}
