package dev.whitemagic.dist.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The alerting rules, checked by Prometheus's own tool: {@code promtool check rules} loads them as a Prometheus
 * server would, and {@code promtool test rules} runs their unit tests (each alert fires on the series that should
 * page someone, and stays quiet on the others). promtool comes with Debian's {@code prometheus} package.
 */
class PrometheusRulesTest {

    private record Run(int exitCode, String output) {
    }

    private static Run promtool(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(promtool()));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).directory(DeployFiles.ALERTS.getParent().toFile())
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("promtool finished").isTrue();
        return new Run(process.exitValue(), output);
    }

    private static String promtool() {
        for (String directory : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path candidate = Path.of(directory, "promtool");
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        throw new AssertionError("promtool is not on the PATH: install Debian's prometheus package"
                + " (apt-get install prometheus; .ci/run does when it is missing)");
    }

    @Test
    void promtool_loadsTheRules() throws Exception {
        Run check = promtool("check", "rules", DeployFiles.ALERTS.getFileName().toString());

        assertThat(check.exitCode()).as(check.output()).isZero();
        assertThat(check.output()).contains("SUCCESS: " + DeployFiles.alertRules().size() + " rules found");
    }

    @Test
    void promtool_passesTheRulesUnitTests() throws Exception {
        Run test = promtool("test", "rules", DeployFiles.ALERT_TESTS.getFileName().toString());

        assertThat(test.exitCode()).as(test.output()).isZero();
        assertThat(test.output()).contains("SUCCESS");
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyAlert_isTestedFiring_andQuiet() {
        Set<String> firing = new HashSet<>();
        Set<String> quiet = new HashSet<>();
        for (Object test : (List<Object>) DeployFiles.yaml(DeployFiles.ALERT_TESTS).get("tests")) {
            for (Object check : (List<Object>) ((Map<String, Object>) test).get("alert_rule_test")) {
                Map<String, Object> expectation = (Map<String, Object>) check;
                List<Object> expected = (List<Object>) expectation.get("exp_alerts");
                (expected == null || expected.isEmpty() ? quiet : firing).add((String) expectation.get("alertname"));
            }
        }
        Set<String> alerts = new HashSet<>();
        DeployFiles.alertRules().forEach(rule -> alerts.add((String) rule.get("alert")));

        assertThat(firing).as("alerts tested firing").isEqualTo(alerts);
        assertThat(quiet).as("alerts tested quiet").isEqualTo(alerts);
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyAlert_saysHowUrgentItIs_andWhatHappened() {
        for (Map<String, Object> rule : DeployFiles.alertRules()) {
            assertThat(((Map<String, Object>) rule.get("labels")).get("severity")).as(rule.get("alert") + " severity")
                    .isIn("page", "warning");
            assertThat((Map<String, Object>) rule.get("annotations")).as(rule.get("alert") + " annotations")
                    .containsKeys("summary", "description");
        }
    }
}
