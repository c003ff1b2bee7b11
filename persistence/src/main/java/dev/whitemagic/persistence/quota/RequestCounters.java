package dev.whitemagic.persistence.quota;

import dev.whitemagic.domain.plan.PlanLimits;
import dev.whitemagic.domain.plan.RateWindow;
import dev.whitemagic.domain.plan.RequestCounts;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The request counters of the {@code quotas} row: the minute, day and month windows (API.md 4), counted with one
 * atomic statement per request.
 * <p>
 * {@link #countIfAdmitted} is a single conditional {@code UPDATE … RETURNING}: the row lock it takes serialises
 * concurrent requests of one user, on every node, so a window never admits more than its limit and no increment
 * is lost. A counter whose period is over reads as zero and restarts at 1 in the same statement, so a missed reset
 * job (downtime over midnight) never counts yesterday's requests today. It runs in autocommit, outside any request
 * transaction: the count stands even if the request it admitted fails later (the contract counts every answer).
 * <p>
 * Instants and dates are bind parameters from the caller's UTC clock, never {@code now()}/{@code CURRENT_DATE}
 * (STACK.md 23). Where nodes' clocks disagree slightly, the later period wins ({@code greatest}), so a node a little
 * behind never resets a window that another node has already started.
 */
@ApplicationScoped
public class RequestCounters {

    // Parameters, in order: minute start ×2, today ×2, month start ×2, today, user, minute start, per minute,
    // today, per day, month start, per month
    private static final String COUNT_SQL = """
            update quotas set
                requests_this_minute = case when minute_started_at >= ? then requests_this_minute + 1 else 1 end,
                minute_started_at = greatest(minute_started_at, ?),
                requests_today = case when last_reset_daily >= ? then requests_today + 1 else 1 end,
                last_reset_daily = greatest(last_reset_daily, ?),
                requests_this_month = case when last_reset_monthly >= ? then requests_this_month + 1 else 1 end,
                last_reset_monthly = case when last_reset_monthly >= ? then last_reset_monthly else ? end
            where user_id = ?
              and (case when minute_started_at >= ? then requests_this_minute else 0 end) < ?
              and (case when last_reset_daily >= ? then requests_today else 0 end) < ?
              and (case when last_reset_monthly >= ? then requests_this_month else 0 end) < ?
            returning requests_this_minute, requests_today, requests_this_month
            """;

    // Parameters: 1 minute start, 2 today, 3 month start, 4 user
    private static final String READ_SQL = """
            select case when minute_started_at >= ? then requests_this_minute else 0 end,
                   case when last_reset_daily >= ? then requests_today else 0 end,
                   case when last_reset_monthly >= ? then requests_this_month else 0 end
            from quotas where user_id = ?
            """;

    // A user made before quotas rows existed for everyone, or whose row was removed by hand, still gets counted.
    private static final String ENSURE_SQL = """
            insert into quotas (user_id, last_reset_daily, last_reset_monthly) values (?, ?, ?)
            on conflict (user_id) do nothing
            """;

    private static final String RESET_DAILY_SQL = """
            update quotas set requests_today = 0, last_reset_daily = ? where last_reset_daily < ?
            """;

    private static final String RESET_MONTHLY_SQL = """
            update quotas set requests_this_month = 0, last_reset_monthly = ? where last_reset_monthly < ?
            """;

    @Resource(lookup = "java:app/jdbc/whitemagic")
    DataSource dataSource;

    /** For CDI: the data source arrives by resource injection. */
    protected RequestCounters() {
    }

    /** For tests in Java SE. */
    public RequestCounters(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Counts one request against all three windows if none of them is used up.
     *
     * @param userId the caller's user
     * @param limits the caller's plan
     * @param now    the instant of the request
     * @return the counts including this request if it was admitted; empty if a window is used up (nothing counted)
     *         or the user has no quotas row
     */
    public Optional<RequestCounts> countIfAdmitted(UUID userId, PlanLimits limits, Instant now) {
        OffsetDateTime minute = RateWindow.MINUTE.start(now).atOffset(ZoneOffset.UTC);
        LocalDate today = RateWindow.utcDate(now);
        LocalDate monthStart = today.withDayOfMonth(1);
        try (Connection connection = autocommit();
             PreparedStatement count = connection.prepareStatement(COUNT_SQL)) {
            bind(count, minute, minute, today, today, monthStart, monthStart, today, userId,
                    minute, limits.requestsPerMinute(), today, limits.requestsPerDay(), monthStart,
                    limits.requestsPerMonth());
            try (ResultSet row = count.executeQuery()) {
                return row.next() ? Optional.of(counts(row)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new CountersUnavailableException("counting a request failed", e);
        }
    }

    /**
     * @return the user's counts now (a window whose period is over reads as zero); empty if the user has no
     *         quotas row
     */
    public Optional<RequestCounts> read(UUID userId, Instant now) {
        LocalDate today = RateWindow.utcDate(now);
        try (Connection connection = autocommit();
             PreparedStatement read = connection.prepareStatement(READ_SQL)) {
            read.setObject(1, RateWindow.MINUTE.start(now).atOffset(ZoneOffset.UTC));
            read.setObject(2, today);
            read.setObject(3, today.withDayOfMonth(1));
            read.setObject(4, userId);
            try (ResultSet row = read.executeQuery()) {
                return row.next() ? Optional.of(counts(row)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new CountersUnavailableException("reading request counts failed", e);
        }
    }

    /**
     * Creates the user's quotas row if it is missing; does nothing if it exists (or the user does not).
     *
     * @return whether a row was created
     */
    public boolean ensureRow(UUID userId, Instant now) {
        LocalDate today = RateWindow.utcDate(now);
        try (Connection connection = autocommit();
             PreparedStatement ensure = connection.prepareStatement(ENSURE_SQL)) {
            ensure.setObject(1, userId);
            ensure.setObject(2, today);
            ensure.setObject(3, today);
            return ensure.executeUpdate() == 1;
        } catch (SQLException e) {
            if ("23503".equals(e.getSQLState())) {
                return false; // the user was deleted meanwhile
            }
            throw new CountersUnavailableException("creating a quotas row failed", e);
        }
    }

    /**
     * Sets the daily counter of every row whose last reset was before {@code today} to zero. Idempotent: a second
     * run, or one on another node at the same time, finds nothing more to change.
     *
     * @return the rows reset
     */
    public int resetDaily(LocalDate today) {
        return reset(RESET_DAILY_SQL, today, today);
    }

    /**
     * Sets the monthly counter of every row whose last monthly reset was before the 1st of {@code today}'s month to
     * zero. Idempotent like {@link #resetDaily}.
     *
     * @return the rows reset
     */
    public int resetMonthly(LocalDate today) {
        return reset(RESET_MONTHLY_SQL, today, today.withDayOfMonth(1));
    }

    private int reset(String sql, LocalDate newDate, LocalDate staleBefore) {
        try (Connection connection = autocommit();
             PreparedStatement reset = connection.prepareStatement(sql)) {
            reset.setObject(1, newDate);
            reset.setObject(2, staleBefore);
            return reset.executeUpdate();
        } catch (SQLException e) {
            throw new CountersUnavailableException("resetting request counters failed", e);
        }
    }

    private Connection autocommit() throws SQLException {
        Connection connection = dataSource.getConnection();
        connection.setAutoCommit(true);
        return connection;
    }

    private static void bind(PreparedStatement statement, Object... values) throws SQLException {
        for (int i = 0; i < values.length; i++) {
            statement.setObject(i + 1, values[i]);
        }
    }

    private static RequestCounts counts(ResultSet row) throws SQLException {
        return new RequestCounts(row.getLong(1), row.getLong(2), row.getLong(3));
    }
}
