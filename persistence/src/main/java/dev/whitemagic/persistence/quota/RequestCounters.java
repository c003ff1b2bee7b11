package dev.whitemagic.persistence.quota;

import dev.whitemagic.domain.plan.PlanLimits;
import dev.whitemagic.domain.plan.RateWindow;
import dev.whitemagic.domain.plan.RequestCounts;
import dev.whitemagic.persistence.limits.StatementTimeouts;
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
 * The request counters of the {@code quotas} row: the plans' rate limits per calendar minute, day and month (UTC),
 * counted with one atomic statement per request.
 * <p>
 * {@link #grant} is a single conditional {@code UPDATE … RETURNING} that counts one request, or a lease of several
 * in advance: the row lock it takes serialises concurrent grants of one user, on every node, so the windows never
 * grant more than their limits and no increment is lost; {@link #giveBack} returns what a lease did not use. A counter whose period is over reads as zero and restarts at 1 in the same statement, so a missed reset
 * job (downtime over midnight) never counts yesterday's requests today. It runs in autocommit, outside any request
 * transaction: the count stands even if the request it admitted fails later (the contract counts every answer).
 * <p>
 * Instants and dates are bind parameters from the caller's UTC clock, never {@code now()}/{@code CURRENT_DATE}:
 * {@code CURRENT_DATE} follows the session's time zone, and the windows must start where the application's clock
 * (the one its rate-limit headers and tests use) says they start. Where nodes' clocks disagree slightly, the later
 * period wins ({@code greatest}), so a node a little behind never resets a window that another node has already
 * started.
 */
@ApplicationScoped
public class RequestCounters {

    // Parameters, in order: minute start, today, month start, user, per minute, per day, per month, per minute,
    // per day, per month, most, share divisor, minute start, today, month start, today
    private static final String GRANT_SQL = """
            with current_counts as (
                select user_id,
                       case when minute_started_at >= ? then requests_this_minute else 0 end as minute,
                       case when last_reset_daily >= ? then requests_today else 0 end as day,
                       case when last_reset_monthly >= ? then requests_this_month else 0 end as month
                from quotas where user_id = ? for no key update
            ), granted as (
                select user_id, minute, day, month,
                       least(?::bigint - minute, ?::bigint - day, ?::bigint - month) as room
                from current_counts
                where minute < ? and day < ? and month < ?
            ), lease as (
                select user_id, minute, day, month, least(?::bigint, greatest(1, room / ?::bigint)) as n
                from granted
            )
            update quotas q set
                requests_this_minute = lease.minute + lease.n,
                minute_started_at = greatest(q.minute_started_at, ?),
                requests_today = lease.day + lease.n,
                last_reset_daily = greatest(q.last_reset_daily, ?),
                requests_this_month = lease.month + lease.n,
                last_reset_monthly = case when q.last_reset_monthly >= ? then q.last_reset_monthly else ? end
            from lease
            where q.user_id = lease.user_id
            returning lease.n, q.requests_this_minute, q.requests_today, q.requests_this_month
            """;

    // Parameters: minute start of the lease, unused, its day, unused, its month start, the next month's start,
    // unused, user. A window that has moved on since the lease is left alone: its counter restarted without it.
    private static final String GIVE_BACK_SQL = """
            update quotas set
                requests_this_minute = case when minute_started_at = ?
                                            then greatest(0, requests_this_minute - ?) else requests_this_minute end,
                requests_today = case when last_reset_daily = ?
                                      then greatest(0, requests_today - ?) else requests_today end,
                requests_this_month = case when last_reset_monthly >= ? and last_reset_monthly < ?
                                           then greatest(0, requests_this_month - ?) else requests_this_month end
            where user_id = ?
            """;

    // Parameters: 1 minute start, 2 today, 3 month start, 4 user
    private static final String READ_SQL = """
            select case when minute_started_at >= ? then requests_this_minute else 0 end,
                   case when last_reset_daily >= ? then requests_today else 0 end,
                   case when last_reset_monthly >= ? then requests_this_month else 0 end
            from quotas where user_id = ?
            """;

    // A user whose row is missing (removed by hand, say) still gets counted; the new row counts the memories the
    // user keeps, like StorageCounters' rebuild, so the caps stay right.
    private static final String ENSURE_SQL = """
            insert into quotas (user_id, last_reset_daily, last_reset_monthly, memories_count, storage_bytes)
            select ?, ?, ?, count(*), coalesce(sum(m.size_bytes), 0) from memories m where m.user_id = ?
            on conflict (user_id) do nothing
            """;

    // Parameters: new date, first page, page after the range, stale before. One range of the table's pages per
    // statement (a TID range scan), each committed alone: every page is read once, in order, so a request counted
    // at midnight waits for one short statement at most. Ranges of user ids instead touched a row on every page
    // per statement (1,000,000 rows: 15 s); ORDER BY user_id LIMIT batches were planned as a sort each (45 s).
    private static final String RESET_DAILY_SQL = """
            update quotas set requests_today = 0, last_reset_daily = ?
            where ctid >= ?::text::tid and ctid < ?::text::tid and last_reset_daily < ? and requests_today <> 0
            """;

    private static final String RESET_MONTHLY_SQL = """
            update quotas set requests_this_month = 0, last_reset_monthly = ?
            where ctid >= ?::text::tid and ctid < ?::text::tid and last_reset_monthly < ?
              and requests_this_month <> 0
            """;

    private static final String PAGES_SQL = "select pg_relation_size('quotas') / current_setting('block_size')::bigint";

    /** Pages of quotas per reset statement: about 50,000 rows at fillfactor 50. */
    static final int RESET_PAGES = 1024;

    /** One past the largest page number PostgreSQL can address: the last range is open-ended. */
    private static final long NO_PAGE = 4_294_967_295L;

    @Resource(lookup = "java:app/jdbc/whitemagic")
    DataSource dataSource;

    private int resetPages = RESET_PAGES;

    /** For CDI: the data source arrives by resource injection. */
    protected RequestCounters() {
    }

    /** For tests in Java SE. */
    public RequestCounters(DataSource dataSource) {
        this(dataSource, RESET_PAGES);
    }

    /** For tests in Java SE that reset {@code resetPages} pages per statement. */
    public RequestCounters(DataSource dataSource, int resetPages) {
        if (resetPages < 1) {
            throw new IllegalArgumentException("resetPages must be positive, not " + resetPages);
        }
        this.dataSource = dataSource;
        this.resetPages = resetPages;
    }

    /**
     * What {@link #grant} leased.
     *
     * @param requests how many requests were counted in advance (at least 1)
     * @param counts   the counters after the grant, the whole grant included
     */
    public record Grant(long requests, RequestCounts counts) {
    }

    /**
     * Counts requests in advance, all three windows at once, if none of them is used up: a share of the smallest
     * room left ({@code room / shareDivisor}), at least 1 and at most {@code most}. The database never grants more
     * than the room left, so the leases of all nodes together never exceed a window's limit.
     *
     * @param userId       the caller's user
     * @param limits       the caller's plan
     * @param now          the instant of the request
     * @param most         the largest lease (1: count exactly this request)
     * @param shareDivisor the lease is the room left divided by this (at least 1)
     * @return the grant; empty if a window is used up (nothing counted) or the user has no quotas row
     */
    public Optional<Grant> grant(UUID userId, PlanLimits limits, Instant now, long most, long shareDivisor) {
        OffsetDateTime minute = RateWindow.MINUTE.start(now).atOffset(ZoneOffset.UTC);
        LocalDate today = RateWindow.utcDate(now);
        LocalDate monthStart = today.withDayOfMonth(1);
        try (Connection connection = autocommit();
             PreparedStatement grant = connection.prepareStatement(GRANT_SQL)) {
            bind(grant, minute, today, monthStart, userId,
                    limits.requestsPerMinute(), limits.requestsPerDay(), limits.requestsPerMonth(),
                    limits.requestsPerMinute(), limits.requestsPerDay(), limits.requestsPerMonth(),
                    Math.max(1, most), Math.max(1, shareDivisor), minute, today, monthStart, today);
            try (ResultSet row = grant.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Grant(row.getLong(1),
                        new RequestCounts(row.getLong(2), row.getLong(3), row.getLong(4))));
            }
        } catch (SQLException e) {
            throw new CountersUnavailableException("counting a request failed", e);
        }
    }

    /**
     * Takes back what a lease counted in advance and no request used, from the windows the lease was granted in
     * (a window that has started again since is left alone).
     *
     * @param userId    the user
     * @param unused    requests counted and not used
     * @param grantedAt the instant the lease was granted
     */
    public void giveBack(UUID userId, long unused, Instant grantedAt) {
        if (unused <= 0) {
            return;
        }
        LocalDate day = RateWindow.utcDate(grantedAt);
        LocalDate monthStart = day.withDayOfMonth(1);
        try (Connection connection = autocommit();
             PreparedStatement giveBack = connection.prepareStatement(GIVE_BACK_SQL)) {
            bind(giveBack, RateWindow.MINUTE.start(grantedAt).atOffset(ZoneOffset.UTC), unused, day, unused,
                    monthStart, monthStart.plusMonths(1), unused, userId);
            giveBack.executeUpdate();
        } catch (SQLException e) {
            throw new CountersUnavailableException("giving back unused requests failed", e);
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
            bind(ensure, userId, today, today, userId);
            return ensure.executeUpdate() == 1;
        } catch (SQLException e) {
            if ("23503".equals(e.getSQLState())) {
                return false; // the user was deleted meanwhile
            }
            throw new CountersUnavailableException("creating a quotas row failed", e);
        }
    }

    /**
     * Sets every non-zero daily counter whose last reset was before {@code today} to zero, {@value #RESET_PAGES}
     * pages of the table at a time (each range its own statement and transaction). Only tidies the stored
     * numbers: a stale counter already reads as zero (and a zero one needs nothing), so the new day starts for every user at
     * 00:00 UTC whether or not this has run. Idempotent: a second run, or one on another node at the same time,
     * finds nothing more to change.
     *
     * @return the rows reset
     */
    public int resetDaily(LocalDate today) {
        return reset(RESET_DAILY_SQL, today, today);
    }

    /**
     * Sets every non-zero monthly counter whose last monthly reset was before the 1st of {@code today}'s month to
     * zero, range of pages by range like {@link #resetDaily}.
     *
     * @return the rows reset
     */
    public int resetMonthly(LocalDate today) {
        return reset(RESET_MONTHLY_SQL, today, today.withDayOfMonth(1));
    }

    private int reset(String sql, LocalDate newDate, LocalDate staleBefore) {
        int total = 0;
        try (Connection connection = autocommit();
             PreparedStatement size = connection.prepareStatement(PAGES_SQL);
             PreparedStatement reset = connection.prepareStatement(sql);
             StatementTimeouts.Lifted unbounded = StatementTimeouts.lift(connection)) {
            // Maintenance, not a request: a range of a large table may take longer than the statement timeout.
            long pages;
            try (ResultSet row = size.executeQuery()) {
                row.next();
                pages = row.getLong(1);
            }
            for (long first = 0; first < pages; first += resetPages) {
                // The last range has no end: rows written on new pages while the reset runs are reached too.
                long end = first + resetPages >= pages ? NO_PAGE : first + resetPages;
                bind(reset, newDate, "(" + first + ",0)", "(" + end + ",0)", staleBefore);
                total += reset.executeUpdate();
            }
            return total;
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
