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

    private final ServingProperties.Scaling scaling;

    public TabularTranslator(int outputs) {
        this(outputs, ServingProperties.Scaling.NONE);
    }

    public TabularTranslator(int outputs, ServingProperties.Scaling scaling) {
        this.outputs = outputs;
        this.scaling = scaling;
    }

    @Override
    public NDList processInput(TranslatorContext ctx, float[][] rows) {
        if (scaling.featureMeans() == null && scaling.featureScales() == null) {
            return new NDList(ctx.getNDManager().create(rows));
        }
        // Standardised in Java, not as tensor operations: every engine (XGBoost's matrices too) gets plain numbers.
        float[][] scaled = new float[rows.length][];
        for (int r = 0; r < rows.length; r++) {
            scaled[r] = rows[r].clone();
            for (int f = 0; f < scaled[r].length; f++) {
                if (scaling.featureMeans() != null) {
                    scaled[r][f] -= scaling.featureMeans()[f];
                }
                if (scaling.featureScales() != null) {
                    scaled[r][f] /= scaling.featureScales()[f];
                }
            }
        }
        return new NDList(ctx.getNDManager().create(scaled));
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
            for (int column = 0; column < columns; column++) {
                float value = result[row][column];
                if (scaling.sigmoid()) {
                    value = (float) (1 / (1 + Math.exp(-value)));
                }
                if (scaling.outputScales() != null) {
                    value *= scaling.outputScales()[column];
                }
                if (scaling.outputMeans() != null) {
                    value += scaling.outputMeans()[column];
                }
                result[row][column] = value;
            }
        }
        return result;
    }
}
