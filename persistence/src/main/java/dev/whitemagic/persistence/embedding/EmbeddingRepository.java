package dev.whitemagic.persistence.embedding;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The stored embeddings of memories' chunks, and which memories wait for theirs. Plain JDBC in autocommit or one
 * short transaction per call: the background worker calls it outside any request.
 */
@ApplicationScoped
public class EmbeddingRepository {

    /** A memory whose text has changed since its chunks were embedded (or that has none yet). */
    public record Pending(UUID memoryId, UUID userId, Instant version, String title, List<String> tags,
                          String content) {
    }

    /** A chunk as stored: its number, the SHA-256 of its text, and its vector (little-endian float32). */
    public record StoredChunk(int chunk, byte[] textSha256, byte[] vector) {
    }

    /** A chunk to store. */
    public record NewChunk(int chunk, byte[] textSha256, String snippet, byte[] vector) {
    }

    /** The chunks of one memory, computed from its text at {@code version} (its {@code updated_at}). */
    public record Embedded(UUID memoryId, UUID userId, Instant version, List<NewChunk> chunks) {
    }

    private static final String PENDING = """
            select id, user_id, updated_at, title, tags, content from memories
            where embedded_version is distinct from updated_at
            order by updated_at desc limit ?
            """;

    @Resource(lookup = "java:app/jdbc/whitemagic")
    DataSource dataSource;

    /** For CDI: the data source arrives by resource injection. */
    protected EmbeddingRepository() {
    }

    /** For tests in Java SE. */
    public EmbeddingRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Up to {@code limit} memories waiting to be embedded, the most recently changed first. */
    public List<Pending> pending(int limit) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(PENDING)) {
            statement.setInt(1, limit);
            List<Pending> pending = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    Array tags = rows.getArray(5);
                    pending.add(new Pending(rows.getObject(1, UUID.class), rows.getObject(2, UUID.class),
                            rows.getTimestamp(3).toInstant(), rows.getString(4),
                            List.of((String[]) tags.getArray()), rows.getString(6)));
                }
            }
            return pending;
        } catch (SQLException e) {
            throw new IllegalStateException("reading the memories waiting to be embedded failed", e);
        }
    }

    /** The stored chunks of these memories, by memory, in chunk order. */
    public Map<UUID, List<StoredChunk>> stored(Collection<UUID> memoryIds) {
        Map<UUID, List<StoredChunk>> stored = new HashMap<>();
        if (memoryIds.isEmpty()) {
            return stored;
        }
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement("select memory_id, chunk, text_sha256, vector"
                     + " from memory_embeddings where memory_id = any(?) order by memory_id, chunk")) {
            statement.setArray(1, connection.createArrayOf("uuid", memoryIds.toArray()));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    stored.computeIfAbsent(rows.getObject(1, UUID.class), id -> new ArrayList<>())
                            .add(new StoredChunk(rows.getInt(2), rows.getBytes(3), rows.getBytes(4)));
                }
            }
            return stored;
        } catch (SQLException e) {
            throw new IllegalStateException("reading stored embeddings failed", e);
        }
    }

    /**
     * Stores the chunks of each memory that is still at the version they were computed from, in one transaction: a
     * memory changed meanwhile keeps waiting (its new text is embedded next), one deleted meanwhile is skipped.
     * <p>
     * The memories' rows are locked first, all in one statement in the order of their ids, as a consolidation locks
     * the rows it archives: two transactions that both write some of the same memories then wait for each other
     * rather than each holding a row the other needs (a deadlock, which undoes one of them).
     *
     * @return how many memories were stored
     */
    public int save(List<Embedded> memories) {
        if (memories.isEmpty()) {
            return 0;
        }
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement lock = connection.prepareStatement(
                         "select id from memories where id = any(?) order by id for update");
                 PreparedStatement mark = connection.prepareStatement(
                         "update memories set embedded_version = ? where id = ? and updated_at = ?");
                 PreparedStatement delete = connection.prepareStatement(
                         "delete from memory_embeddings where memory_id = ?");
                 PreparedStatement insert = connection.prepareStatement("insert into memory_embeddings"
                         + " (memory_id, chunk, user_id, text_sha256, snippet, vector) values (?, ?, ?, ?, ?, ?)")) {
                lock.setArray(1, connection.createArrayOf("uuid",
                        memories.stream().map(Embedded::memoryId).toArray()));
                lock.executeQuery().close();
                int saved = 0;
                for (Embedded memory : memories) {
                    Timestamp version = Timestamp.from(memory.version());
                    mark.setTimestamp(1, version);
                    mark.setObject(2, memory.memoryId());
                    mark.setTimestamp(3, version);
                    if (mark.executeUpdate() == 0) {
                        continue;
                    }
                    delete.setObject(1, memory.memoryId());
                    delete.executeUpdate();
                    for (NewChunk chunk : memory.chunks()) {
                        insert.setObject(1, memory.memoryId());
                        insert.setInt(2, chunk.chunk());
                        insert.setObject(3, memory.userId());
                        insert.setBytes(4, chunk.textSha256());
                        insert.setString(5, chunk.snippet());
                        insert.setBytes(6, chunk.vector());
                        insert.addBatch();
                    }
                    insert.executeBatch();
                    saved++;
                }
                connection.commit();
                return saved;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("storing the embeddings of " + memories.size() + " memories failed", e);
        }
    }

    /** How many of the user's memories wait to be embedded. */
    public long pendingCount(UUID userId) {
        return count("select count(*) from memories where user_id = ? and embedded_version is distinct from updated_at",
                userId);
    }

    /** How many memories of all users wait to be embedded. */
    public long pendingTotal() {
        return count("select count(*) from memories where embedded_version is distinct from updated_at", null);
    }

    private long count(String sql, UUID userId) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            if (userId != null) {
                statement.setObject(1, userId);
            }
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("counting the memories waiting to be embedded failed", e);
        }
    }
}
