package dev.whitemagic.rest.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class RequestIdsTest {

    @ParameterizedTest
    @ValueSource(strings = {"abc", "req-42", "0b6f2c1e-9d7a-4f0e-8c55-1a2b3c4d5e6f", "trace:1.2_3"})
    void accept_saneToken_isEchoed(String token) {
        assertThat(RequestIds.accept(token)).isEqualTo(token);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "a b", "evil\r\nSet-Cookie: x=1", "<script>", "ü"})
    void accept_unsafeToken_isReplacedByAFreshId(String token) {
        assertThat(RequestIds.accept(token)).isNotEqualTo(token).matches("[0-9a-f]{32}");
    }

    @Test
    void accept_overlongToken_isReplaced() {
        String longToken = "a".repeat(129);
        assertThat(RequestIds.accept(longToken)).matches("[0-9a-f]{32}");
        assertThat(RequestIds.accept("a".repeat(128))).isEqualTo("a".repeat(128));
    }

    @Test
    void accept_missingHeader_givesFreshIds_thatDiffer() {
        assertThat(RequestIds.accept(null)).isNotEqualTo(RequestIds.accept(null));
    }
}
