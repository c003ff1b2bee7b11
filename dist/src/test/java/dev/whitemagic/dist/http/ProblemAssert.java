package dev.whitemagic.dist.http;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;

/** Checks that an answer is a problem-details body exactly as the contract describes. */
public final class ProblemAssert {

    private ProblemAssert() {
    }

    public static JsonObject assertProblem(ApiClient.Reply reply, int status, String code) {
        assertThat(reply.status()).as(reply.toString()).isEqualTo(status);
        assertThat(reply.header("Content-Type")).as(reply.toString()).startsWith("application/problem+json");
        JsonObject body = reply.json();
        assertThat(body.getInt("status")).isEqualTo(status);
        assertThat(body.getString("code")).isEqualTo(code);
        assertThat(body.getString("type")).isEqualTo("https://whitemagic.dev/problems/" + code.replace('_', '-'));
        assertThat(body.getString("title")).isNotBlank();
        assertThat(body).containsKeys("detail", "instance");
        assertThat(body.getString("request_id")).isEqualTo(reply.header("X-Request-ID")).isNotBlank();
        assertThat(reply.body()).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("<html");
        if (!"validation_failed".equals(code)) {
            assertThat(body).doesNotContainKey("errors");
        }
        return body;
    }
}
