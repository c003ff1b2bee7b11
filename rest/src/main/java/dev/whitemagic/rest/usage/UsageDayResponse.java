package dev.whitemagic.rest.usage;

import dev.whitemagic.quota.UsageReport;
import java.time.LocalDate;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One UTC day of the caller's usage. */
@Schema(name = "UsageDay")
public record UsageDayResponse(
        @Schema(type = SchemaType.STRING, format = "date", description = "The UTC day, YYYY-MM-DD") LocalDate date,
        @Schema(description = "Requests made with the caller's keys") long requests,
        @Schema(description = "Those answered with a status of 400 or more") long errors,
        @Schema(type = SchemaType.NUMBER, format = "double",
                description = "Mean response time in milliseconds, one decimal; 0 on a day without requests")
        double avgResponseMs,
        @Schema(type = SchemaType.OBJECT, description = "Requests per route template (e.g. /api/v1/memories/{id}; "
                + "unmatched for paths that are no route), the most used first; empty on a day without requests",
                additionalProperties = Long.class)
        Map<String, Long> byEndpoint) {

    static UsageDayResponse of(UsageReport.Day day) {
        return new UsageDayResponse(day.date(), day.requests(), day.errors(), day.avgResponseMs(), day.byEndpoint());
    }
}
