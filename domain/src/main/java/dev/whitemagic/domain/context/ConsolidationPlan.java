package dev.whitemagic.domain.context;

import dev.whitemagic.domain.InvalidInputException;

import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one consolidation run does, decided before anything changes. A dry run answers this plan's counts and a real
 * run carries out this same plan, so the two cannot disagree.
 *
 * <p>Every candidate is archived. Candidates tagged with any of {@link #PROMOTING_TAGS} are first copied to
 * long-term by the caller, and then one {@link ConsolidatedInsights} long-term memory gathers them. Its content is
 * one line per promoted memory, in candidate order, joined by {@code \n} with no final line end:
 *
 * <pre>
 * - **Retry policy**: Retry idempotent calls only.
 * - **Schema rule**: Every column is named explicitly.
 * </pre>
 *
 * <p>The title is stripped of markup; after it comes {@code ": "} and the first sentence of the stripped content
 * (up to the first {@code .}, {@code !} or {@code ?} followed by whitespace or the end), cut to
 * {@value #SENTENCE_CHARS} characters with {@code …} if longer or if there is no sentence end. A memory whose
 * content strips to nothing gets just {@code - **title**}. Should the list outgrow a memory's
 * {@value #MAX_CONTENT_CHARS}-character content limit, it stops early and ends with {@code - … and N more}.
 */
public final class ConsolidationPlan {

    /** Tags (as normalised: lower-case) that mark a short-term memory as worth keeping. */
    public static final Set<String> PROMOTING_TAGS = Set.of("heuristic", "pattern", "proven", "decision", "insight");

    /** The tag of the summary memory. */
    public static final String SUMMARY_TAG = "consolidated";

    static final int SENTENCE_CHARS = 200;

    // A memory's content limit (1-100,000 characters in the memories API); the summary is a memory and must be
    // storable.
    static final int MAX_CONTENT_CHARS = 100_000;

    /** The oldest age a run may ask for, in days. */
    public static final int MAX_MIN_AGE_DAYS = 36_500;

    // Room kept for the "- … and N more" line.
    private static final int TAIL_RESERVE = 64;

    private static final Pattern FIRST_SENTENCE = Pattern.compile("^.*?[.!?](?=\\s|$)");

    private final List<UUID> toArchive;
    private final List<ContextItem> toPromote;
    private final ConsolidatedInsights summary;

    private ConsolidationPlan(List<UUID> toArchive, List<ContextItem> toPromote, ConsolidatedInsights summary) {
        this.toArchive = List.copyOf(toArchive);
        this.toPromote = List.copyOf(toPromote);
        this.summary = summary;
    }

    /**
     * Where a consolidation draws the line: memories created strictly before this instant are old enough.
     *
     * @param now        the current instant
     * @param minAgeDays how old a memory must be, in days of 24 hours (a time zone's daylight-saving shift does not
     *                   stretch or shrink them)
     * @return {@code now} minus {@code minAgeDays} days
     * @throws InvalidInputException on {@code min_age_days} if it is negative or over {@value #MAX_MIN_AGE_DAYS} (a
     *                               century: older than anything stored, and far inside what a timestamp holds)
     */
    public static Instant cutoff(Instant now, int minAgeDays) {
        Objects.requireNonNull(now, "now");
        if (minAgeDays < 0 || minAgeDays > MAX_MIN_AGE_DAYS) {
            throw new InvalidInputException("min_age_days", "must be a whole number from 0 to " + MAX_MIN_AGE_DAYS
                    + ", was " + minAgeDays);
        }
        return now.minus(minAgeDays, ChronoUnit.DAYS);
    }

    /**
     * Plans a consolidation.
     *
     * @param candidates the user's active short-term memories created before the {@link #cutoff(Instant, int)};
     *                   a memory listed twice counts once
     * @param date       the UTC date of the run, for the summary's title
     * @return the plan
     */
    public static ConsolidationPlan of(List<ContextItem> candidates, LocalDate date) {
        Objects.requireNonNull(candidates, "candidates");
        Objects.requireNonNull(date, "date");
        Map<UUID, ContextItem> unique = new LinkedHashMap<>();
        for (ContextItem candidate : candidates) {
            Objects.requireNonNull(candidate, "candidate");
            unique.putIfAbsent(candidate.id(), candidate);
        }
        List<ContextItem> toPromote = unique.values().stream().filter(ConsolidationPlan::promotes).toList();
        ConsolidatedInsights summary = toPromote.isEmpty() ? null : new ConsolidatedInsights(
                "Consolidated Insights - " + date, summaryContent(toPromote), List.of(SUMMARY_TAG));
        return new ConsolidationPlan(List.copyOf(unique.keySet()), toPromote, summary);
    }

    /** @return the ids of every memory to archive, in candidate order */
    public List<UUID> toArchive() {
        return toArchive;
    }

    /** @return the memories to copy to long-term before archiving, in candidate order */
    public List<ContextItem> toPromote() {
        return toPromote;
    }

    /** @return the summary memory to create, present exactly when something is promoted */
    public Optional<ConsolidatedInsights> summary() {
        return Optional.ofNullable(summary);
    }

    /** @return how many memories the run archives */
    public int archivedCount() {
        return toArchive.size();
    }

    /** @return how many memories the run copies to long-term */
    public int promotedCount() {
        return toPromote.size();
    }

    /** @return whether the run creates the summary memory */
    public boolean createsSummary() {
        return summary != null;
    }

    private static boolean promotes(ContextItem item) {
        // Tags arrive normalised; normalising again costs nothing and keeps an older, unnormalised row promotable.
        return item.tags().stream().map(tag -> tag.strip().toLowerCase(Locale.ROOT)).anyMatch(PROMOTING_TAGS::contains);
    }

    private static String summaryContent(List<ContextItem> promoted) {
        List<String> lines = new ArrayList<>(promoted.size());
        int length = 0;
        for (ContextItem item : promoted) {
            String line = summaryLine(item);
            if (length + line.length() + 1 > MAX_CONTENT_CHARS - TAIL_RESERVE) {
                lines.add("- " + MarkdownText.ELLIPSIS + " and " + (promoted.size() - lines.size()) + " more");
                break;
            }
            lines.add(line);
            length += line.length() + 1;
        }
        return String.join("\n", lines);
    }

    private static String summaryLine(ContextItem item) {
        String line = "- **" + MarkdownText.titleLine(item.title()) + "**";
        String content = MarkdownText.strip(item.content());
        if (content.isEmpty()) {
            return line;
        }
        Matcher sentence = FIRST_SENTENCE.matcher(content);
        String lead = sentence.find() ? sentence.group() : content;
        return line + ": " + MarkdownText.truncate(lead, SENTENCE_CHARS);
    }
}
