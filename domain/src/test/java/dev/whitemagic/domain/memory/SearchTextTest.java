package dev.whitemagic.domain.memory;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SearchTextTest {

    @Test
    void meaning_keepsWordsAndPhrases_dropsExcludedWords() {
        assertThat(SearchText.meaning("kid's birthday \"March 3\" -cake")).isEqualTo("kid's birthday March 3");
        assertThat(SearchText.meaning("well-known e-mail")).isEqualTo("well-known e-mail");
    }

    @Test
    void constraints_areThePhrasesAndExcludedWords() {
        assertThat(SearchText.constraints("kid's birthday \"March 3\" -cake")).isEqualTo("\"March 3\" -cake");
        assertThat(SearchText.constraints("\"a -b\" c")).isEqualTo("\"a -b\"");
        assertThat(SearchText.constraints("plain words, well-known")).isEmpty();
        assertThat(SearchText.constraints("\"\" x")).isEmpty();
    }
}
