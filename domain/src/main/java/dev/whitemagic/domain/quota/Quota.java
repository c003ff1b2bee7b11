package dev.whitemagic.domain.quota;

import dev.whitemagic.domain.user.User;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.MapsId;
import jakarta.persistence.OneToOne;
import jakarta.persistence.Table;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;
import java.util.UUID;

/**
 * The counters of one user, one row per user with the user's id as its key.
 * <p>
 * The counters are changed with atomic SQL by the quota module (concurrent requests must not lose counts),
 * so this entity reads them rather than changing them. The reset dates are calendar dates in UTC.
 */
@Entity
@Table(name = "quotas")
public class Quota {

    @Id
    @Column(name = "user_id", nullable = false, updatable = false)
    private UUID userId;

    @MapsId
    @OneToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "user_id")
    private User user;

    @Column(name = "requests_today", nullable = false)
    private int requestsToday;

    @Column(name = "requests_this_month", nullable = false)
    private int requestsThisMonth;

    @Column(name = "memories_count", nullable = false)
    private int memoriesCount;

    @Column(name = "storage_bytes", nullable = false)
    private long storageBytes;

    @Column(name = "last_reset_daily", nullable = false)
    private LocalDate lastResetDaily;

    @Column(name = "last_reset_monthly", nullable = false)
    private LocalDate lastResetMonthly;

    @Column(name = "requests_this_minute", nullable = false)
    private int requestsThisMinute;

    @Column(name = "minute_started_at", nullable = false)
    private Instant minuteStartedAt = Instant.EPOCH;

    /** For JPA only. */
    protected Quota() {
    }

    /**
     * The empty quota of a new user: every counter zero, both windows starting today.
     *
     * @param user  the owner; there is at most one quota per user
     * @param today today's date in UTC, from the caller's clock
     */
    public Quota(User user, LocalDate today) {
        this.user = Objects.requireNonNull(user, "user");
        this.userId = user.getId();
        this.lastResetDaily = Objects.requireNonNull(today, "today");
        this.lastResetMonthly = today;
    }

    /** @return the owner's id, which is also this row's id */
    public UUID getUserId() {
        return userId;
    }

    /** @return the owner (a lazy reference) */
    public User getUser() {
        return user;
    }

    /** @return the stored daily counter, counted since {@link #getLastResetDaily()} */
    public int getRequestsToday() {
        return requestsToday;
    }

    /** @return the stored monthly counter, counted since {@link #getLastResetMonthly()} */
    public int getRequestsThisMonth() {
        return requestsThisMonth;
    }

    /** @return the number of memories the user keeps (archived ones included) */
    public int getMemoriesCount() {
        return memoriesCount;
    }

    /** @return the bytes the user's memories take, as storage quotas count them */
    public long getStorageBytes() {
        return storageBytes;
    }

    /** @return the UTC date the daily counter was last reset on */
    public LocalDate getLastResetDaily() {
        return lastResetDaily;
    }

    /** @return the UTC date the monthly counter was last reset on */
    public LocalDate getLastResetMonthly() {
        return lastResetMonthly;
    }

    /**
     * @param today today's UTC date
     * @return the requests counted today; zero if the daily counter was last reset before today (the reset job has
     * not run since midnight, or the user made no request since)
     */
    public int requestsTodayAt(LocalDate today) {
        return lastResetDaily.isBefore(today) ? 0 : requestsToday;
    }

    /**
     * @param today today's UTC date
     * @return the requests counted this calendar month; zero if the monthly counter was last reset before the 1st
     */
    public int requestsThisMonthAt(LocalDate today) {
        return lastResetMonthly.isBefore(today.withDayOfMonth(1)) ? 0 : requestsThisMonth;
    }

    /** @return the stored per-minute counter, counted since {@link #getMinuteStartedAt()} */
    public int getRequestsThisMinute() {
        return requestsThisMinute;
    }

    /** @return the start of the calendar minute (UTC) that {@link #getRequestsThisMinute()} counts */
    public Instant getMinuteStartedAt() {
        return minuteStartedAt;
    }

    @Override
    public boolean equals(Object other) {
        return this == other || other instanceof Quota quota && userId != null && userId.equals(quota.getUserId());
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(userId);
    }

    @Override
    public String toString() {
        return "Quota[userId=" + userId + ", requestsToday=" + requestsToday + ", requestsThisMonth=" + requestsThisMonth
                + ", memoriesCount=" + memoriesCount + ", storageBytes=" + storageBytes + "]";
    }
}
