package de.deutschlandstack.core.changes;

import com.sun.net.httpserver.HttpServer;
import de.deutschlandstack.core.config.PlatformSettings;
import de.deutschlandstack.core.web.RequestRefused;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** What the platform makes of a lake (a stand-in serving the lake's status) that answers, and of one that is away. */
class LakeAnalysesTest {

    private HttpServer lake;
    private final AtomicInteger statusAsked = new AtomicInteger();
    private final AtomicInteger analysesArrived = new AtomicInteger();
    private final java.util.concurrent.CountDownLatch analysesMayAnswer = new java.util.concurrent.CountDownLatch(1);
    private LakeAnalyses analyses;

    @BeforeEach
    void aLakeThatAnswers() throws IOException {
        lake = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        lake.createContext("/status", exchange -> {
            statusAsked.incrementAndGet();
            byte[] body = """
                    {"progress": 90, "position": 100, "behind": 10, "freshness": {"changes": 5, "p50Millis": 1500, "p99Millis": 4200}}"""
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        lake.createContext("/analyses/", exchange -> {
            analysesArrived.incrementAndGet();
            try {
                analysesMayAnswer.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] body = "{\"rows\": []}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        lake.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        lake.start();
        System.setProperty("platform.lake.password", "lake-analyses-test-1");
        System.setProperty("platform.lake.url", "http://127.0.0.1:" + lake.getAddress().getPort());
        analyses = new LakeAnalyses();
        analyses.settings = new PlatformSettings();
    }

    @AfterEach
    void noLake() {
        analysesMayAnswer.countDown();
        lake.stop(0);
        System.clearProperty("platform.lake.password");
        System.clearProperty("platform.lake.url");
    }

    @Test
    void theReportIsReadInTheBackgroundAndSaysWhatTheLakeSaid() throws Exception {
        assertThat(analyses.lastReport()).as("the first call asks and does not wait").isNull();
        LakeAnalyses.Report report = awaitReport();
        assertThat(report.available()).isTrue();
        assertThat(report.progress()).isEqualTo(90);
        assertThat(report.behind()).isEqualTo(10);
        assertThat(report.freshnessP50Seconds()).isEqualTo(1.5);
        assertThat(report.freshnessP99Seconds()).isEqualTo(4.2);
        for (int i = 0; i < 20; i++) {
            analyses.lastReport();
        }
        Thread.sleep(200);
        assertThat(statusAsked.get()).as("asked again only after its interval, however often it is read").isEqualTo(1);
    }

    @Test
    void aLakeThatIsAwayIsA503WithRetryAfterAndAnAwayReport() throws Exception {
        lake.stop(0);
        RequestRefused refused = catchThrowableOfType(() -> analyses.analysis("receivables-ageing", "t", null, null, null),
                RequestRefused.class);
        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.retryAfterSeconds()).isPositive();
        assertThat(refused.getMessage()).contains("not reachable");
        analyses.lastReport();
        LakeAnalyses.Report report = awaitReport();
        assertThat(report.available()).isFalse();
        assertThat(report.behind()).isNaN();
    }

    @Test
    void oneTenantsSlowAnalysesLeaveTheLakeToTheOthers() throws Exception {
        java.util.List<Thread> asking = new java.util.ArrayList<>();
        java.util.List<Integer> answered = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        for (int i = 0; i < LakeAnalyses.PER_TENANT; i++) {
            asking.add(ask("greedy", answered));
        }
        awaitArrived(LakeAnalyses.PER_TENANT);
        RequestRefused refused = catchThrowableOfType(() -> analyses.analysis("receivables-ageing", "greedy", null, null, null),
                RequestRefused.class);
        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.retryAfterSeconds()).isPositive();
        assertThat(refused.getMessage()).contains("under way");
        asking.add(ask("patient", answered));
        awaitArrived(LakeAnalyses.PER_TENANT + 1);
        assertThat(analysesArrived.get()).as("another tenant's analysis reaches the lake meanwhile").isEqualTo(LakeAnalyses.PER_TENANT + 1);
        analysesMayAnswer.countDown();
        for (Thread thread : asking) {
            thread.join(10_000);
        }
        assertThat(answered).containsOnly(200).hasSize(LakeAnalyses.PER_TENANT + 1);
        assertThat(analyses.analysis("receivables-ageing", "greedy", null, null, null).status()).as("its turn again").isEqualTo(200);
    }

    private Thread ask(String tenant, java.util.List<Integer> answered) {
        Thread thread = new Thread(() -> answered.add(analyses.analysis("receivables-ageing", tenant, null, null, null).status()));
        thread.start();
        return thread;
    }

    private void awaitArrived(int count) throws InterruptedException {
        for (int i = 0; i < 200 && analysesArrived.get() < count; i++) {
            Thread.sleep(25);
        }
        assertThat(analysesArrived.get()).isEqualTo(count);
    }

    private LakeAnalyses.Report awaitReport() throws InterruptedException {
        for (int i = 0; i < 100 && analyses.lastReport() == null; i++) {
            Thread.sleep(50);
        }
        return analyses.lastReport();
    }
}
