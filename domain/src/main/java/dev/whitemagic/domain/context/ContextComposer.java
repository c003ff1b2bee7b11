package dev.whitemagic.domain.context;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Composes the Markdown context package that a client hands to a language model.
 *
 * <p>The format, with {@code \n} line ends and exactly one {@code \n} at the very end:
 *
 * <pre>
 * ## Context Package (Tier 1)
 *
 * ### Short-Term Memories
 *
 * - **Deploy checklist** (created: 2026-11-25, tags: ops, release)
 *   Run the migrations first. Then flip the flag.
 * - **Standup notes** (created: 2026-11-24)
 *   Nothing blocked.
 *
 * ### Long-Term Knowledge
 *
 * - **Retry policy** (created: 2026-01-02, tags: decision)
 *   Retry idempotent calls only.
 * </pre>
 *
 * <ul>
 *   <li>The heading line, then per non-empty section: a blank line, the section heading, a blank line, and its items
 *       as a tight list (no blank line between items).</li>
 *   <li>An item is {@code - **title** (created: date, tags: a, b)}; the date is the UTC date of creation; the
 *       {@code , tags: …} part is left out when the memory has no tags; tags are shown in both sections, as
 *       stored (only whitespace is collapsed, since {@code __init__} is a tag and not emphasis).</li>
 *   <li>The body follows on the next line, indented by two spaces so that it belongs to the item; a body that is
 *       empty once stripped is left out, line and all.</li>
 *   <li>Title and body are stripped of markup ({@link MarkdownText#strip(String)}) and are one line each; a title
 *       that strips to nothing shows as {@code (untitled)}. The body is then cut to the tier's
 *       {@link Rendering}.</li>
 *   <li>A section with no memories is left out, heading and all; with no memories at all the package is just
 *       {@code ## Context Package (Tier N)\n}.</li>
 * </ul>
 */
public final class ContextComposer {

    /**
     * @param tier      the tier asked for
     * @param shortTerm candidate short-term memories, best first (most recent, or best match); only the tier's
     *                  {@link ContextTier#shortTermCount()} first are taken
     * @param longTerm  candidate long-term memories, best first; only the tier's {@link ContextTier#longTermCount()}
     *                  first are taken
     * @return the package; its ids list short-term memories first, then long-term, each in the order shown
     */
    public ContextPackage compose(ContextTier tier, List<ContextItem> shortTerm, List<ContextItem> longTerm) {
        Objects.requireNonNull(tier, "tier");
        List<ContextItem> shortTaken = first(shortTerm, tier.shortTermCount());
        List<ContextItem> longTaken = first(longTerm, tier.longTermCount());

        StringBuilder markdown = new StringBuilder("## Context Package (Tier ").append(tier.number()).append(")\n");
        List<UUID> ids = new ArrayList<>(shortTaken.size() + longTaken.size());
        appendSection(markdown, ids, "Short-Term Memories", shortTaken, tier.shortTermRendering());
        appendSection(markdown, ids, "Long-Term Knowledge", longTaken, tier.longTermRendering());
        return new ContextPackage(tier.number(), markdown.toString(), ids.size(), ids);
    }

    private static List<ContextItem> first(List<ContextItem> items, int count) {
        Objects.requireNonNull(items, "items");
        List<ContextItem> taken = items.subList(0, Math.min(count, items.size()));
        taken.forEach(item -> Objects.requireNonNull(item, "item"));
        return taken;
    }

    private static void appendSection(StringBuilder markdown, List<UUID> ids, String heading, List<ContextItem> items,
            Rendering rendering) {
        if (items.isEmpty()) {
            return;
        }
        markdown.append("\n### ").append(heading).append("\n\n");
        for (ContextItem item : items) {
            appendItem(markdown, item, rendering);
            ids.add(item.id());
        }
    }

    private static void appendItem(StringBuilder markdown, ContextItem item, Rendering rendering) {
        markdown.append("- **").append(MarkdownText.titleLine(item.title())).append("** (created: ")
                .append(LocalDate.ofInstant(item.createdAt(), ZoneOffset.UTC));
        List<String> tags = item.tags().stream().map(MarkdownText::oneLine).filter(tag -> !tag.isEmpty()).toList();
        if (!tags.isEmpty()) {
            markdown.append(", tags: ").append(String.join(", ", tags));
        }
        markdown.append(")\n");
        String body = rendering.render(MarkdownText.strip(item.content()));
        if (!body.isEmpty()) {
            markdown.append("  ").append(body).append('\n');
        }
    }
}
