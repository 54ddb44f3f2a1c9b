package de.deutschlandstack.core.changes;

import de.deutschlandstack.core.config.PlatformSettings;
import de.deutschlandstack.core.web.RequestRefused;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Semaphore;

/**
 * The data lake's analyses and status, asked of the lake process over HTTP ({@code PLATFORM_LAKE_URL}) with a credential
 * derived from the lake account's password: Spark never runs inside the platform. The tenant of an analysis is the caller's,
 * taken from the authenticated principal by the caller of this class and sent as the lake's filter; nothing of the
 * request but the analysis's name and a point in time reaches the lake. Bounded: {@value #AT_ONCE} analyses at once per
 * node (the lake's cores are few), each answered within {@value #TIMEOUT_SECONDS} s.
 */
@ApplicationScoped
public class LakeAnalyses {

    private static final Logger LOG = Logger.getLogger(LakeAnalyses.class);
    static final int AT_ONCE = 4;
    static final int TIMEOUT_SECONDS = 90;

    @Inject
    PlatformSettings settings;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private final Semaphore running = new Semaphore(AT_ONCE);

    /** The lake's answer, passed through: its status and JSON body. */
    public record Answer(int status, String body, String retryAfter) {
    }

    /**
     * Runs {@code analysis} for {@code tenant}, now or as of a timestamp or a lake version, receivables aged on
     * {@code keyDate} (each null: not given).
     */
    public Answer analysis(String analysis, String tenant, String asOf, String version, String keyDate) {
        StringBuilder path = new StringBuilder("/analyses/").append(URLEncoder.encode(analysis, StandardCharsets.UTF_8))
                .append("?tenant=").append(URLEncoder.encode(tenant, StandardCharsets.UTF_8));
        if (asOf != null) {
            path.append("&asOf=").append(URLEncoder.encode(asOf, StandardCharsets.UTF_8));
        }
        if (version != null) {
            path.append("&version=").append(URLEncoder.encode(version, StandardCharsets.UTF_8));
        }
        if (keyDate != null) {
            path.append("&keyDate=").append(URLEncoder.encode(keyDate, StandardCharsets.UTF_8));
        }
        return ask(path.toString());
    }

    /**
     * The training data the lake computes for one of the AI services' datasets, from the tenant's silver tables, now or
     * at a lake version: the Delta version of each table read, a key, features and labels per row.
     */
    public Answer dataset(String dataset, String tenant, String version) {
        StringBuilder path = new StringBuilder("/datasets/").append(URLEncoder.encode(dataset, StandardCharsets.UTF_8))
                .append("?tenant=").append(URLEncoder.encode(tenant, StandardCharsets.UTF_8));
        if (version != null) {
            path.append("&version=").append(URLEncoder.encode(version, StandardCharsets.UTF_8));
        }
        return ask(path.toString());
    }

    public Answer analyses() {
        return ask("/analyses");
    }

    public Answer status() {
        return ask("/status");
    }

    /** The lake's URL, refused where it would carry the password in the clear to another machine. */
    private URI lake() {
        URI lake;
        try {
            lake = URI.create(settings.lakeUrl());
        } catch (IllegalArgumentException e) {
            LOG.errorf("PLATFORM_LAKE_URL is no URL: %s", e.getMessage());
            throw new RequestRefused(503, "The data lake is not configured correctly; the server log says why");
        }
        String host = lake.getHost();
        boolean loopback = host != null && (host.equals("localhost") || host.matches("127(\\.\\d{1,3}){3}") || host.equals("[::1]"));
        if (!"https".equals(lake.getScheme()) && !(("http".equals(lake.getScheme())) && (loopback || settings.lakeOverPlaintext()))) {
            LOG.errorf("PLATFORM_LAKE_URL %s is neither HTTPS nor on this machine (PLATFORM_LAKE_PLAINTEXT=true allows it)", lake);
            throw new RequestRefused(503, "The data lake is not configured correctly; the server log says why");
        }
        return lake;
    }

    /**
     * What the platform shows the lake: HMAC-SHA256 of a fixed text under the lake account's password, not the password
     * itself, so that a process that answers in the lake's place learns nothing that reads the change feed. The lake
     * derives the same ({@code LakeApplication.platformCredential}).
     */
    static String lakeCredential(String password) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(password.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return java.util.HexFormat.of().formatHex(mac.doFinal("deutschland-stack: platform to lake".getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private Answer ask(String path) {
        String secret = settings.lakePassword()
                .orElseThrow(() -> new RequestRefused(503, "This platform has no data lake (PLATFORM_LAKE_PASSWORD is not set)"));
        if (!running.tryAcquire()) {
            throw new RequestRefused(503, "The platform asks the data lake as many analyses as it may at once; try again shortly");
        }
        try {
            URI lake = lake();
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(lake.toString().replaceAll("/+$", "") + path))
                            .timeout(Duration.ofSeconds(TIMEOUT_SECONDS))
                            .header("Authorization", "Bearer " + lakeCredential(secret))
                            .header("Accept", "application/json").GET().build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (response.statusCode() == 401 || response.statusCode() >= 500 && response.statusCode() != 503) {
                // The lake does not know this platform's password, or failed: the caller can do nothing about either.
                LOG.warnf("The data lake answered %d to %s: %s", response.statusCode(), path.replaceAll("tenant=[^&]*", "tenant=..."),
                        response.body());
                throw new RequestRefused(503, "The data lake could not answer; the server log has the details");
            }
            return new Answer(response.statusCode(), response.body(), response.headers().firstValue("Retry-After").orElse(null));
        } catch (IOException e) {
            throw new RequestRefused(503, "The data lake is not reachable");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RequestRefused(503, "The data lake is not reachable");
        } finally {
            running.release();
        }
    }
}
