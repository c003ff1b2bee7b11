package dev.whitemagic.domain.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.whitemagic.domain.InvalidInputException;
import org.junit.jupiter.api.Test;

class SearchModeTest {

    @Test
    void modes_areNamedAsTheApiSpellsThem_hybridByDefault() {
        assertThat(SearchMode.of(null)).isEqualTo(SearchMode.HYBRID);
        assertThat(SearchMode.of("keyword")).isEqualTo(SearchMode.KEYWORD);
        assertThat(SearchMode.of("semantic")).isEqualTo(SearchMode.SEMANTIC);
        assertThat(SearchMode.HYBRID.value()).isEqualTo("hybrid");
    }

    @Test
    void anUnknownMode_isRefusedOnMode() {
        assertThatThrownBy(() -> SearchMode.of("Semantic")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("hybrid, keyword, semantic")
                .satisfies(e -> assertThat(((InvalidInputException) e).field()).isEqualTo("mode"));
    }
}
