package dev.whitemagic.dist.http;

import static dev.whitemagic.dist.http.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.whitemagic.dist.SharedServer;
import jakarta.json.JsonObject;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ErrorsIT {

    private final ApiClient api = new ApiClient(SharedServer.baseUrl().toString());

    @ParameterizedTest
    @ValueSource(strings = {"/nosuch", "/api/v2/version", "/webhooks/nosuch", "/api", "/api/v1"})
    void unknownRoute_isNotFoundProblem(String path) {
        JsonObject body = assertProblem(api.get(path), 404, "not_found");
        assertThat(body.getString("instance")).isEqualTo(path);
    }

    @Test
    void wrongMethod_isMethodNotAllowed_withAllowHeader() {
        ApiClient.Reply reply = api.send("DELETE", "/api/v1/version", HttpRequest.BodyPublishers.noBody());
        assertProblem(reply, 405, "method_not_allowed");
        assertThat(reply.header("Allow")).as("what OPTIONS lists too").isEqualTo("HEAD, GET, OPTIONS");
        assertThat(api.send("OPTIONS", "/api/v1/version", HttpRequest.BodyPublishers.noBody()).header("Allow"))
                .isEqualTo("HEAD, GET, OPTIONS");
    }

    @Test
    void bodyOverTheLimit_isPayloadTooLarge_beforeAnythingElse() {
        byte[] body = new byte[1024 * 1024 + 1];
        ApiClient.Reply reply = api.send("POST", "/api/v1/version", HttpRequest.BodyPublishers.ofByteArray(body),
                "Content-Type", "application/json");
        assertProblem(reply, 413, "payload_too_large");
    }

    @Test
    void bodyAtTheLimit_isNotRefusedForItsSize() {
        byte[] body = new byte[1024 * 1024];
        ApiClient.Reply reply = api.send("POST", "/api/v1/version", HttpRequest.BodyPublishers.ofByteArray(body),
                "Content-Type", "application/json");
        assertProblem(reply, 405, "method_not_allowed");
    }

    @Test
    void everyErrorCarriesTheSafetyHeaders_andADate() {
        // A 404 of the application and a 401 of the authentication mechanism, which answers before any filter.
        for (ApiClient.Reply reply : List.of(api.get("/nosuch"), api.get("/api/v1/memories"))) {
            assertThat(reply.header("X-Content-Type-Options")).isEqualTo("nosniff");
            assertThat(reply.header("X-Request-ID")).isNotBlank();
            Instant date = Instant.from(DateTimeFormatter.RFC_1123_DATE_TIME.parse(reply.header("Date")));
            assertThat(reply.header("Date")).as("IMF-fixdate").endsWith(" GMT");
            assertThat(Duration.between(date, Instant.now()).abs()).isLessThan(Duration.ofMinutes(1));
        }
    }
}
