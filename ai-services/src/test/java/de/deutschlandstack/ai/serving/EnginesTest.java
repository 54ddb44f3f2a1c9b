package de.deutschlandstack.ai.serving;

import de.deutschlandstack.ai.runtime.DjlRuntime;
import de.deutschlandstack.ai.serving.ModelServer.ModelKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The three engines the server carries each serve a model directory whose answers are known: ONNX Runtime a linear
 * layer written here, XGBoost a one-split tree in XGBoost's JSON format, PyTorch the platform's own network (tested in
 * {@link ModelServerTest}).
 */
class EnginesTest {

    @TempDir
    Path models;

    private ModelServer server;

    @BeforeEach
    void start() {
        server = new ModelServer(DjlRuntime.devices(), new ModelServer.Limits(2, 4, 0.5, 10, 8, 30_000), name -> false);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private ModelServer.ModelState loadReady(ModelKey key, Path directory) throws Exception {
        return TestModels.loadReady(server, key, directory);
    }

    @Test
    void onnxRuntimeServesALinearLayer() throws Exception {
        Path directory = Files.createDirectories(models.resolve("linear"));
        float[][] weights = {{1, 0}, {0, 2}, {1, 1}};
        float[] bias = {0.5f, -1};
        Files.write(directory.resolve("model.onnx"), OnnxModelWriter.linear(weights, bias));
        Files.writeString(directory.resolve("serving.properties"), """
                engine=OnnxRuntime
                features=a,b,c
                outputs=first,second
                batch_size=4
                max_batch_delay=1
                """);
        ModelKey key = new ModelKey("t1", "linear", "1");
        assertThat(loadReady(key, directory).device()).isEqualTo("cpu()");
        float[][] answer = server.predict(key, new float[][]{{1, 2, 3}, {0, 0, 0}});
        // (1·1 + 3·1 + 0.5, 2·2 + 3·1 - 1) and the bias alone
        assertThat(answer[0]).containsExactly(new float[]{4.5f, 6}, within(1e-6f));
        assertThat(answer[1]).containsExactly(new float[]{0.5f, -1}, within(1e-6f));
    }

    @Test
    void xgboostServesATreeEnsemble() throws Exception {
        Path directory = Files.createDirectories(models.resolve("tree"));
        // One tree: amount < 1000 scores +1, else -1; the base score 0.5 is added.
        Files.writeString(directory.resolve("model.json"), """
                {"learner": {"attributes": {}, "feature_names": [], "feature_types": [],
                  "gradient_booster": {"model": {"gbtree_model_param": {"num_parallel_tree": "1", "num_trees": "1"},
                    "iteration_indptr": [0, 1], "tree_info": [0],
                    "trees": [{"base_weights": [0.0, 1.0, -1.0], "categories": [], "categories_nodes": [],
                      "categories_segments": [], "categories_sizes": [], "default_left": [0, 0, 0], "id": 0,
                      "left_children": [1, -1, -1], "loss_changes": [1.0, 0.0, 0.0], "parents": [2147483647, 0, 0],
                      "right_children": [2, -1, -1], "split_conditions": [1000.0, 1.0, -1.0], "split_indices": [0, 0, 0],
                      "split_type": [0, 0, 0], "sum_hessian": [2.0, 1.0, 1.0],
                      "tree_param": {"num_deleted": "0", "num_feature": "2", "num_nodes": "3", "size_leaf_vector": "1"}}]},
                    "name": "gbtree"},
                  "learner_model_param": {"base_score": "5E-1", "boost_from_average": "1", "num_class": "0",
                    "num_feature": "2", "num_target": "1"},
                  "objective": {"name": "reg:squarederror", "reg_loss_param": {"scale_pos_weight": "1"}}},
                 "version": [3, 0, 4]}
                """);
        Files.writeString(directory.resolve("serving.properties"), """
                engine=XGBoost
                features=amount,days
                outputs=score
                """);
        ModelKey key = new ModelKey("t1", "tree", "1");
        loadReady(key, directory);
        float[][] answer = server.predict(key, new float[][]{{10, 5}, {5000, 5}});
        assertThat(answer[0][0]).isCloseTo(1.5f, within(1e-6f));
        assertThat(answer[1][0]).isCloseTo(-0.5f, within(1e-6f));
    }
}
