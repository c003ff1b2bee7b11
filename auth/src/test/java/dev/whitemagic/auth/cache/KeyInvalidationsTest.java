package dev.whitemagic.auth.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.whitemagic.auth.key.CallerInvalidated;
import org.junit.jupiter.api.Test;

import java.util.UUID;

class KeyInvalidationsTest {

    private final UUID user = UUID.fromString("7d3c0a3e-0b5e-4a53-9d1e-2f8e4b6a1c00");
    private final UUID key = UUID.fromString("0c9a4a52-3c0e-4f65-8a4b-6a0f3a9d2b11");

    @Test
    void payload_ofOneKey_isUserColonKey_andParsesBack() {
        String payload = KeyInvalidations.payload(CallerInvalidated.key(user, key));

        assertThat(payload).isEqualTo(user + ":" + key);
        assertThat(KeyInvalidations.parse(payload)).contains(CallerInvalidated.key(user, key));
    }

    @Test
    void payload_ofAUser_isTheUserId_andParsesBack() {
        String payload = KeyInvalidations.payload(CallerInvalidated.user(user));

        assertThat(payload).isEqualTo(user.toString());
        assertThat(KeyInvalidations.parse(payload)).contains(CallerInvalidated.user(user));
    }

    @Test
    void parse_garbage_isEmpty() {
        assertThat(KeyInvalidations.parse("")).isEmpty();
        assertThat(KeyInvalidations.parse(null)).isEmpty();
        assertThat(KeyInvalidations.parse("nope:" + key)).isEmpty();
        assertThat(KeyInvalidations.parse(user + ":")).isEmpty();
    }
}
