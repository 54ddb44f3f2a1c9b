package de.deutschlandstack.examples.anomaly;

import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslatorContext;
import de.deutschlandstack.ai.spi.AiModel;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.nio.file.Paths;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The module's model answers as intended, on DJL's XGBoost engine, from the resources the module declares. */
class InvoiceAnomalyTest {

    @Test
    void theModelScoresLargeAndLongInvoicesAsUnusual() throws Exception {
        AiModel model = new InvoiceAnomaly().models().get(0);
        for (String file : model.files()) {
            assertThat(getClass().getClassLoader().getResource(model.directory() + "/" + file)).as(file).isNotNull();
        }
        Path directory = Paths.get(getClass().getClassLoader().getResource(model.directory() + "/model.json").toURI()).getParent();
        Criteria<float[][], float[]> criteria = Criteria.builder().setTypes(float[][].class, float[].class)
                .optModelPath(directory).optEngine("XGBoost").optModelName("model")
                .optTranslator(new NoBatchifyTranslator<float[][], float[]>() {
                    @Override
                    public NDList processInput(TranslatorContext ctx, float[][] rows) {
                        return new NDList(ctx.getNDManager().create(rows));
                    }

                    @Override
                    public float[] processOutput(TranslatorContext ctx, NDList list) {
                        NDArray scores = list.get(0);
                        return scores.toFloatArray();
                    }
                }).build();
        try (ZooModel<float[][], float[]> zoo = criteria.loadModel(); Predictor<float[][], float[]> predictor = zoo.newPredictor()) {
            float[] scores = predictor.predict(new float[][]{{1200, 30}, {1200, 90}, {80_000, 30}});
            assertThat(scores[0]).isCloseTo(0.05f, within(1e-6f));
            assertThat(scores[1]).isCloseTo(0.4f, within(1e-6f));
            assertThat(scores[2]).isCloseTo(0.9f, within(1e-6f));
        }
    }
}
