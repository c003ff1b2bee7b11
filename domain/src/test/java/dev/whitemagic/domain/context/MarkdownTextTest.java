package dev.whitemagic.domain.context;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MarkdownTextTest {

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            # Heading                              | Heading
            ### Closed heading ###                 | Closed heading
            **bold** and __strong__                | bold and strong
            *em* and _em_                          | em and em
            ***both***                             | both
            ~~gone~~ text                          | gone text
            use `mvn verify` now                   | use mvn verify now
            ``a `tick` inside``                    | a `tick` inside
            see [the docs](https://x.dev/a_(b)) ok | see the docs ok
            [ref link][1] here                     | ref link here
            ![a diagram](img.png) below            | a diagram below
            <https://x.dev> is home                | https://x.dev is home
            > quoted                               | quoted
            > > twice quoted                       | twice quoted
            - item                                 | item
            * item                                 | item
            + item                                 | item
            12. item                               | item
            - [x] done                             | done
            a <b>bold</b> word                     | a bold word
            one<br>two                             | one two
            <p>one</p><p>two</p>                   | one two
            keep snake_case_name                   | keep snake_case_name
            2 * 3 * 4                              | 2 * 3 * 4
            \\*not emphasis\\*                     | *not emphasis*
            a &lt;b&gt; &amp;amp;                  | a <b> &amp;
            "  lots   of \t space  "               | lots of space
            """)
    void strip_removesMarkupAndKeepsText(String markdown, String expected) {
        assertThat(MarkdownText.strip(markdown)).isEqualTo(expected);
    }

    @Test
    void strip_multiLineDocument_becomesOneLine() {
        String markdown = """
                # Title
                Intro *text*.

                ```java
                # not a heading
                int x = 1;
                ```

                ---
                > quote
                - one
                - two
                <!-- hidden -->
                [1]: https://x.dev
                """;
        assertThat(MarkdownText.strip(markdown))
                .isEqualTo("Title Intro text. # not a heading int x = 1; quote one two");
    }

    @Test
    void strip_windowsLineEnds_areHandled() {
        assertThat(MarkdownText.strip("# A\r\n- b\r\n")).isEqualTo("A b");
    }

    @Test
    void truncate_shortText_isUnchanged() {
        assertThat(MarkdownText.truncate("short", 5)).isEqualTo("short");
    }

    @Test
    void truncate_longText_isCutToTheLimitIncludingTheEllipsis() {
        assertThat(MarkdownText.truncate("abcdefgh", 5)).isEqualTo("abcd…").hasSize(5);
    }

    @Test
    void truncate_cutAfterSpace_dropsTheTrailingSpace() {
        assertThat(MarkdownText.truncate("abc defgh", 5)).isEqualTo("abc…");
    }

    @Test
    void truncate_neverSplitsASurrogatePair() {
        String face = "\uD83D\uDE00"; // one emoji, two chars
        String text = "abc" + face + "xyz";
        // A cut at 4 chars would keep only the emoji's high surrogate; the emoji goes whole instead.
        String cut = MarkdownText.truncate(text, 5);
        assertThat(cut).isEqualTo("abc…");
        assertThat(MarkdownText.truncate(text, 6)).isEqualTo("abc" + face + "…");
    }

    @Test
    void firstWords_fewerWords_isUnchanged() {
        assertThat(MarkdownText.firstWords("just three words", 80)).isEqualTo("just three words");
    }

    @Test
    void firstWords_moreWords_keepsThatManyAndAddsEllipsis() {
        assertThat(MarkdownText.firstWords("a b c d", 3)).isEqualTo("a b c…");
        assertThat(MarkdownText.firstWords("a b c", 3)).isEqualTo("a b c");
    }

    @Test
    void summaryRendering_keeps80Words() {
        String text = words(100);
        assertThat(Rendering.SUMMARY.render(text)).isEqualTo(words(80) + "…");
        assertThat(Rendering.SUMMARY.render(words(80))).isEqualTo(words(80));
    }

    @Test
    void summaryRendering_textWithoutSpaces_isStillCapped() {
        assertThat(Rendering.SUMMARY.render("x".repeat(5_000))).hasSize(2_000).endsWith("…");
    }

    @Test
    void detailedAndFullRendering_cutAtTheirLimits() {
        String text = "y".repeat(3_000);
        assertThat(Rendering.DETAILED.render(text)).hasSize(1_200).endsWith("…");
        assertThat(Rendering.FULL.render(text)).hasSize(2_000).endsWith("…");
        assertThat(Rendering.DETAILED.render("y".repeat(1_200))).isEqualTo("y".repeat(1_200));
        assertThat(Rendering.FULL.render("y".repeat(2_000))).isEqualTo("y".repeat(2_000));
    }

    static String words(int count) {
        return IntStream.rangeClosed(1, count).mapToObj(i -> "w" + i).collect(Collectors.joining(" "));
    }
}
