package dev.whitemagic.persistence.memory;

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
 * Writes batched reads of memories: {@code memories.accessed_at}, one statement for a whole batch (ids, owners and
 * instants travel as arrays and are unnested on the server), so that {@code GET /memories/{id}} stays a read.
 * <p>
 * Like {@code KeyUsageWriter}, it runs outside any request transaction, in autocommit; the column only moves forward
 * ({@code greatest}), so batches from several nodes may land in any order, and rows are locked in id order so that
 * two of them wait for each other instead of deadlocking. A memory deleted meanwhile, or not the given user's, is
 * skipped. {@code updated_at} (and so the ETag) is untouched.
 */
@ApplicationScoped
public class MemoryAccessWriter {

    /**
     * A read of a memory.
     *
     * @param at when it was read
     */
    public record MemoryRead(UUID memoryId, UUID userId, Instant at) {
    }

    private static final String SQL = """
            with seen as (
                select id, user_id, max(at) as at
                from unnest(?::uuid[], ?::uuid[], ?::timestamptz[]) as r(id, user_id, at) group by id, user_id
            ), locked as (
                select m.id from memories m join seen on seen.id = m.id and seen.user_id = m.user_id
                order by m.id for no key update of m
            )
            update memories m set accessed_at = greatest(coalesce(m.accessed_at, '-infinity'), seen.at)
            from seen join locked on locked.id = seen.id
            where m.id = seen.id and m.user_id = seen.user_id
            """;

    @Resource(lookup = "java:app/jdbc/whitemagic")
    DataSource dataSource;

    /** For CDI: the data source arrives by resource injection. */
    protected MemoryAccessWriter() {
    }

    /** For tests in Java SE. */
    public MemoryAccessWriter(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Moves {@code accessed_at} of each memory forward to the latest instant given for it; never backwards.
     *
     * @throws IllegalStateException if the database refused the batch (nothing of it was written)
     */
    public void write(Collection<MemoryRead> reads) {
        if (reads.isEmpty()) {
            return;
        }
        String[] ids = new String[reads.size()];
        String[] users = new String[reads.size()];
        String[] instants = new String[reads.size()];
        int i = 0;
        for (MemoryRead read : reads) {
            ids[i] = read.memoryId().toString();
            users[i] = read.userId().toString();
            // ISO-8601 with Z: an absolute instant whatever the session's time zone.
            instants[i] = read.at().toString();
            i++;
        }
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(true);
            try (PreparedStatement statement = connection.prepareStatement(SQL)) {
                Array idArray = connection.createArrayOf("text", ids);
                Array userArray = connection.createArrayOf("text", users);
                Array instantArray = connection.createArrayOf("text", instants);
                statement.setArray(1, idArray);
                statement.setArray(2, userArray);
                statement.setArray(3, instantArray);
                statement.executeUpdate();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("writing the reads of " + reads.size() + " memories failed", e);
        }
    }
}
