package dev.whitemagic.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
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
    void log_capturesTheWholeConsole() throws IOException {
        assertThat(Files.readString(SharedServer.log()))
                .contains("starting embedded PostgreSQL")
                .contains("Payara Micro")
                .contains(RunningServer.READY_LINE + SharedServer.baseUrl());
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(SharedServer.baseUrl().resolve(path)).GET().build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
