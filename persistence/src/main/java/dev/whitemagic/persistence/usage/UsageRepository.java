package dev.whitemagic.persistence.usage;

import dev.whitemagic.persistence.limits.StatementTimeouts;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Reads and purges {@code usage_records} in plain JDBC (the rows are written by {@link UsageWriter}).
 */
@ApplicationScoped
public class UsageRepository {

    // One pass over the user's rows of the period, found through ix_usage_records_user_id_date.
    private static final String DAILY_SQL = """
            select date, endpoint, count(*) as requests,
                   count(*) filter (where status_code >= 400) as errors,
                   coalesce(sum(response_time_ms), 0) as response_time_ms,
                   count(response_time_ms) as timed_requests
            from usage_records
            where user_id = ? and date between ? and ?
            group by date, endpoint
            order by date, endpoint
            """;

    // The chunk's ids as an array, so each row is deleted through the primary key ("id in (select …)" is planned as
    // a hash join that scans the whole table once per chunk). SKIP LOCKED: nodes purging at the same moment share
    // the work instead of waiting for each other's rows.
    private static final String PURGE_SQL = """
            delete from usage_records where id = any(array(
                select id from usage_records where date < ? limit ? for update skip locked))
            """;

    @Resource(lookup = "java:app/jdbc/whitemagic")
    DataSource dataSource;

    /** For CDI: the data source arrives by resource injection. */
    protected UsageRepository() {
    }

    /** For tests in Java SE. */
    public UsageRepository(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    /**
     * @param from the first UTC day, included
     * @param to   the last UTC day, included
     * @return the user's requests per day and route template, by day then route; days without requests are absent
     */
    public List<EndpointDay> dailyByEndpoint(UUID userId, LocalDate from, LocalDate to) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement(DAILY_SQL)) {
            query.setObject(1, userId);
            query.setObject(2, from);
            query.setObject(3, to);
            List<EndpointDay> rows = new ArrayList<>();
            try (ResultSet result = query.executeQuery()) {
                while (result.next()) {
                    rows.add(new EndpointDay(result.getObject("date", LocalDate.class), result.getString("endpoint"),
                            result.getLong("requests"), result.getLong("errors"), result.getLong("response_time_ms"),
                            result.getLong("timed_requests")));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException("reading the usage of a user failed", e);
        }
    }

    /**
     * Deletes every row dated before {@code firstKeptDay}, in chunks of at most {@code chunkSize} rows, each its own
     * short transaction, so a large purge never holds one huge transaction or many locks. Running it again, or on
     * several nodes at once, is harmless.
     *
     * @param firstKeptDay the oldest UTC day whose rows stay
     * @param chunkSize    the most rows one statement deletes
     * @return how many rows this call deleted
     */
    public long purgeBefore(LocalDate firstKeptDay, int chunkSize) {
        if (chunkSize < 1) {
            throw new IllegalArgumentException("chunkSize must be positive, was " + chunkSize);
        }
        long total = 0;
        try (Connection connection = dataSource.getConnection();
             PreparedStatement purge = connection.prepareStatement(PURGE_SQL);
             StatementTimeouts.Lifted unbounded = StatementTimeouts.lift(connection)) {
            // Maintenance, not a request: no statement timeout.
            connection.setAutoCommit(true);
            purge.setObject(1, firstKeptDay);
            purge.setInt(2, chunkSize);
            int deleted;
            do {
                deleted = purge.executeUpdate();
                total += deleted;
            } while (deleted == chunkSize);
            try (PreparedStatement markers = connection.prepareStatement(
                    "delete from usage_batches where written_at < now() - interval '7 days'")) {
                // A batch is retried within seconds; its marker is not needed for long.
                markers.executeUpdate();
            }
            return total;
        } catch (SQLException e) {
            throw new IllegalStateException("purging usage records before " + firstKeptDay + " failed after "
                    + total + " rows", e);
        }
    }
}
