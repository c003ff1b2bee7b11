package dev.whitemagic.domain.plan;

/**
 * The five numbers of a plan: three request windows and two caps on what a user keeps.
 *
 * @param requestsPerMinute requests admitted per calendar minute (UTC)
 * @param requestsPerDay    requests admitted per calendar day (UTC)
 * @param requestsPerMonth  requests admitted per calendar month (UTC)
 * @param maxMemories       memories a user may keep, archived ones included
 * @param maxStorageBytes   bytes those memories may take ({@code size_bytes} summed)
 */
public record PlanLimits(long requestsPerMinute, long requestsPerDay, long requestsPerMonth, long maxMemories,
                         long maxStorageBytes) {

    /** One storage megabyte as the plans count it: 1,000,000 bytes (SI), like the plan table's "10 MB". */
    public static final long MEGABYTE = 1_000_000L;

    public PlanLimits {
        positive("requests-per-minute", requestsPerMinute);
        positive("requests-per-day", requestsPerDay);
        positive("requests-per-month", requestsPerMonth);
        positive("max-memories", maxMemories);
        positive("max-storage-bytes", maxStorageBytes);
    }

    /**
     * @param tier a plan
     * @return the plan's numbers as the contract's table gives them, before any configuration
     */
    public static PlanLimits defaults(PlanTier tier) {
        return switch (tier) {
            case FREE -> new PlanLimits(10, 100, 1_000, 50, 10 * MEGABYTE);
            case STARTER -> new PlanLimits(60, 5_000, 100_000, 500, 100 * MEGABYTE);
            case PRO -> new PlanLimits(300, 50_000, 1_000_000, 5_000, 1_000 * MEGABYTE);
            case ENTERPRISE -> new PlanLimits(1_000, 1_000_000, 10_000_000, 50_000, 10_000 * MEGABYTE);
        };
    }

    private static void positive(String name, long value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, was " + value);
        }
    }
}
