package dev.whitemagic.domain.context;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TimeZone;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ContextComposerTest {

    private static final Instant NOV_25 = Instant.parse("2026-11-25T08:00:00Z");
    private static final Instant NOV_24 = Instant.parse("2026-11-24T08:00:00Z");
    private static final Instant JAN_02 = Instant.parse("2026-01-02T08:00:00Z");

    private final ContextComposer composer = new ContextComposer();

    @Test
    void compose_moreMemoriesThanAnyTierTakes_takesTheTiersCountFromTheFront() {
        List<ContextItem> shortTerm = items(12);
        List<ContextItem> longTerm = items(12);
        for (ContextTier tier : ContextTier.values()) {
            ContextPackage pack = composer.compose(tier, shortTerm, longTerm);

            List<UUID> expected = new ArrayList<>();
            shortTerm.subList(0, tier.shortTermCount()).forEach(item -> expected.add(item.id()));
            longTerm.subList(0, tier.longTermCount()).forEach(item -> expected.add(item.id()));
            assertThat(pack.tier()).isEqualTo(tier.number());
            assertThat(pack.memoryIds()).containsExactlyElementsOf(expected);
            assertThat(pack.memoriesIncluded()).isEqualTo(tier.shortTermCount() + tier.longTermCount());
            assertThat(pack.markdown().lines().filter(line -> line.startsWith("- **")).count())
                    .isEqualTo(pack.memoriesIncluded());
        }
    }

    @Test
    void compose_tier0_exactMarkdown() {
        ContextPackage pack = composer.compose(ContextTier.TIER_0,
                List.of(item("Deploy *checklist*", "## Steps\n1. Run the **migrations**.\n2. Flip the flag.", NOV_25,
                                "ops", "release"),
                        item("Standup", "Nothing blocked.", NOV_24),
                        item("Third", "Not taken.", NOV_24)),
                List.of(item("Ignored", "Tier 0 takes no long-term.", JAN_02)));

        assertThat(pack.markdown()).isEqualTo("""
                ## Context Package (Tier 0)

                ### Short-Term Memories

                - **Deploy checklist** (created: 2026-11-25, tags: ops, release)
                  Steps Run the migrations. Flip the flag.
                - **Standup** (created: 2026-11-24)
                  Nothing blocked.
                """);
        assertThat(pack.memoriesIncluded()).isEqualTo(2);
    }

    @Test
    void compose_tier1_exactMarkdown() {
        ContextItem shortOne = item("Deploy", "Run `mvn verify` first.", NOV_25, "ops");
        ContextItem longOne = item("Retry policy", "> Retry [idempotent](https://x.dev) calls only.", JAN_02,
                "decision");
        ContextPackage pack = composer.compose(ContextTier.TIER_1, List.of(shortOne), List.of(longOne));

        assertThat(pack.markdown()).isEqualTo("""
                ## Context Package (Tier 1)

                ### Short-Term Memories

                - **Deploy** (created: 2026-11-25, tags: ops)
                  Run mvn verify first.

                ### Long-Term Knowledge

                - **Retry policy** (created: 2026-01-02, tags: decision)
                  Retry idempotent calls only.
                """);
        assertThat(pack.memoryIds()).containsExactly(shortOne.id(), longOne.id());
    }

    @Test
    void compose_tier2_exactMarkdown() {
        ContextPackage pack = composer.compose(ContextTier.TIER_2,
                List.of(item("A", "<b>one</b>", NOV_25)),
                List.of(item("B", "- two", JAN_02), item("C", "three", JAN_02, "x")));

        assertThat(pack.markdown()).isEqualTo("""
                ## Context Package (Tier 2)

                ### Short-Term Memories

                - **A** (created: 2026-11-25)
                  one

                ### Long-Term Knowledge

                - **B** (created: 2026-01-02)
                  two
                - **C** (created: 2026-01-02, tags: x)
                  three
                """);
    }

    @Test
    void compose_noShortTerm_leavesTheSectionOut() {
        ContextPackage pack = composer.compose(ContextTier.TIER_1, List.of(), List.of(item("L", "long", JAN_02)));

        assertThat(pack.markdown()).isEqualTo("""
                ## Context Package (Tier 1)

                ### Long-Term Knowledge

                - **L** (created: 2026-01-02)
                  long
                """);
    }

    @Test
    void compose_noLongTerm_leavesTheSectionOut() {
        ContextPackage pack = composer.compose(ContextTier.TIER_2, List.of(item("S", "short", NOV_25)), List.of());

        assertThat(pack.markdown()).doesNotContain("Long-Term").endsWith("- **S** (created: 2026-11-25)\n  short\n");
    }

    @Test
    void compose_nothingAtAll_isJustTheHeading() {
        ContextPackage pack = composer.compose(ContextTier.TIER_2, List.of(), List.of());

        assertThat(pack.markdown()).isEqualTo("## Context Package (Tier 2)\n");
        assertThat(pack.memoriesIncluded()).isZero();
        assertThat(pack.memoryIds()).isEmpty();
    }

    @Test
    void compose_titleWithMarkupAndLineBreaks_staysOnItsLine() {
        ContextPackage pack = composer.compose(ContextTier.TIER_0,
                List.of(item("# First\nsecond [link](u)", "body", NOV_25), item("###", "", NOV_25)), List.of());

        assertThat(pack.markdown()).contains("- **First second link** (created: 2026-11-25)\n  body\n")
                .endsWith("- **(untitled)** (created: 2026-11-25)\n");
    }

    @Test
    void compose_bodiesAreCutPerTier() {
        String longText = "z".repeat(3_000);
        String manyWords = MarkdownTextTest.words(100);

        assertThat(bodyOf(composer.compose(ContextTier.TIER_0, List.of(item("t", manyWords, NOV_25)), List.of())))
                .isEqualTo(MarkdownTextTest.words(80) + "…");
        assertThat(bodyOf(composer.compose(ContextTier.TIER_1, List.of(item("t", longText, NOV_25)), List.of())))
                .hasSize(1_200).endsWith("…");
        assertThat(bodyOf(composer.compose(ContextTier.TIER_1, List.of(), List.of(item("t", manyWords, NOV_25)))))
                .isEqualTo(MarkdownTextTest.words(80) + "…");
        assertThat(bodyOf(composer.compose(ContextTier.TIER_2, List.of(), List.of(item("t", longText, NOV_25)))))
                .hasSize(2_000).endsWith("…");
    }

    @Test
    void compose_markupIsStrippedBeforeCutting() {
        // 1,300 chars of link markup around 1,100 chars of text: stripped first, the text fits whole.
        String text = "q".repeat(1_100);
        String markdown = "[" + text + "](https://x.dev/" + "p".repeat(200) + ")";
        assertThat(bodyOf(composer.compose(ContextTier.TIER_1, List.of(item("t", markdown, NOV_25)), List.of())))
                .isEqualTo(text);
    }

    @Test
    void compose_createdDate_isTheUtcDate_whateverTheDefaultZone() {
        TimeZone saved = TimeZone.getDefault();
        try {
            TimeZone.setDefault(TimeZone.getTimeZone("Pacific/Kiritimati")); // UTC+14
            ContextPackage late = composer.compose(ContextTier.TIER_0,
                    List.of(item("t", "b", Instant.parse("2026-11-25T23:30:00Z"))), List.of());
            TimeZone.setDefault(TimeZone.getTimeZone("Pacific/Pago_Pago")); // UTC-11
            ContextPackage early = composer.compose(ContextTier.TIER_0,
                    List.of(item("t", "b", Instant.parse("2026-11-25T00:30:00Z"))), List.of());

            assertThat(late.markdown()).contains("(created: 2026-11-25)");
            assertThat(early.markdown()).contains("(created: 2026-11-25)");
        } finally {
            TimeZone.setDefault(saved);
        }
    }

    private static String bodyOf(ContextPackage pack) {
        List<String> bodies = pack.markdown().lines().filter(line -> line.startsWith("  ")).toList();
        assertThat(bodies).hasSize(1);
        return bodies.get(0).substring(2);
    }

    private static List<ContextItem> items(int count) {
        return IntStream.range(0, count).mapToObj(i -> item("Memory " + i, "Body " + i, NOV_25)).toList();
    }

    static ContextItem item(String title, String content, Instant createdAt, String... tags) {
        return new ContextItem(UUID.randomUUID(), title, content, List.of(tags), createdAt);
    }
}
