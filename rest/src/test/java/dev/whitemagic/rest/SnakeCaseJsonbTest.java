package dev.whitemagic.rest;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.bind.Jsonb;
import java.time.Instant;
import org.junit.jupiter.api.Test;

public class SnakeCaseJsonbTest {

    public record Sample(String keyPrefix, boolean isActive, Instant lastUsedAt, String name) {
    }

    private final Jsonb jsonb = new SnakeCaseJsonb().getContext(Sample.class);

    @Test
    void bodies_areSnakeCase_withNullsPresent_andInstantsInRfc3339Utc() {
        String json = jsonb.toJson(new Sample("wm_prod_abcdefgh", true, Instant.parse("2026-11-25T08:00:00Z"), null));
        assertThat(json).contains("\"key_prefix\":\"wm_prod_abcdefgh\"", "\"is_active\":true",
                "\"last_used_at\":\"2026-11-25T08:00:00Z\"", "\"name\":null");
    }

    @Test
    void snakeCase_namesPropertiesExactlyAsTheBodiesDo() {
        assertThat(SnakeCaseJsonb.snakeCase("keyPrefix")).isEqualTo("key_prefix");
        assertThat(SnakeCaseJsonb.snakeCase("isActive")).isEqualTo("is_active");
        assertThat(SnakeCaseJsonb.snakeCase("previousKeyExpiresAt")).isEqualTo("previous_key_expires_at");
        assertThat(SnakeCaseJsonb.snakeCase("name")).isEqualTo("name");
    }
}
