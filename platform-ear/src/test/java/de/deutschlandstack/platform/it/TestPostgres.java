package de.deutschlandstack.platform.it;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A PostgreSQL of a test's own, through {@code src/test/postgres/pg-test-server.sh}: {@code start}, {@code stop},
 * {@code halt}, {@code resume}, {@code freeze}, {@code thaw}, {@code backup FILE}, {@code restore FILE} (the script says
 * what each does).
 */
final class TestPostgres {

    private TestPostgres() {
    }

    static void run(String action, int port, String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", "src/test/postgres/pg-test-server.sh", action, String.valueOf(port)));
        command.addAll(List.of(arguments));
        Process script = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(script.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(script.waitFor()).as("pg-test-server.sh " + action + ": " + output).isZero();
    }
}
