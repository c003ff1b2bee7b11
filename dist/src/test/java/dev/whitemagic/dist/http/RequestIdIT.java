package dev.whitemagic.dist.http;

import static dev.whitemagic.dist.http.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.whitemagic.dist.SharedServer;
import org.junit.jupiter.api.Test;

class RequestIdIT {

    private final ApiClient api = new ApiClient(SharedServer.baseUrl().toString());

    @Test
    void saneClientId_isEchoed_onSuccessAndOnError() {
        assertThat(api.get("/api/v1/version", "X-Request-ID", "client-42").header("X-Request-ID"))
                .isEqualTo("client-42");
        ApiClient.Reply error = api.get("/nosuch", "X-Request-ID", "client-43");
        assertThat(error.header("X-Request-ID")).isEqualTo("client-43");
        assertThat(assertProblem(error, 404, "not_found").getString("request_id")).isEqualTo("client-43");
    }

    @Test
    void unsafeClientId_isReplacedByAFreshOne() {
        ApiClient.Reply reply = api.get("/api/v1/version", "X-Request-ID", "x".repeat(300));
        assertThat(reply.header("X-Request-ID")).matches("[0-9a-f]{32}");
        ApiClient.Reply spaced = api.get("/api/v1/version", "X-Request-ID", "two words");
        assertThat(spaced.header("X-Request-ID")).matches("[0-9a-f]{32}");
    }

    @Test
    void withoutClientId_everyResponseGetsItsOwn() {
        String first = api.get("/api/v1/version").header("X-Request-ID");
        String second = api.get("/api/v1/version").header("X-Request-ID");
        assertThat(first).matches("[0-9a-f]{32}");
        assertThat(second).matches("[0-9a-f]{32}").isNotEqualTo(first);
    }
}
