package de.deutschlandstack.ai.serving;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslatorContext;

/**
 * Rows of features in, rows of outputs out, the whole batch as one tensor {@code (rows, features)}: one forward pass
 * per batch (a translator per row with DJL's stacking batchifier is 10–30 times slower). Works for every engine the
 * platform carries: each builds the input on its own manager.
 */
public final class TabularTranslator implements NoBatchifyTranslator<float[][], float[][]> {

    private final int outputs;

    public TabularTranslator(int outputs) {
        this.outputs = outputs;
    }

    @Override
    public NDList processInput(TranslatorContext ctx, float[][] rows) {
        return new NDList(ctx.getNDManager().create(rows));
    }

    @Override
    public float[][] processOutput(TranslatorContext ctx, NDList list) {
        NDArray output = list.get(0);
        if (output.size() > (long) DeviceScheduler.MAX_BATCH_ROWS * outputs) {
            // Checked before the tensor is copied into the JVM: a model that answers far more than a batch asks is broken.
            throw new IllegalStateException("The model answered " + output.getShape() + " for at most "
                    + DeviceScheduler.MAX_BATCH_ROWS + " rows of " + outputs + " outputs");
        }
        if (output.getDataType() != DataType.FLOAT32) {
            output = output.toType(DataType.FLOAT32, false);
        }
        long[] shape = output.getShape().getShape();
        float[] values = output.toFloatArray();
        int rows = shape.length == 0 ? 1 : (int) shape[0];
        int columns = rows == 0 ? 0 : values.length / rows;
        if (columns != outputs) {
            throw new IllegalStateException("The model answered " + columns + " outputs per row; serving.properties names "
                    + outputs);
        }
        float[][] result = new float[rows][columns];
        for (int row = 0; row < rows; row++) {
            System.arraycopy(values, row * columns, result[row], 0, columns);
        }
        return result;
    }
}
