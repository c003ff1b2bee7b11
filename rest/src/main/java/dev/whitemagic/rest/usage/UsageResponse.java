package dev.whitemagic.rest.usage;

import dev.whitemagic.quota.UsageReport;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The answer of {@code GET /api/v1/usage}: every day of the period, oldest first. */
@Schema(name = "Usage", description = "Every day of the period, oldest first, days without requests included")
public record UsageResponse(List<UsageDayResponse> days) {

    static UsageResponse of(List<UsageReport.Day> days) {
        return new UsageResponse(days.stream().map(UsageDayResponse::of).toList());
    }
}
