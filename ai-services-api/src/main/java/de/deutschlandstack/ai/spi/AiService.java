package de.deutschlandstack.ai.spi;

import java.util.List;

/**
 * An AI service a developer deploys as a module (a WAR or JAR in the server): its name, what it does, and the models it
 * brings. Once deployed, a tenant admin enables it for the tenant ({@code POST /ai/v1/modules/{name}/enable}); its models
 * are then served to that tenant as any registered model is ({@code POST /ai/v1/models/{model}/predict}), until the
 * module is undeployed. A module's code is trusted (the server's operator deployed it): its models may name a
 * {@code blockFactory} of the module's own.
 */
public interface AiService {

    /** The service's name, unique on the server: lower-case letters, digits and -, starting with a letter. */
    String name();

    /** What it does, in a sentence a tenant admin reads before enabling it. */
    default String description() {
        return "";
    }

    /** The models it brings, each a model directory in DJL Serving's layout among the module's resources. */
    List<AiModel> models();
}
