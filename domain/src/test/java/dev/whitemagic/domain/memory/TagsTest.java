package dev.whitemagic.domain.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.whitemagic.domain.InvalidInputException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

class TagsTest {

    @Test
    void normalise_null_isEmpty() {
        assertThat(Tags.normalise(null)).isEmpty();
    }

    @Test
    void normalise_trimsAndLowerCases() {
        assertThat(Tags.normalise(List.of("  Work ", "IDEAS"))).containsExactly("work", "ideas");
    }

    @Test
    void normalise_innerWhitespaceRuns_becomeOneUnderscore() {
        assertThat(Tags.normalise(List.of("machine   learning", "a\tb\nc", "no\u00a0break")))
                .containsExactly("machine_learning", "a_b_c", "no_break");
    }

    @Test
    void normalise_emptyAndBlankAndNull_areDropped() {
        assertThat(Tags.normalise(Arrays.asList("", "   ", null, "x"))).containsExactly("x");
    }

    @Test
    void normalise_duplicatesAfterNormalising_keepTheFirstPlace() {
        assertThat(Tags.normalise(List.of("b", "Machine Learning", "a", "machine_learning", "B")))
                .containsExactly("b", "machine_learning", "a");
    }

    @Test
    void normalise_unicode_isLowerCasedWithoutTheServerLocale() {
        // Locale.ROOT: a Turkish default locale would give a dotless ı for I.
        assertThat(Tags.normalise(List.of("ÜBER", "ΣΟΦΙΑ", "IDEA"))).containsExactly("über", "σοφια", "idea");
    }

    @Test
    void normalise_fiftyTags_areAllowed_fiftyOne_areNot() {
        List<String> fifty = IntStream.range(0, 50).mapToObj(i -> "t" + i).toList();
        assertThat(Tags.normalise(fifty)).hasSize(50);

        List<String> fiftyOne = new ArrayList<>(fifty);
        fiftyOne.add("t50");
        assertThatThrownBy(() -> Tags.normalise(fiftyOne)).isInstanceOf(InvalidInputException.class)
                .satisfies(e -> assertThat(((InvalidInputException) e).field()).isEqualTo("tags"));
    }

    @Test
    void normalise_fiftyOneThatCollapseToFifty_areAllowed() {
        List<String> tags = new ArrayList<>(IntStream.range(0, 50).mapToObj(i -> "t" + i).toList());
        tags.add("T0");
        assertThat(Tags.normalise(tags)).hasSize(50);
    }

    @Test
    void normalise_tagOf64_isAllowed_65_isNot() {
        assertThat(Tags.normalise(List.of("x".repeat(64)))).containsExactly("x".repeat(64));

        assertThatThrownBy(() -> Tags.normalise(List.of("x".repeat(65)))).isInstanceOf(InvalidInputException.class)
                .satisfies(e -> assertThat(((InvalidInputException) e).field()).isEqualTo("tags"));
    }

    @Test
    void normalise_lengthCountsAfterNormalising() {
        assertThat(Tags.normalise(List.of("   " + "y".repeat(64) + "   "))).containsExactly("y".repeat(64));
    }
}
