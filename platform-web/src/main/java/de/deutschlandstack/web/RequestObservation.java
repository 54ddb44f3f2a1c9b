package de.deutschlandstack.web;

import de.deutschlandstack.core.observability.PlatformMetrics;
import de.deutschlandstack.core.security.CallerBinding;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.servlet.ServletExtension;
import io.undertow.servlet.api.DeploymentInfo;
import io.undertow.servlet.handlers.ServletRequestContext;
import io.undertow.util.HttpString;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.servlet.ServletContext;
import org.jboss.logging.MDC;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Observes every request of the platform's web module from its first handler on, before the login: gives it a request
 * id (the client's {@code X-Request-Id} when it is a plain token, a new one otherwise), answers it in
 * {@code X-Request-Id}, puts it into the logging context ({@code %X{requestId}}, the tenant is put there once known), and
 * counts the request with its status and latency when it is done ({@link PlatformMetrics}). A servlet filter would not
 * do: it never sees what the login refuses (401, 429, 503).
 */
public class RequestObservation implements ServletExtension {

    private static final HttpString REQUEST_ID = new HttpString("X-Request-Id");
    private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    private static final SecureRandom RANDOM = new SecureRandom();

    @Override
    public void handleDeployment(DeploymentInfo deployment, ServletContext context) {
        deployment.addOuterHandlerChainWrapper(next -> exchange -> observe(next, exchange));
    }

    private static void observe(HttpHandler next, HttpServerExchange exchange) throws Exception {
        long started = System.nanoTime();
        String given = exchange.getRequestHeaders().getFirst(REQUEST_ID);
        String id = given != null && CLIENT_ID.matcher(given).matches() ? given : newId();
        exchange.getResponseHeaders().put(REQUEST_ID, id);
        String path = exchange.getRelativePath();
        String method = exchange.getRequestMethod().toString();
        exchange.addExchangeCompleteListener((done, nextListener) -> {
            try {
                metrics().requestCompleted(path, method, done.getStatusCode(), System.nanoTime() - started, tenant(done));
            } catch (RuntimeException e) {
                // The application is stopping (no container any more): the request is answered all the same.
            }
            nextListener.proceed();
        });
        MDC.put("requestId", id);
        try {
            next.handleRequest(exchange);
        } finally {
            MDC.remove("requestId");
            MDC.remove("tenant");
        }
    }

    private static String tenant(HttpServerExchange exchange) {
        ServletRequestContext servlet = exchange.getAttachment(ServletRequestContext.ATTACHMENT_KEY);
        Object tenant = servlet == null ? null : servlet.getServletRequest().getAttribute(CallerBinding.TENANT);
        return tenant instanceof String name ? name : null;
    }

    private static volatile PlatformMetrics metrics;

    /** The bean, looked up once (its client proxy stays valid for the deployment). */
    private static PlatformMetrics metrics() {
        PlatformMetrics known = metrics;
        if (known == null) {
            known = CDI.current().select(PlatformMetrics.class).get();
            metrics = known;
        }
        return known;
    }

    private static String newId() {
        byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
