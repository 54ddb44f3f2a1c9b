package de.deutschlandstack.platform.it;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's "Try it" examples, run as written with curl against the test server (only host and ports
 * replaced). A command commented with a status ({@code # 404}) must fail with it; every other must succeed.
 */
class ReadmeExamplesIT extends PlatformIT {

    private static final Pattern EXPECTED_STATUS = Pattern.compile("\\s+#\\s*(\\d{3})\\s*$");

    /** The commands of the README's "Try it" block, continuation lines joined. */
    static List<String> examples() throws IOException {
        return examples("## Try it");
    }

    /** The commands of the first bash block under a heading of the README, continuation lines joined. */
    static List<String> examples(String heading) throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
        int section = readme.indexOf(heading);
        int start = readme.indexOf("```bash\n", section) + "```bash\n".length();
        String block = readme.substring(start, readme.indexOf("```", start));
        List<String> commands = new ArrayList<>();
        StringBuilder command = new StringBuilder();
        for (String line : block.split("\n")) {
            if (command.isEmpty() && (line.isBlank() || line.startsWith("#"))) {
                continue;
            }
            if (line.endsWith("\\")) {
                command.append(line, 0, line.length() - 1).append(' ');
            } else {
                commands.add(command.append(line).toString());
                command.setLength(0);
            }
        }
        return commands;
    }

    @Test
    void theReadmesExamplesWorkAsWritten() throws Exception {
        List<String> examples = examples();
        assertThat(examples).hasSizeGreaterThanOrEqualTo(8);
        String output = run(examples, serverRoot());
        assertThat(output).contains("\"OrderNumber\":\"SM-100001\"", "Bäckerei Huber", "Lieferung an Pforte 3",
                "\"@odata.count\":", "<edmx:Edmx", "\"status\":\"UP\"", "\"Status\":\"RELEASED\"", "\"EntryNumber\":\"BU-2026-",
                "\"Direction\":\"INCOMING\"", "\"responses\":[", "\"@odata.deltaLink\":", "payment-delay-risk", "\"slots\":");
    }

    /** Runs the commands with curl against the server, as written; returns what they printed. */
    static String run(List<String> examples, String serverRoot) throws Exception {
        StringBuilder script = new StringBuilder("set -euo pipefail\n")
                .append("curl() { command curl -sS --fail-with-body --max-time 60 \"$@\"; local status=$?; echo; return $status; }\n");
        for (String example : examples) {
            String command = example.replace("http://localhost:8080", serverRoot).replace("http://localhost:9990", "http://127.0.0.1:10090");
            Matcher status = EXPECTED_STATUS.matcher(command);
            if (status.find()) {
                // Expected to fail with that status: curl's --fail-with-body exits 22 and prints it.
                script.append("if out=$(").append(command, 0, status.start()).append(" -w '%{http_code}'); then exit 97; fi\n")
                        .append("[[ \"$out\" == *").append(status.group(1)).append(" ]] || exit 98\n");
            } else {
                script.append(command).append('\n');
            }
        }
        Process bash = new ProcessBuilder("bash", "-c", script.toString()).redirectErrorStream(true).start();
        String output = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(bash.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(bash.exitValue()).as(script + "\n---\n" + output).isZero();
        return output;
    }
}
