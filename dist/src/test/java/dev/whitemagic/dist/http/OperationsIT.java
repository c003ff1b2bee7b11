package dev.whitemagic.dist.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.whitemagic.dist.SharedServer;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

/** The public operational endpoints: version, health, metrics. */
class OperationsIT {

    private final ApiClient api = new ApiClient(SharedServer.baseUrl().toString());

    @Test
    void version_isPublic_andNamesTheBuild() {
        ApiClient.Reply reply = api.get("/api/v1/version");
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.header("Content-Type")).startsWith("application/json");
        assertThat(reply.header("X-Content-Type-Options")).isEqualTo("nosniff");
        JsonObject body = reply.json();
        assertThat(body.getString("api_version")).isEqualTo("v1");
        assertThat(body.getString("version")).matches("\\d+\\.\\d+\\.\\d+.*");
        assertThat(body.getString("revision")).isNotBlank();
        assertThat(body.keySet()).containsExactlyInAnyOrder("version", "api_version", "revision");
    }

    @Test
    void liveness_isUp() {
        ApiClient.Reply reply = api.get("/health/live");
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().getString("status")).isEqualTo("UP");
    }

    @Test
    void readiness_isUp_becauseTheDatabaseAnswersAndMigrationsRan() {
        ApiClient.Reply reply = api.get("/health/ready");
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        JsonObject body = reply.json();
        assertThat(body.getString("status")).isEqualTo("UP");
        JsonObject database = body.getJsonArray("checks").getValuesAs(JsonObject.class).stream()
                .filter(check -> "database".equals(check.getString("name")))
                .findFirst().orElseThrow(() -> new AssertionError("no database check in " + body));
        assertThat(database.getString("status")).isEqualTo("UP");
        assertThat(Integer.parseInt(database.getJsonObject("data").get("applied_change_sets").toString()
                .replace("\"", ""))).isPositive();
    }

    @Test
    void metrics_countAndTimeRequests_byRouteTemplateMethodAndStatusClass() {
        api.get("/api/v1/version");
        api.get("/nosuch/0b6f2c1e-9d7a-4f0e-8c55-1a2b3c4d5e6f");
        api.get("/api/v1/keys/self");
        assertThat(api.send("PUT", "/api/v1/version", java.net.http.HttpRequest.BodyPublishers.noBody()).status())
                .isEqualTo(405);

        ApiClient.Reply reply = api.get("/metrics?scope=application", "Accept", "text/plain");
        assertThat(reply.status()).isEqualTo(200);
        String text = reply.body();
        assertThat(text).containsPattern(
                "wm_http_requests_total\\{(?=[^}]*method=\"GET\")(?=[^}]*route=\"/api/v1/version\")"
                        + "(?=[^}]*status_class=\"2xx\")[^}]*} [1-9]");
        assertThat(text).containsPattern(
                "wm_http_request_duration_seconds_count\\{(?=[^}]*route=\"/api/v1/version\")[^}]*} [1-9]");
        assertThat(text).containsPattern(
                "wm_http_requests_total\\{(?=[^}]*route=\"unmatched\")(?=[^}]*status_class=\"4xx\")[^}]*} [1-9]");
        assertThat(text).as("a 405 is tagged with the template its path fits, as metering names it").containsPattern(
                "wm_http_requests_total\\{(?=[^}]*method=\"PUT\")(?=[^}]*route=\"/api/v1/version\")"
                        + "(?=[^}]*status_class=\"4xx\")[^}]*} [1-9]");
        assertThat(text).containsPattern("wm_auth_attempts_total\\{(?=[^}]*outcome=\"missing\")[^}]*} [1-9]");
        assertThat(text).as("raw paths and ids never become tags").doesNotContain("0b6f2c1e").doesNotContain("nosuch");
    }
}
