package de.deutschlandstack.ai.training;

import ai.djl.Model;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.BlockFactory;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * The network of the platform's tabular models: fully connected layers with ReLU between them, from the features to
 * the outputs. A model directory names it as its {@code blockFactory} ({@code hidden=64,32} gives the hidden layers'
 * widths, {@code outputs} the output columns) and carries the trained parameters beside it
 * ({@code model-0000.params}), so the directory runs in DJL Serving too, given this class.
 */
public final class TabularNetwork implements BlockFactory {

    private static final long serialVersionUID = 1L;

    /** The hidden layers' widths when {@code hidden} is not given. */
    public static final String DEFAULT_HIDDEN = "32,16";

    public static Block of(int[] hidden, int outputs) {
        SequentialBlock network = new SequentialBlock();
        for (int width : hidden) {
            network.add(Linear.builder().setUnits(width).build()).add(Activation.reluBlock());
        }
        return network.add(Linear.builder().setUnits(outputs).build());
    }

    public static int[] widths(String hidden) {
        return Arrays.stream((hidden == null || hidden.isBlank() ? DEFAULT_HIDDEN : hidden).split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).mapToInt(Integer::parseInt).toArray();
    }

    @Override
    public Block newBlock(Model model, Path modelPath, Map<String, ?> arguments) {
        Object outputs = arguments.get("outputs");
        int outputCount = outputs == null ? 1 : outputs.toString().split(",").length;
        Object hidden = arguments.get("hidden");
        return of(widths(hidden == null ? null : hidden.toString()), outputCount);
    }
}
