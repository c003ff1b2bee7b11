package dev.whitemagic.domain;

import java.util.Locale;
import java.util.Objects;

/**
 * A write would take a user past one of their plan's caps on what they keep (the number of memories or the bytes
 * those memories take). Only growth is refused: what frees space, or keeps it as it is, always works.
 */
public class QuotaExceededException extends DomainException {

    /** Which cap a refused write would have broken. */
    public enum Cap {
        MEMORIES,
        STORAGE;

        /** @return the lower-case name, e.g. {@code memories}: a metric tag value */
        public String value() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Cap cap;
    private final String plan;
    private final long limit;

    private QuotaExceededException(Cap cap, String plan, long limit, String message) {
        super(message);
        this.cap = cap;
        this.plan = plan;
        this.limit = limit;
    }

    /**
     * @param plan  the plan's wire name, e.g. {@code free}
     * @param limit the plan's number of memories
     * @return the refusal of a new memory: "memory limit of plan free (50) reached"
     */
    public static QuotaExceededException memories(String plan, long limit) {
        return new QuotaExceededException(Cap.MEMORIES, Objects.requireNonNull(plan, "plan"), limit,
                "memory limit of plan " + plan + " (" + limit + ") reached");
    }

    /**
     * @param plan  the plan's wire name, e.g. {@code free}
     * @param limit the plan's storage in bytes
     * @return the refusal of growth: "storage limit of plan free (10000000 bytes) would be exceeded"
     */
    public static QuotaExceededException storage(String plan, long limit) {
        return new QuotaExceededException(Cap.STORAGE, Objects.requireNonNull(plan, "plan"), limit,
                "storage limit of plan " + plan + " (" + limit + " bytes) would be exceeded");
    }

    /** @return the cap the write would have broken */
    public Cap cap() {
        return cap;
    }

    /** @return the plan's wire name */
    public String plan() {
        return plan;
    }

    /** @return the cap's value in the plan: memories, or bytes */
    public long limit() {
        return limit;
    }
}
