package de.deutschlandstack.platform.it;

import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import de.deutschlandstack.ai.serving.TabularTranslator;
import de.deutschlandstack.ai.training.TabularNetwork;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Model directories for the AI system tests, made here with DJL (PyTorch on the CPU, offline): a network of the
 * platform's {@link TabularNetwork} with random weights, zipped in DJL Serving's layout as an upload is.
 */
final class AiModels {

    private AiModels() {
    }

    /** A model directory: its files by name. */
    record Directory(Path path, Map<String, byte[]> files) {

        byte[] zip() {
            return zip(files);
        }

        Directory with(String name, String text) {
            Map<String, byte[]> changed = new LinkedHashMap<>(files);
            changed.put(name, text.getBytes(StandardCharsets.UTF_8));
            return new Directory(path, changed);
        }

        String properties() {
            return new String(files.get("serving.properties"), StandardCharsets.UTF_8);
        }

        /** What DJL's own predictor answers on these files, in this JVM. */
        float[][] predictInProcess(int[] hidden, int outputs, float[][] rows) {
            try (Model model = Model.newInstance("model", "PyTorch")) {
                model.setBlock(TabularNetwork.of(hidden, outputs));
                model.load(path, "model");
                try (Predictor<float[][], float[][]> predictor = model.newPredictor(new TabularTranslator(outputs))) {
                    return predictor.predict(rows);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        static byte[] zip(Map<String, byte[]> files) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
                for (Map.Entry<String, byte[]> file : files.entrySet()) {
                    zip.putNextEntry(new ZipEntry(file.getKey()));
                    zip.write(file.getValue());
                    zip.closeEntry();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return bytes.toByteArray();
        }
    }

    static Directory tabularNetwork(String features, String outputs, int[] hidden, String extraProperties) {
        try {
            Path directory = Files.createTempDirectory("ai-model");
            int featureCount = features.split(",").length;
            int outputCount = outputs.split(",").length;
            try (Model model = Model.newInstance("model", "PyTorch")) {
                model.setBlock(TabularNetwork.of(hidden, outputCount));
                model.getBlock().initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, featureCount));
                model.save(directory, "model");
            }
            StringBuilder widths = new StringBuilder();
            for (int width : hidden) {
                widths.append(widths.isEmpty() ? "" : ",").append(width);
            }
            String properties = """
                    engine=PyTorch
                    blockFactory=%s
                    hidden=%s
                    features=%s
                    outputs=%s
                    %s
                    """.formatted(TabularNetwork.class.getName(), widths, features, outputs, extraProperties);
            Files.writeString(directory.resolve("serving.properties"), properties);
            Map<String, byte[]> files = new LinkedHashMap<>();
            try (var listed = Files.list(directory)) {
                for (Path file : listed.sorted().toList()) {
                    files.put(file.getFileName().toString(), Files.readAllBytes(file));
                }
            }
            return new Directory(directory, files);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
