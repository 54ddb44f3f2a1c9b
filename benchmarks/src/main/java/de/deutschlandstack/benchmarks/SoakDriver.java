package de.deutschlandstack.benchmarks;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The soak of docs/benchmarks.md: a mixed load of both demo tenants (reads of sales orders and cost centers, creates of
 * cost centers), first as fast as {@code clients} closed-loop clients go (the peak), then paced at 80 % of that peak for
 * the soak's duration. Every window reports requests, errors, the p99 latency and the server's resident memory (VmRSS of
 * its JVM); the summary compares the p99 and the memory after the warm-up with the end.
 * <p>
 * Arguments: base URL, the server JVM's pid, peak seconds, soak seconds, clients, window seconds, warm-up seconds.
 */
public final class SoakDriver {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String[] USERS = {"anna@stadt-muenchen", "ben@bayern-werke"};
    private static final AtomicLong NUMBERS = new AtomicLong(System.currentTimeMillis() % 1_000_000_000L);

    private SoakDriver() {
    }

    /** One window of the soak: its requests, errors, latencies. */
    private static final class Window {
        final AtomicLong requests = new AtomicLong();
        final AtomicLong errors = new AtomicLong();
        final ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();

        double p99Millis() {
            long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
            return sorted.length == 0 ? Double.NaN : sorted[(int) Math.min(sorted.length - 1, Math.ceil(0.99 * sorted.length) - 1)] / 1e6;
        }
    }

    public static void main(String[] args) throws Exception {
        String base = args[0];
        long pid = Long.parseLong(args[1]);
        int peakSeconds = Integer.parseInt(args[2]);
        int soakSeconds = Integer.parseInt(args[3]);
        int clients = Integer.parseInt(args[4]);
        int windowSeconds = Integer.parseInt(args[5]);
        int warmupSeconds = Integer.parseInt(args[6]);

        Window peak = new Window();
        run(base, clients, peakSeconds, 0, new Window[]{peak}, peakSeconds);
        double peakRate = peak.requests.get() / (double) peakSeconds;
        double rate = 0.8 * peakRate;
        System.out.printf(Locale.ROOT, "## Soak: peak %.1f req/s with %d clients (%d errors, p99 %.1f ms); soak at 80 %% = %.1f req/s for %d s%n%n",
                peakRate, clients, peak.errors.get(), peak.p99Millis(), rate, soakSeconds);

        int windowsCount = (soakSeconds + windowSeconds - 1) / windowSeconds;
        Window[] windows = new Window[windowsCount];
        for (int i = 0; i < windowsCount; i++) {
            windows[i] = new Window();
        }
        long[] rss = new long[windowsCount];
        Thread sampler = new Thread(() -> {
            for (int i = 0; i < windowsCount; i++) {
                try {
                    Thread.sleep(windowSeconds * 1000L);
                } catch (InterruptedException e) {
                    return;
                }
                rss[i] = rssKiB(pid);
            }
        });
        sampler.start();
        run(base, clients, soakSeconds, rate, windows, windowSeconds);
        sampler.join();

        System.out.println("| minute | req/s | errors | p99 ms | RSS MiB |");
        System.out.println("|---:|---:|---:|---:|---:|");
        long errors = 0;
        for (int i = 0; i < windowsCount; i++) {
            errors += windows[i].errors.get();
            System.out.printf(Locale.ROOT, "| %.1f | %.1f | %d | %.1f | %.0f |%n", (i + 1) * windowSeconds / 60.0,
                    windows[i].requests.get() / (double) windowSeconds, windows[i].errors.get(), windows[i].p99Millis(), rss[i] / 1024.0);
        }
        int warm = Math.min(windowsCount - 1, Math.max(0, warmupSeconds / windowSeconds - 1));
        double growth = 100.0 * (rss[windowsCount - 1] - rss[warm]) / rss[warm];
        System.out.printf(Locale.ROOT, "%nErrors: %d. p99 after warm-up %.1f ms, at the end %.1f ms. RSS after warm-up %.0f MiB, at the end %.0f MiB: %+.1f %%.%n",
                errors, windows[warm].p99Millis(), windows[windowsCount - 1].p99Millis(), rss[warm] / 1024.0,
                rss[windowsCount - 1] / 1024.0, growth);
    }

    /**
     * {@code clients} threads for {@code seconds}: as fast as they go when {@code rate} is 0, else each paced to its share of
     * the rate (a request due while one is still running is sent at once after it, none is skipped).
     */
    private static void run(String base, int clients, int seconds, double rate, Window[] windows, int windowSeconds) throws InterruptedException {
        AtomicBoolean running = new AtomicBoolean(true);
        long start = System.nanoTime();
        long end = start + seconds * 1_000_000_000L;
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int client = c;
            Thread thread = new Thread(() -> {
                long interval = rate == 0 ? 0 : (long) (1e9 * clients / rate);
                long due = System.nanoTime() + (interval == 0 ? 0 : interval * client / clients);
                for (long n = client; running.get(); n += clients) {
                    if (interval > 0) {
                        long wait = due - System.nanoTime();
                        if (wait > 0) {
                            sleepNanos(wait);
                        }
                        due += interval;
                    }
                    long now = System.nanoTime();
                    if (now >= end) {
                        return;
                    }
                    Window window = windows[(int) Math.min(windows.length - 1, (now - start) / (windowSeconds * 1_000_000_000L))];
                    boolean ok = request(base, USERS[(int) (n % 2)], n);
                    window.latencies.add(System.nanoTime() - now);
                    window.requests.incrementAndGet();
                    if (!ok) {
                        window.errors.incrementAndGet();
                    }
                }
            });
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        running.set(false);
    }

    /** 70 % reads of sales orders, 15 % reads of cost centers, 15 % creates of a cost center; false on anything but 2xx. */
    private static boolean request(String base, String user, long n) {
        String authorization = "Basic " + Base64.getEncoder().encodeToString((user + ":demo").getBytes(StandardCharsets.UTF_8));
        HttpRequest.Builder request;
        int kind = (int) (n % 20);
        if (kind < 14) {
            request = HttpRequest.newBuilder(URI.create(base + "/odata/v4/erp/SalesOrders?$top=20&$orderby="
                    + URLEncoder.encode("OrderDate desc", StandardCharsets.UTF_8) + "&$filter="
                    + URLEncoder.encode("Status eq 'OPEN'", StandardCharsets.UTF_8)));
        } else if (kind < 17) {
            request = HttpRequest.newBuilder(URI.create(base + "/odata/v4/erp/CostCenters?$top=20"));
        } else {
            String number = "S" + Long.toString(NUMBERS.incrementAndGet(), 36);
            request = HttpRequest.newBuilder(URI.create(base + "/odata/v4/erp/CostCenters"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"CostCenterNumber\":\"" + number + "\",\"Name\":\"Dauerlast\"}"));
        }
        try {
            HttpResponse<Void> response = HTTP.send(request.header("Authorization", authorization).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.discarding());
            return response.statusCode() / 100 == 2;
        } catch (Exception e) {
            return false;
        }
    }

    private static long rssKiB(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (Exception e) {
            // the server is gone: the table shows 0
        }
        return 0;
    }

    private static void sleepNanos(long nanos) {
        try {
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
