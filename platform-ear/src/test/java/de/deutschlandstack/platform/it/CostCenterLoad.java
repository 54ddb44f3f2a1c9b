package de.deutschlandstack.platform.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The load of the operations tests (a database away, a node killed): clients that alternately create a cost center
 * and read the newest ones, without pause, until stopped, and every answer they got — so that a test can say which
 * writes were acknowledged, which requests failed when, and whether any hung.
 */
final class CostCenterLoad implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** Numbers of cost centers, unique over all loads of a test run. */
    private static final AtomicInteger NEXT = new AtomicInteger();

    /**
     * One answer: its status (-1: the connection failed), when the request was sent and answered, whether it was a
     * write and of which cost center number, its Retry-After and body.
     */
    record Answer(int status, long sentAt, long at, boolean write, String number, String retryAfter, String body) {
    }

    private final String root;
    private final String prefix;
    private final Duration hangingAfter;
    private final String authorization;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();
    private final AtomicInteger hanging = new AtomicInteger();
    /** When each client's request under way was sent (0: none under way). */
    private final Map<Thread, Long> pending = new java.util.concurrent.ConcurrentHashMap<>();
    private final List<Thread> threads = new ArrayList<>();

    /** {@code clients} threads against {@code root} as {@code user}; a request not answered within {@code hangingAfter} hangs. */
    CostCenterLoad(String root, String user, String password, String prefix, int clients, Duration hangingAfter) {
        this.root = root;
        this.prefix = prefix;
        this.hangingAfter = hangingAfter;
        this.authorization = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < clients; i++) {
            Thread thread = new Thread(this::run, "load-" + prefix + "-" + i);
            thread.start();
            threads.add(thread);
        }
    }

    private void run() {
        while (running.get()) {
            int n = NEXT.incrementAndGet();
            boolean write = n % 2 == 0;
            // At most 10 characters, the cost center number's length.
            String number = prefix + "-" + n;
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(root + ODataClient.SERVICE
                            + (write ? "CostCenters" : "CostCenters?$top=5&$orderby=ID%20desc")))
                    .timeout(hangingAfter).header("Authorization", authorization).header("Accept", "application/json");
            if (write) {
                request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"CostCenterNumber\": \"" + number + "\", \"Name\": \"Last " + n + "\"}"));
            }
            long sent = System.currentTimeMillis();
            pending.put(Thread.currentThread(), sent);
            try {
                HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
                answers.add(new Answer(response.statusCode(), sent, System.currentTimeMillis(), write, write ? number : null,
                        response.headers().firstValue("Retry-After").orElse(null), response.body()));
            } catch (HttpTimeoutException e) {
                hanging.incrementAndGet();
            } catch (IOException e) {
                answers.add(new Answer(-1, sent, System.currentTimeMillis(), write, null, null, e.toString()));
            } catch (InterruptedException e) {
                return;
            } finally {
                pending.put(Thread.currentThread(), 0L);
            }
        }
    }

    /** How long the oldest request under way has been waiting for its answer (0: none under way). */
    long oldestPendingMillis() {
        long now = System.currentTimeMillis();
        return pending.values().stream().filter(sent -> sent > 0).mapToLong(sent -> now - sent).max().orElse(0);
    }

    int answers() {
        return answers.size();
    }

    void awaitAnswers(int count) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 60_000;
        while (answers.size() < count && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertThat(answers.size()).as("answers of the load " + prefix).isGreaterThanOrEqualTo(count);
    }

    Set<Integer> statuses() {
        Set<Integer> statuses = new TreeSet<>();
        answers.forEach(answer -> statuses.add(answer.status()));
        return statuses;
    }

    /** The answers whose status is none of {@code expected}, at most five. */
    List<Answer> other(Set<Integer> expected) {
        return answers.stream().filter(answer -> !expected.contains(answer.status())).limit(5).toList();
    }

    List<Answer> withStatus(int status) {
        return answers.stream().filter(answer -> answer.status() == status).toList();
    }

    /** The requests that got no answer or one that is not 200 or 201. */
    List<Answer> failures() {
        return answers.stream().filter(answer -> answer.status() != 200 && answer.status() != 201).toList();
    }

    /** The answers to the requests sent from {@code from} to {@code to}. */
    List<Answer> answersSent(long from, long to) {
        return answers.stream().filter(answer -> answer.sentAt() >= from && answer.sentAt() < to).toList();
    }

    /** Statuses of the requests answered after {@code since}. */
    Set<Integer> statusesAfter(long since) {
        Set<Integer> statuses = new TreeSet<>();
        answers.stream().filter(answer -> answer.at() > since).forEach(answer -> statuses.add(answer.status()));
        return statuses;
    }

    /** Statuses per second from {@code since} on: what an outage looked like to the clients. */
    String timeline(long since) {
        Map<Long, Map<Integer, Long>> seconds = new TreeMap<>();
        answers.forEach(answer -> seconds.computeIfAbsent((answer.at() - since) / 1000, s -> new TreeMap<>())
                .merge(answer.status(), 1L, Long::sum));
        return seconds.toString();
    }

    /** The numbers of the cost centers whose creation was acknowledged with 201. */
    Set<String> acknowledged() {
        Set<String> numbers = new HashSet<>();
        answers.stream().filter(answer -> answer.status() == 201).forEach(answer -> numbers.add(answer.number()));
        return numbers;
    }

    int hanging() {
        return hanging.get();
    }

    void stop() throws InterruptedException {
        running.set(false);
        for (Thread thread : threads) {
            thread.join(hangingAfter.toMillis() + 5_000);
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    /** The cost center numbers of {@code tenant} stored in the database at {@code jdbcUrl}, read as its superuser. */
    static List<String> stored(String jdbcUrl, String tenant) throws Exception {
        List<String> numbers = new ArrayList<>();
        try (Connection db = DriverManager.getConnection(jdbcUrl, "dba", "");
             Statement sql = db.createStatement();
             ResultSet rows = sql.executeQuery("select cost_center_number from cost_center where tenant = '" + tenant + "'")) {
            while (rows.next()) {
                numbers.add(rows.getString(1));
            }
        }
        return numbers;
    }
}
