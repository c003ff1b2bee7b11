package dev.whitemagic.dist.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.whitemagic.dist.SharedServer;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

class OpenApiIT {

    private final ApiClient api = new ApiClient(SharedServer.baseUrl().toString());

    private JsonObject document() {
        ApiClient.Reply reply = api.get("/openapi", "Accept", "application/json");
        assertThat(reply.status()).isEqualTo(200);
        return reply.json();
    }

    @Test
    void document_isOpenApi3_withTheServiceTitleAndVersion() {
        JsonObject doc = document();
        assertThat(doc.getString("openapi")).startsWith("3.");
        assertThat(doc.getJsonObject("info").getString("title")).isEqualTo("WhiteMagic Cloud API");
        assertThat(doc.getJsonObject("info").getString("version")).isNotBlank();
    }

    @Test
    void document_declaresBothWaysToPresentAnApiKey() {
        JsonObject schemes = document().getJsonObject("components").getJsonObject("securitySchemes");
        JsonObject bearer = schemes.getJsonObject("bearerAuth");
        assertThat(bearer.getString("type")).isEqualTo("http");
        assertThat(bearer.getString("scheme")).isEqualTo("bearer");
        JsonObject apiKey = schemes.getJsonObject("apiKeyAuth");
        assertThat(apiKey.getString("type")).isEqualTo("apiKey");
        assertThat(apiKey.getString("in")).isEqualTo("header");
        assertThat(apiKey.getString("name")).isEqualTo("X-API-Key");
    }

    @Test
    void document_listsTheVersionEndpoint_withItsSchemaAndProblemAnswers() {
        JsonObject doc = document();
        JsonObject get = doc.getJsonObject("paths").getJsonObject("/api/v1/version").getJsonObject("get");
        assertThat(get.getJsonObject("responses").keySet()).contains("200", "500");
        JsonObject schemas = doc.getJsonObject("components").getJsonObject("schemas");
        assertThat(schemas.getJsonObject("Version").getJsonObject("properties").keySet())
                .containsExactlyInAnyOrder("version", "api_version", "revision");
        assertThat(schemas.getJsonObject("Problem").getJsonObject("properties").keySet())
                .contains("type", "title", "status", "detail", "instance", "code", "request_id", "errors");
    }

    @Test
    void document_onlyDescribesTheService_notItsLibraries() {
        JsonObject schemas = document().getJsonObject("components").getJsonObject("schemas");
        assertThat(schemas.keySet()).noneMatch(name -> name.startsWith("Jaxb") || name.startsWith("hibernate"));
    }

    @Test
    void document_hasNoMeaningChangingDefaults() {
        String raw = api.get("/openapi", "Accept", "application/json").body();
        assertThat(raw).doesNotContain("\"maxProperties\":0").doesNotContain("\"maxProperties\": 0");
    }

    @Test
    void everyPropertyName_isSnakeCase_asTheBodiesAre() {
        JsonObject schemas = document().getJsonObject("components").getJsonObject("schemas");
        schemas.forEach((name, schema) -> {
            JsonObject properties = schema.asJsonObject().getJsonObject("properties");
            if (properties != null) {
                assertThat(properties.keySet()).as(name).allMatch(p -> p.matches("[a-z0-9_]+"));
            }
        });
        assertThat(schemas.getJsonObject("ApiKey").getJsonObject("properties").keySet())
                .containsExactlyInAnyOrder("id", "name", "key_prefix", "environment", "scopes", "is_active",
                        "created_at", "last_used_at", "expires_at", "revoked_at");
    }

    @Test
    void everyKeyAndAdminEndpoint_isDocumented_withItsProblemAnswers() {
        JsonObject paths = document().getJsonObject("paths");
        assertThat(paths.keySet()).contains("/api/v1/keys", "/api/v1/keys/{id}", "/api/v1/keys/self",
                "/api/v1/keys/{id}/rotate", "/api/v1/me", "/api/v1/admin/users", "/api/v1/admin/users/{id}",
                "/api/v1/admin/users/{id}/keys");
        JsonObject create = paths.getJsonObject("/api/v1/keys").getJsonObject("post");
        assertThat(create.getJsonObject("requestBody")).isNotNull();
        assertThat(create.getJsonObject("responses").keySet()).contains("201", "400", "401", "403", "413", "415", "429",
                "500");
        assertThat(paths.getJsonObject("/api/v1/keys/{id}").getJsonObject("delete").getJsonObject("responses").keySet())
                .contains("204", "401", "404");
        JsonObject responses = document().getJsonObject("components").getJsonObject("responses");
        assertThat(responses.getJsonObject("Unauthorized").getJsonObject("content")
                .getJsonObject("application/problem+json")).isNotNull();
    }

    @Test
    void apiKeyOperations_documentTheRateLimitFields_429WithRetryAfter_andTheMeSchema() {
        JsonObject document = document();
        JsonObject self = document.getJsonObject("paths").getJsonObject("/api/v1/keys/self").getJsonObject("get")
                .getJsonObject("responses");
        assertThat(self.getJsonObject("200").getJsonObject("headers").keySet()).containsExactlyInAnyOrder(
                "RateLimit-Policy", "RateLimit", "X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset",
                "X-Request-ID");
        assertThat(self.keySet()).contains("429", "503");
        JsonObject components = document.getJsonObject("components");
        assertThat(components.getJsonObject("responses").getJsonObject("TooManyRequests")
                .getJsonObject("headers").keySet()).contains("Retry-After", "RateLimit");
        assertThat(components.getJsonObject("headers").keySet()).contains("RateLimit-Policy", "Retry-After");
        JsonObject version = document.getJsonObject("paths").getJsonObject("/api/v1/version").getJsonObject("get")
                .getJsonObject("responses");
        assertThat(version.keySet()).as("a public endpoint is never rate limited").doesNotContain("429");

        JsonObject schemas = components.getJsonObject("schemas");
        assertThat(schemas.getJsonObject("Me").getJsonObject("properties").keySet())
                .containsExactlyInAnyOrder("user", "limits", "usage", "usage_percent");
        assertThat(schemas.getJsonObject("MeLimits").getJsonObject("properties").keySet())
                .containsExactlyInAnyOrder("requests_per_minute", "requests_per_day", "requests_per_month",
                        "max_memories", "max_storage_bytes");
        assertThat(schemas.getJsonObject("MeUsage").getJsonObject("properties").keySet())
                .containsExactlyInAnyOrder("requests_today", "requests_this_month", "memories_count", "storage_bytes");
        assertThat(schemas.getJsonObject("MeUsagePercent").getJsonObject("properties").keySet())
                .containsExactlyInAnyOrder("requests_today", "requests_this_month", "memories", "storage");
    }
}
