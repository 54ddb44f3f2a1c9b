package de.deutschlandstack.ai.spi;

import java.util.List;

/**
 * A model an {@link AiService} brings: a model directory in DJL Serving's layout ({@code serving.properties} with the
 * platform's {@code features} and {@code outputs}, and the model's files) among the module's resources.
 *
 * @param name      the model's name, as the tenants' registries show it ({@code [a-z][a-z0-9-]{0,63}})
 * @param version   its version ({@code 1}, {@code 2026.11.1})
 * @param directory the resource folder that holds it, e.g. {@code models/invoice-anomaly}
 * @param files     the directory's files, {@code serving.properties} among them (a resource folder cannot be listed)
 */
public record AiModel(String name, String version, String directory, List<String> files) {

    public AiModel {
        files = List.copyOf(files);
        if (!files.contains("serving.properties")) {
            throw new IllegalArgumentException("A model directory has a serving.properties: " + directory);
        }
    }
}
