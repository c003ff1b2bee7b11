package dev.whitemagic.rest.error;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProblemTest {

    private static JsonObject parse(Problem problem) {
        try (var reader = Json.createReader(new StringReader(problem.toJson()))) {
            return reader.readObject();
        }
    }

    @Test
    void toJson_carriesEveryMemberOfTheContract() {
        JsonObject json = parse(Problem.of(ProblemCode.QUOTA_EXCEEDED, "memory limit of plan free (50) reached",
                "/api/v1/memories", "req-1"));

        assertThat(json.getString("type")).isEqualTo("https://whitemagic.dev/problems/quota-exceeded");
        assertThat(json.getString("title")).isEqualTo("Quota exceeded");
        assertThat(json.getInt("status")).isEqualTo(403);
        assertThat(json.getString("detail")).isEqualTo("memory limit of plan free (50) reached");
        assertThat(json.getString("instance")).isEqualTo("/api/v1/memories");
        assertThat(json.getString("code")).isEqualTo("quota_exceeded");
        assertThat(json.getString("request_id")).isEqualTo("req-1");
        assertThat(json).doesNotContainKey("errors");
    }

    @Test
    void toJson_missingDetail_isPresentAsNull() {
        JsonObject json = parse(Problem.of(ProblemCode.NOT_FOUND, null, "/x", "r"));
        assertThat(json.isNull("detail")).isTrue();
    }

    @Test
    void invalid_listsTheFieldErrors() {
        JsonObject json = parse(Problem.invalid("2 fields are invalid",
                List.of(new Problem.FieldError("title", "must not be blank"),
                        new Problem.FieldError("limit", "must be at most 200")), "/api/v1/memories", "r"));

        assertThat(json.getString("code")).isEqualTo("validation_failed");
        assertThat(json.getInt("status")).isEqualTo(400);
        assertThat(json.getJsonArray("errors")).hasSize(2);
        assertThat(json.getJsonArray("errors").getJsonObject(0).getString("field")).isEqualTo("title");
        assertThat(json.getJsonArray("errors").getJsonObject(1).getString("message")).isEqualTo("must be at most 200");
    }

    @Test
    void invalid_withoutFieldErrors_hasNoErrorsMember() {
        assertThat(parse(Problem.invalid("malformed JSON", List.of(), "/x", "r"))).doesNotContainKey("errors");
    }

    @Test
    void toJson_escapesWhatItQuotes() {
        JsonObject json = parse(Problem.of(ProblemCode.NOT_FOUND, "no \"memory\" here\n", "/a\"b", "r"));
        assertThat(json.getString("detail")).isEqualTo("no \"memory\" here\n");
        assertThat(json.getString("instance")).isEqualTo("/a\"b");
    }

    @Test
    void everyCode_hasAStableSnakeCaseNameAndAMatchingType() {
        for (ProblemCode code : ProblemCode.values()) {
            assertThat(code.code()).matches("[a-z]+(_[a-z]+)*");
            assertThat(code.type()).endsWith("/" + code.code().replace('_', '-'));
            assertThat(code.status()).isBetween(400, 599);
        }
    }

    @Test
    void forStatus_mapsContainerStatusesToTheirCodes() {
        assertThat(ProblemCode.forStatus(404)).isEqualTo(ProblemCode.NOT_FOUND);
        assertThat(ProblemCode.forStatus(405)).isEqualTo(ProblemCode.METHOD_NOT_ALLOWED);
        assertThat(ProblemCode.forStatus(413)).isEqualTo(ProblemCode.PAYLOAD_TOO_LARGE);
        assertThat(ProblemCode.forStatus(415)).isEqualTo(ProblemCode.UNSUPPORTED_MEDIA_TYPE);
        assertThat(ProblemCode.forStatus(400)).isEqualTo(ProblemCode.VALIDATION_FAILED);
        assertThat(ProblemCode.forStatus(502)).isEqualTo(ProblemCode.INTERNAL_ERROR);
        assertThat(ProblemCode.forStatus(503)).isEqualTo(ProblemCode.SERVICE_UNAVAILABLE);
    }
}
