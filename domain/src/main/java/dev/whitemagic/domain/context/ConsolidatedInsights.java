package dev.whitemagic.domain.context;

import java.util.List;
import java.util.Objects;

/**
 * The long-term memory a consolidation creates to gather what it promoted.
 *
 * @param title   {@code Consolidated Insights - YYYY-MM-DD}
 * @param content a Markdown list of the promoted memories (format in {@link ConsolidationPlan})
 * @param tags    {@code [consolidated]}
 */
public record ConsolidatedInsights(String title, String content, List<String> tags) {

    public ConsolidatedInsights {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(content, "content");
        tags = List.copyOf(tags);
    }
}
