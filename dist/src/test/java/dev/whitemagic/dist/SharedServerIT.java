package dev.whitemagic.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The shared server other ITs use: reachable at {@link SharedServer#baseUrl()}, its console in {@link SharedServer#log()}.
 */
class SharedServerIT {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void version_answersWithApiVersionV1() throws IOException, InterruptedException {
        HttpResponse<String> response = get("api/v1/version");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        assertThat(response.body()).contains("\"api_version\":\"v1\"");
    }

    @Test
    void healthReady_answers200() throws IOException, InterruptedException {
        assertThat(get("health/ready").statusCode()).isEqualTo(200);
    }

    @Test
    void console_isShortAndPlain_whileTheServerLogHasEverything() throws IOException {
        String console = Files.readString(SharedServer.log());
        assertThat(console)
                .contains("starting embedded PostgreSQL")
                .contains(RunningServer.serverName())
                .contains(RunningServer.READY_LINE + SharedServer.baseUrl())
                .contains(SharedServer.baseUrl().resolve("dashboard").toString())
                .contains(SharedServer.baseUrl().resolve("docs").toString())
                .contains(SharedServer.baseUrl().resolve("openapi").toString())
                .contains(SharedServer.baseUrl().resolve("health/ready").toString())
                .contains("create-user")
                .doesNotContain("\u001B[");
        List<String> untilReady = console.lines().takeWhile(line -> !line.startsWith(RunningServer.READY_LINE)).toList();
        assertThat(untilReady.size() + 7).as("a normal start's console, ready line and its URLs included:\n" + console)
                .isLessThan(30);
        String serverLog = SharedServer.server().serverLog();
        assertThat(serverLog).as("the full log").contains("Liquibase").contains("Deployed")
                .contains("initdb").doesNotContain("\u001B[");
        assertThat(console).as("says where the full log is").contains("logs/server.log");
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(SharedServer.baseUrl().resolve(path)).GET().build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
