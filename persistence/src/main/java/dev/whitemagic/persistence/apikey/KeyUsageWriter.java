package dev.whitemagic.persistence.apikey;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;

import javax.sql.DataSource;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.UUID;

/**
 * Writes batched key usage: {@code api_keys.last_used_at} and {@code users.last_seen_at}, one statement each for a
 * whole batch (the ids and instants travel as two arrays and are unnested on the server).
 * <p>
 * It runs outside any request transaction (from a scheduler or at shutdown), on the application's data source in
 * autocommit: each statement is its own short transaction, and losing one batch costs only freshness. The columns
 * only ever move forward ({@code greatest}), so batches from several nodes may land in any order.
 */
@ApplicationScoped
public class KeyUsageWriter {

    /**
     * One use of a key.
     *
     * @param at when it was used
     */
    public record KeyUse(UUID keyId, UUID userId, Instant at) {
    }

    // Rows are locked in id order, so two nodes flushing overlapping batches wait for each other instead of
    // deadlocking.
    private static final String KEYS_SQL = """
            with used as (
                select id, max(at) as at from unnest(?::uuid[], ?::timestamptz[]) as u(id, at) group by id
            ), locked as (
                select k.id from api_keys k join used on used.id = k.id order by k.id for no key update of k
            )
            update api_keys k set last_used_at = greatest(coalesce(k.last_used_at, '-infinity'), used.at)
            from used join locked on locked.id = used.id
            where k.id = used.id
            """;

    private static final String USERS_SQL = """
            with seen as (
                select id, max(at) as at from unnest(?::uuid[], ?::timestamptz[]) as u(id, at) group by id
            ), locked as (
                select s.id from users s join seen on seen.id = s.id order by s.id for no key update of s
            )
            update users s set last_seen_at = greatest(coalesce(s.last_seen_at, '-infinity'), seen.at)
            from seen join locked on locked.id = seen.id
            where s.id = seen.id
            """;

    @Resource(lookup = "java:app/jdbc/whitemagic")
    DataSource dataSource;

    /** For CDI: the data source arrives by resource injection. */
    protected KeyUsageWriter() {
    }

    /** For tests in Java SE. */
    KeyUsageWriter(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Moves {@code last_used_at} of each key and {@code last_seen_at} of its user forward to the latest instant given
     * for them; never backwards. Keys or users that no longer exist are skipped.
     *
     * @param uses the uses to write; several per key or user are allowed
     * @throws IllegalStateException if the database refused the batch (nothing of that statement was written)
     */
    public void write(Collection<KeyUse> uses) {
        if (uses.isEmpty()) {
            return;
        }
        String[] keyIds = new String[uses.size()];
        String[] userIds = new String[uses.size()];
        String[] instants = new String[uses.size()];
        int i = 0;
        for (KeyUse use : uses) {
            keyIds[i] = use.keyId().toString();
            userIds[i] = use.userId().toString();
            // ISO-8601 with Z: PostgreSQL reads it as an absolute instant whatever the session's time zone.
            instants[i] = use.at().toString();
            i++;
        }
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(true);
            update(connection, KEYS_SQL, keyIds, instants);
            update(connection, USERS_SQL, userIds, instants);
        } catch (SQLException e) {
            throw new IllegalStateException("writing the usage of " + uses.size() + " keys failed", e);
        }
    }

    private static void update(Connection connection, String sql, String[] ids, String[] instants)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            Array idArray = connection.createArrayOf("text", ids);
            Array instantArray = connection.createArrayOf("text", instants);
            statement.setArray(1, idArray);
            statement.setArray(2, instantArray);
            statement.executeUpdate();
        }
    }
}
