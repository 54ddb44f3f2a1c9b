package de.deutschlandstack.web;

import io.undertow.server.HttpServerExchange;
import io.undertow.servlet.ServletExtension;
import io.undertow.servlet.api.DeploymentInfo;
import io.undertow.util.Methods;
import jakarta.servlet.ServletContext;

/**
 * The most bytes a request body may have, set on each request before anything reads it: 10 MiB (Undertow's own
 * default), and for the upload of a model ({@code POST /ai/v1/models}) the 513 MiB the server's listener allows (a
 * model's weights are often larger; the AI services bound its archive unpacked). A body past the bound is cut off by the
 * server, never read into memory.
 */
public class RequestBodyBounds implements ServletExtension {

    static final long DEFAULT_BYTES = 10L << 20;

    static final long MODEL_UPLOAD_BYTES = 537_919_488L;

    @Override
    public void handleDeployment(DeploymentInfo deployment, ServletContext context) {
        deployment.addOuterHandlerChainWrapper(next -> exchange -> {
            exchange.setMaxEntitySize(isModelUpload(exchange) ? MODEL_UPLOAD_BYTES : DEFAULT_BYTES);
            next.handleRequest(exchange);
        });
    }

    private static boolean isModelUpload(HttpServerExchange exchange) {
        return exchange.getRequestMethod().equals(Methods.POST) && exchange.getRelativePath().equals("/ai/v1/models");
    }
}
