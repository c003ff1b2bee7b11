package dev.whitemagic.persistence.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.whitemagic.domain.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

class MemoryCursorTest {

    @Test
    void encode_decode_roundTripsToTheMicrosecond() {
        MemoryCursor cursor = new MemoryCursor(Instant.parse("2026-11-25T08:00:00.123456Z"), UUID.randomUUID());

        String encoded = cursor.encode();

        assertThat(encoded).matches("[A-Za-z0-9_-]+").doesNotContain(cursor.id().toString());
        assertThat(MemoryCursor.decode(encoded)).isEqualTo(cursor);
    }

    @Test
    void encode_instantBeforeTheEpoch_roundTrips() {
        MemoryCursor cursor = new MemoryCursor(Instant.parse("1969-07-20T20:17:40.000001Z"), UUID.randomUUID());

        assertThat(MemoryCursor.decode(cursor.encode())).isEqualTo(cursor);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "not base64!", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "%%%%", "eyJpZCI6MX0"})
    void decode_garbage_isInvalidInputOnCursor(String garbage) {
        assertThatThrownBy(() -> MemoryCursor.decode(garbage)).isInstanceOf(InvalidInputException.class)
                .hasMessage("not a cursor this server issued")
                .satisfies(e -> assertThat(((InvalidInputException) e).field()).isEqualTo("cursor"));
    }

    @Test
    void decode_nullOrTooLong_isInvalidInput() {
        assertThatThrownBy(() -> MemoryCursor.decode(null)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> MemoryCursor.decode("A".repeat(10_000))).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void decode_instantOutOfRange_isInvalidInput() {
        byte[] raw = new byte[25];
        raw[0] = 1;
        for (int i = 1; i < 9; i++) {
            raw[i] = (byte) 0x7f;
        }
        String cursor = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);

        assertThatThrownBy(() -> MemoryCursor.decode(cursor)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void searchCursor_modesRoundTrip_andGarbageIsRefused() {
        SearchCursor ranked = SearchCursor.ranked(SearchCursor.Mode.TRIGRAM, 40);
        SearchCursor newest = SearchCursor.newest(new MemoryCursor(Instant.parse("2026-01-01T00:00:00Z"),
                UUID.randomUUID()));

        assertThat(SearchCursor.decode(ranked.encode())).isEqualTo(ranked);
        assertThat(SearchCursor.decode(newest.encode())).isEqualTo(newest);
        assertThatThrownBy(() -> SearchCursor.decode(newest.position().encode()))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> SearchCursor.decode(Base64.getUrlEncoder().encodeToString("s1|f|-5".getBytes())))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> SearchCursor.decode(Base64.getUrlEncoder().encodeToString("s1|x|5".getBytes())))
                .isInstanceOf(InvalidInputException.class);
    }
}
