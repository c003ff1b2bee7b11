package dev.whitemagic.persistence.usage;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Inserts metered requests into {@code usage_records} with plain JDBC, one statement per batch: the columns travel
 * as arrays and are unnested on the server, which is one round trip and one short transaction however many rows
 * (Hibernate cannot batch inserts into a table with an identity id).
 * <p>
 * A row whose user no longer exists is left out (the user's usage went with it), and a key that no longer exists
 * is written as {@code null} (as {@code ON DELETE SET NULL} would have done), so a user or key deleted between a
 * request and its flush cannot make the batch fail again and again. The {@code date} is the UTC date of the
 * request, whatever the session's time zone.
 * <p>
 * It runs outside any request transaction (from the recorder's flush thread or at shutdown), in a transaction of its
 * own that also records the batch's id in {@code usage_batches}: a retried batch whose first commit reached the
 * database after all is not written twice.
 */
@ApplicationScoped
public class UsageWriter {

    private static final String INSERT_SQL = """
            insert into usage_records
                (user_id, api_key_id, endpoint, method, status_code, response_time_ms, created_at, date)
            select r.user_id, k.id, r.endpoint, r.method, r.status_code, r.response_time_ms, r.created_at,
                   (r.created_at at time zone 'UTC')::date
            from unnest(?::uuid[], ?::uuid[], ?::text[], ?::text[], ?::int[], ?::int[], ?::timestamptz[])
                     as r(user_id, key_id, endpoint, method, status_code, response_time_ms, created_at)
            join users u on u.id = r.user_id
            left join api_keys k on k.id = r.key_id
            """;

    private static final String MARK_SQL = "insert into usage_batches (id) values (?) on conflict do nothing";

    @Resource(lookup = "java:app/jdbc/whitemagic")
    DataSource dataSource;

    /** For CDI: the data source arrives by resource injection. */
    protected UsageWriter() {
    }

    /** For tests in Java SE. */
    public UsageWriter(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * The batch's id: a digest of every record in it, so the same batch retried has the same id and another batch
     * (other requests, or the same ones at other instants) another.
     */
    static UUID batchId(Collection<MeteredRequest> requests) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (MeteredRequest request : requests) {
                digest.update((request.userId() + "|" + request.keyId() + "|" + request.endpoint() + "|"
                        + request.method() + "|" + request.statusCode() + "|" + request.responseTimeMs() + "|"
                        + request.at() + "\n").getBytes(StandardCharsets.UTF_8));
            }
            ByteBuffer bytes = ByteBuffer.wrap(digest.digest());
            return new UUID(bytes.getLong(), bytes.getLong());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    private static void rollbackQuietly(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // The connection is broken: the pool drops it; nothing of the batch was committed by this attempt.
        }
    }

    /**
     * Inserts one row per request, all or none; a batch written before (see {@link #batchId}) is not written again.
     *
     * @param requests the requests to write
     * @return how many rows were inserted: fewer than given only for users deleted in the meantime
     * @throws IllegalStateException if the database refused the batch (then nothing of it was written)
     */
    public int write(Collection<MeteredRequest> requests) {
        if (requests.isEmpty()) {
            return 0;
        }
        int size = requests.size();
        String[] userIds = new String[size];
        String[] keyIds = new String[size];
        String[] endpoints = new String[size];
        String[] methods = new String[size];
        Integer[] statuses = new Integer[size];
        Integer[] responseTimes = new Integer[size];
        String[] instants = new String[size];
        int i = 0;
        for (MeteredRequest request : requests) {
            userIds[i] = request.userId().toString();
            keyIds[i] = request.keyId() == null ? null : request.keyId().toString();
            endpoints[i] = request.endpoint();
            methods[i] = request.method();
            statuses[i] = request.statusCode();
            responseTimes[i] = request.responseTimeMs();
            // ISO-8601 with Z: PostgreSQL reads it as an absolute instant whatever the session's time zone.
            instants[i] = request.at().toString();
            i++;
        }
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement mark = connection.prepareStatement(MARK_SQL);
                 PreparedStatement insert = connection.prepareStatement(INSERT_SQL)) {
                mark.setObject(1, batchId(requests));
                if (mark.executeUpdate() == 0) {
                    // Written before: its commit reached the database after this writer had stopped waiting.
                    connection.commit();
                    return size;
                }
                insert.setArray(1, connection.createArrayOf("text", userIds));
                insert.setArray(2, connection.createArrayOf("text", keyIds));
                insert.setArray(3, connection.createArrayOf("text", endpoints));
                insert.setArray(4, connection.createArrayOf("text", methods));
                insert.setArray(5, connection.createArrayOf("int4", statuses));
                insert.setArray(6, connection.createArrayOf("int4", responseTimes));
                insert.setArray(7, connection.createArrayOf("text", instants));
                int rows = insert.executeUpdate();
                connection.commit();
                return rows;
            } catch (SQLException e) {
                rollbackQuietly(connection);
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("writing " + size + " usage records failed", e);
        }
    }
}
