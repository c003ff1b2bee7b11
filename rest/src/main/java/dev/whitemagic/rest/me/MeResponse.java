package dev.whitemagic.rest.me;

import dev.whitemagic.domain.plan.PlanLimits;
import dev.whitemagic.domain.user.User;
import dev.whitemagic.quota.AccountUsage;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The answer of {@code GET /api/v1/me}: the account, its plan's numbers, what it uses now and the shares used. */
@Schema(name = "Me")
public record MeResponse(UserSummary user, Limits limits, Usage usage, UsagePercent usagePercent) {

    static MeResponse of(User user, AccountUsage usage) {
        PlanLimits limits = usage.limits();
        return new MeResponse(UserSummary.of(user),
                new Limits(limits.requestsPerMinute(), limits.requestsPerDay(), limits.requestsPerMonth(),
                        limits.maxMemories(), limits.maxStorageBytes()),
                new Usage(usage.requestsToday(), usage.requestsThisMonth(), usage.memoriesCount(),
                        usage.storageBytes()),
                new UsagePercent(AccountUsage.percent(usage.requestsToday(), limits.requestsPerDay()),
                        AccountUsage.percent(usage.requestsThisMonth(), limits.requestsPerMonth()),
                        AccountUsage.percent(usage.memoriesCount(), limits.maxMemories()),
                        AccountUsage.percent(usage.storageBytes(), limits.maxStorageBytes())));
    }

    /** The plan's numbers. */
    @Schema(name = "MeLimits")
    public record Limits(@Schema(type = SchemaType.INTEGER, format = "int64") long requestsPerMinute, @Schema(type = SchemaType.INTEGER, format = "int64") long requestsPerDay,
                         @Schema(type = SchemaType.INTEGER, format = "int64") long requestsPerMonth, @Schema(type = SchemaType.INTEGER, format = "int64") long maxMemories,
                         @Schema(type = SchemaType.INTEGER, format = "int64", description = "1 MB = 1,000,000 bytes")
                         long maxStorageBytes) {
    }

    /** What the account uses now; this request is already counted. */
    @Schema(name = "MeUsage")
    public record Usage(@Schema(type = SchemaType.INTEGER, format = "int64") long requestsToday, @Schema(type = SchemaType.INTEGER, format = "int64") long requestsThisMonth,
                        @Schema(type = SchemaType.INTEGER, format = "int64", description = "Archived memories included")
                        long memoriesCount,
                        @Schema(type = SchemaType.INTEGER, format = "int64") long storageBytes) {
    }

    /** The shares of the plan used, in percent (0–100, one decimal). */
    @Schema(name = "MeUsagePercent")
    public record UsagePercent(@Schema(type = SchemaType.NUMBER, format = "double") double requestsToday, @Schema(type = SchemaType.NUMBER, format = "double") double requestsThisMonth,
                               @Schema(type = SchemaType.NUMBER, format = "double") double memories, @Schema(type = SchemaType.NUMBER, format = "double") double storage) {
    }
}
