package dev.whitemagic.domain.context;

import static dev.whitemagic.domain.context.ContextComposerTest.item;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.whitemagic.domain.InvalidInputException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.TimeZone;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConsolidationPlanTest {

    private static final Instant OLD = Instant.parse("2026-11-01T10:00:00Z");
    private static final LocalDate RUN_DATE = LocalDate.of(2026, 11, 25);

    @ParameterizedTest
    @ValueSource(strings = {"heuristic", "pattern", "proven", "decision", "insight"})
    void of_eachPromotingTag_promotes(String tag) {
        ContextItem tagged = item("Tagged", "Keep this.", OLD, "misc", tag);
        ContextItem plain = item("Plain", "Drop this.", OLD, "misc");

        ConsolidationPlan plan = ConsolidationPlan.of(List.of(plain, tagged), RUN_DATE);

        assertThat(plan.toPromote()).containsExactly(tagged);
        assertThat(plan.toArchive()).containsExactly(plain.id(), tagged.id());
        assertThat(plan.promotedCount()).isEqualTo(1);
        assertThat(plan.archivedCount()).isEqualTo(2);
        assertThat(plan.createsSummary()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"insights", "decisions", "design_decision", "proof", "consolidated"})
    void of_similarButOtherTags_doNotPromote(String tag) {
        ConsolidationPlan plan = ConsolidationPlan.of(List.of(item("t", "c", OLD, tag)), RUN_DATE);

        assertThat(plan.toPromote()).isEmpty();
        assertThat(plan.archivedCount()).isEqualTo(1);
    }

    @Test
    void of_nothingToPromote_createsNoSummary() {
        ConsolidationPlan plan = ConsolidationPlan.of(List.of(item("a", "c", OLD), item("b", "c", OLD, "x")),
                RUN_DATE);

        assertThat(plan.createsSummary()).isFalse();
        assertThat(plan.summary()).isEmpty();
        assertThat(plan.promotedCount()).isZero();
        assertThat(plan.archivedCount()).isEqualTo(2);
    }

    @Test
    void of_noCandidates_doesNothing() {
        ConsolidationPlan plan = ConsolidationPlan.of(List.of(), RUN_DATE);

        assertThat(plan.archivedCount()).isZero();
        assertThat(plan.promotedCount()).isZero();
        assertThat(plan.createsSummary()).isFalse();
    }

    @Test
    void of_sameMemoryTwice_countsOnce() {
        ContextItem memory = item("t", "c", OLD, "insight");

        ConsolidationPlan plan = ConsolidationPlan.of(List.of(memory, memory), RUN_DATE);

        assertThat(plan.archivedCount()).isEqualTo(1);
        assertThat(plan.promotedCount()).isEqualTo(1);
    }

    @Test
    void summary_hasTitleTagAndOneLinePerPromotedMemory() {
        ConsolidationPlan plan = ConsolidationPlan.of(List.of(
                item("Retry *policy*", "Retry **idempotent** calls only. Never retry a POST.", OLD, "decision"),
                item("Plain", "Not promoted.", OLD),
                item("Schema rule", "Every column is named explicitly", OLD, "pattern"),
                item("Empty", "#", OLD, "proven")), RUN_DATE);

        ConsolidatedInsights summary = plan.summary().orElseThrow();
        assertThat(summary.title()).isEqualTo("Consolidated Insights - 2026-11-25");
        assertThat(summary.tags()).containsExactly("consolidated");
        assertThat(summary.content()).isEqualTo("""
                - **Retry policy**: Retry idempotent calls only.
                - **Schema rule**: Every column is named explicitly
                - **Empty**""");
    }

    @Test
    void summary_longFirstSentence_isCutTo200Chars() {
        String sentence = "word ".repeat(100) + "end.";
        ConsolidationPlan plan = ConsolidationPlan.of(List.of(item("T", sentence, OLD, "insight")), RUN_DATE);

        String line = plan.summary().orElseThrow().content();
        assertThat(line).startsWith("- **T**: word word");
        assertThat(line.substring("- **T**: ".length())).hasSizeLessThanOrEqualTo(200).endsWith("…");
    }

    @Test
    void summary_manyPromotions_staysWithinAMemorysContentLimit() {
        String title = "t".repeat(500);
        String content = "c".repeat(300);
        List<ContextItem> many = IntStream.range(0, 300).mapToObj(i -> item(title, content, OLD, "insight")).toList();

        String summary = ConsolidationPlan.of(many, RUN_DATE).summary().orElseThrow().content();

        assertThat(summary).hasSizeLessThanOrEqualTo(100_000);
        List<String> lines = summary.lines().toList();
        int listed = lines.size() - 1;
        assertThat(lines.get(lines.size() - 1)).isEqualTo("- … and " + (300 - listed) + " more");
        assertThat(listed).isBetween(1, 299);
    }

    @Test
    void summary_date_isTheGivenDateInIsoForm() {
        ConsolidationPlan plan = ConsolidationPlan.of(List.of(item("t", "c", OLD, "insight")), LocalDate.of(2027, 1, 5));

        assertThat(plan.summary().orElseThrow().title()).isEqualTo("Consolidated Insights - 2027-01-05");
    }

    @Test
    void cutoff_isNowMinusWholeDays() {
        Instant now = Instant.parse("2026-11-25T08:00:00Z");

        assertThat(ConsolidationPlan.cutoff(now, 7)).isEqualTo(Instant.parse("2026-11-18T08:00:00Z"));
        assertThat(ConsolidationPlan.cutoff(now, 0)).isEqualTo(now);
    }

    @Test
    void cutoff_acrossADaylightSavingChange_isStill24HoursPerDay() {
        TimeZone saved = TimeZone.getDefault();
        try {
            TimeZone.setDefault(TimeZone.getTimeZone("Europe/Berlin")); // clocks went back on 2026-10-25
            Instant now = Instant.parse("2026-10-28T12:00:00Z");

            assertThat(Duration.between(ConsolidationPlan.cutoff(now, 7), now)).isEqualTo(Duration.ofHours(7 * 24));
        } finally {
            TimeZone.setDefault(saved);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, -7, Integer.MIN_VALUE})
    void cutoff_negativeMinAge_isInvalidInputOnMinAgeDays(int minAgeDays) {
        assertThatThrownBy(() -> ConsolidationPlan.cutoff(Instant.EPOCH, minAgeDays))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.field()).isEqualTo("min_age_days"));
    }
}
