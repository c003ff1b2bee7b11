package dev.whitemagic.dist.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.whitemagic.dist.SharedServer;
import jakarta.json.Json;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * docs/openapi.json, from which the build generates the client of GeneratedClientIT (and which users can read
 * without a running server), is what the server serves. After a change of the API, refresh it with
 * {@code curl -s -H 'Accept: application/json' localhost:8080/openapi | python3 -m json.tool --no-ensure-ascii
 * --sort-keys > docs/openapi.json} (sorted: the server's order of operations varies from start to start).
 */
class OpenApiSnapshotIT {

    @Test
    void thePublishedDocument_isWhatTheServerServes() throws IOException {
        String served = new ApiClient(SharedServer.baseUrl().toString()).get("/openapi", "Accept", "application/json")
                .body();
        String published = Files.readString(Path.of("..", "docs", "openapi.json"));

        assertThat(parse(served)).as("docs/openapi.json is stale: refresh it from the server (see this test's "
                + "comment)").isEqualTo(parse(published));
    }

    private static JsonValue parse(String json) {
        try (JsonReader reader = Json.createReader(new StringReader(json))) {
            return reader.readValue();
        }
    }
}
