package de.deutschlandstack.ai.serving;

/** Runs one batch through a model: the rows of every request of the batch, one output row per input row. */
@FunctionalInterface
public interface BatchRunner {

    float[][] run(float[][] rows) throws Exception;
}
