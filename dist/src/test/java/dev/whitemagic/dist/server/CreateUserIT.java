package dev.whitemagic.dist.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.whitemagic.dist.RunningServer;
import dev.whitemagic.dist.SharedServer;
import dev.whitemagic.dist.http.ApiClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code java -jar whitemagic-server.jar create-user <email> --plan <tier>}: a first key in one command, whether a
 * server runs on the data directory or not. Standard output is the raw key alone; the rest goes to standard error.
 */
class CreateUserIT {

    private static final String KEY_PATTERN = "wm_prod_[A-Za-z0-9]{32}";

    @Test
    void withTheServerRunning_asksIt_andTheKeyWorksAtOnce() {
        RunningServer shared = SharedServer.server();
        String email = "first-" + UUID.randomUUID() + "@example.com";

        Result result = run(Map.of("WM_DATA_DIR", shared.dataDir().toString()), "create-user", email, "--plan", "starter");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stdout().strip()).as("only the key on standard output").matches(KEY_PATTERN);
        assertThat(result.stderr()).contains("created " + email).contains("plan starter")
                .doesNotContain(result.stdout().strip());
        ApiClient.Reply me = new ApiClient(shared.baseUrl().toString())
                .get("/api/v1/me", "Authorization", "Bearer " + result.stdout().strip());
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.json().getJsonObject("user").getString("email")).isEqualTo(email);
        assertThat(me.json().getJsonObject("user").getString("plan_tier")).isEqualTo("starter");

        Result again = run(Map.of("WM_DATA_DIR", shared.dataDir().toString()), "create-user", email);
        assertThat(again.exitCode()).as("the same email twice").isEqualTo(1);
        assertThat(again.stdout()).isEmpty();
        assertThat(again.stderr()).contains("409").contains("exists");

        Result badPlan = run(Map.of("WM_DATA_DIR", shared.dataDir().toString()), "create-user",
                "other-" + UUID.randomUUID() + "@example.com", "--plan", "gold");
        assertThat(badPlan.exitCode()).isEqualTo(1);
        assertThat(badPlan.stderr()).contains("400").contains("--plan");
        assertThat(shared.log()).as("the key is never logged").doesNotContain(result.stdout().strip());
    }

    @Test
    void withoutAServer_startsOneForTheCommand_andTheKeyWorksOnTheNextStart() {
        Path dataDir = RunningServer.freshDirectory("create-user-cold");

        Result result = run(Map.of("WM_DATA_DIR", dataDir.toString()), "create-user", "cold@example.com", "--plan=pro");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        String key = result.stdout().strip();
        assertThat(key).matches(KEY_PATTERN);
        assertThat(result.stderr()).contains("no server runs on").contains("created cold@example.com");
        assertThat(dataDir.resolve("postgres/postmaster.pid")).as("the command's database stopped again").doesNotExist();
        assertThat(dataDir.resolve("runtime/local-admin.properties")).doesNotExist();

        try (RunningServer server = RunningServer.start("create-user-cold", Map.of("WM_DATA_DIR", dataDir.toString()))) {
            ApiClient.Reply me = new ApiClient(server.baseUrl().toString()).get("/api/v1/me", "Authorization",
                    "Bearer " + key);
            assertThat(me.status()).isEqualTo(200);
            assertThat(me.json().getJsonObject("user").getString("plan_tier")).isEqualTo("pro");
            // Without WM_ADMIN_TOKEN the admin API stays hidden from everyone who lacks the local token.
            assertThat(new ApiClient(server.baseUrl().toString()).get("/api/v1/admin/users?email=cold@example.com",
                    "Authorization", "Bearer " + key).status()).isEqualTo(404);
            Path localAdmin = dataDir.resolve("runtime/local-admin.properties");
            assertThat(localAdmin).exists();
            try {
                assertThat(Files.getPosixFilePermissions(localAdmin)).as("readable by the server's user only")
                        .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Test
    void unusableArguments_exitWith2AndTheUsage() {
        Result noEmail = run(Map.of(), "create-user");
        assertThat(noEmail.exitCode()).isEqualTo(2);
        assertThat(noEmail.stderr()).contains("usage: java -jar whitemagic-server.jar create-user <email>");
        Result unknown = run(Map.of(), "make-coffee");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.stderr()).contains("unknown command 'make-coffee'");
        Result help = run(Map.of(), "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.stdout()).contains("create-user");
    }

    private record Result(int exitCode, String stdout, String stderr) {
    }

    private static Result run(Map<String, String> environment, String... args) {
        try {
            Path out = Files.createTempFile("create-user", ".out");
            Path err = Files.createTempFile("create-user", ".err");
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-jar", RunningServer.serverJar().toString()));
            command.addAll(List.of(args));
            ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
            builder.environment().keySet().removeIf(variable -> variable.startsWith("WM_"));
            String runtime = System.getProperty(RunningServer.RUNTIME_PROPERTY, "");
            if (!runtime.isBlank()) {
                builder.environment().put("WM_RUNTIME", runtime);
            }
            builder.environment().putAll(environment);
            Process process = builder.start();
            if (!process.waitFor(4, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError("create-user did not end within 4 minutes");
            }
            Result result = new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
