package dev.whitemagic.domain.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.whitemagic.domain.InvalidInputException;
import org.junit.jupiter.api.Test;

class MemoryTypeStatusTest {

    @Test
    void parse_wireValues_roundTrip() {
        for (MemoryType type : MemoryType.values()) {
            assertThat(MemoryType.parse(type.value())).isSameAs(type);
        }
        for (MemoryStatus status : MemoryStatus.values()) {
            assertThat(MemoryStatus.parse(status.value())).isSameAs(status);
        }
        assertThat(MemoryType.LONG_TERM.value()).isEqualTo("long_term");
        assertThat(MemoryStatus.ARCHIVED.value()).isEqualTo("archived");
    }

    @Test
    void parse_unknownOrNull_isInvalidInputOnItsField() {
        assertThatThrownBy(() -> MemoryType.parse("LONG_TERM")).isInstanceOf(InvalidInputException.class)
                .satisfies(e -> assertThat(((InvalidInputException) e).field()).isEqualTo("type"));
        assertThatThrownBy(() -> MemoryType.parse(null)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> MemoryStatus.parse("deleted")).isInstanceOf(InvalidInputException.class)
                .satisfies(e -> assertThat(((InvalidInputException) e).field()).isEqualTo("status"));
    }
}
