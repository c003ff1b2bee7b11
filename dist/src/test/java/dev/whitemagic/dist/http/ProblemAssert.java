package dev.whitemagic.dist.http;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;

/** Checks that an answer is a problem-details body exactly as the contract describes. */
public final class ProblemAssert {

    private ProblemAssert() {
    }

    public static JsonObject assertProblem(ApiClient.Reply reply, int status, String code) {
        return assertProblem(reply.toString(), reply.status(), reply.header("Content-Type"), reply.header("X-Request-ID"),
                reply.body(), status, code);
    }

    public static JsonObject assertProblem(RawHttp.Reply reply, int status, String code) {
        return assertProblem(reply.toString(), reply.status(), reply.header("Content-Type"), reply.header("X-Request-ID"),
                reply.body(), status, code);
    }

    private static JsonObject assertProblem(String answer, int actualStatus, String contentType, String requestId,
                                            String text, int status, String code) {
        assertThat(actualStatus).as(answer).isEqualTo(status);
        assertThat(contentType).as(answer).startsWith("application/problem+json");
        JsonObject body;
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
            body = reader.readObject();
        }
        assertThat(body.getInt("status")).as(answer).isEqualTo(status);
        assertThat(body.getString("code")).isEqualTo(code);
        assertThat(body.getString("type")).isEqualTo("https://whitemagic.dev/problems/" + code.replace('_', '-'));
        assertThat(body.getString("title")).isNotBlank();
        assertThat(body).containsKeys("detail", "instance");
        assertThat(body.getString("request_id")).isEqualTo(requestId).isNotBlank();
        assertThat(text).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("<html");
        if (!"validation_failed".equals(code)) {
            assertThat(body).doesNotContainKey("errors");
        }
        return body;
    }
}
