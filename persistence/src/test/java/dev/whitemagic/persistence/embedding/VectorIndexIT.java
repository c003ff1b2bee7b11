package dev.whitemagic.persistence.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import dev.whitemagic.domain.embedding.Vectors;
import dev.whitemagic.persistence.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The vectors held in memory against a real PostgreSQL, with vectors made by hand (basis vectors). */
class VectorIndexIT {

    private static DataSource database;

    @BeforeAll
    static void migrate() {
        database = TestDatabase.newDatabase();
        TestDatabase.bootstrap(database).close();
    }

    private static float[] basis(int i) {
        float[] v = new float[Vectors.DIMENSIONS];
        v[i] = 1;
        return v;
    }

    private static float[] between(int i, int j) {
        float[] v = new float[Vectors.DIMENSIONS];
        v[i] = 1;
        v[j] = 1;
        return Vectors.normalised(v);
    }

    private static UUID user() {
        UUID id = UUID.randomUUID();
        TestDatabase.execute(database, "INSERT INTO users (id, email) VALUES ('" + id + "', '" + id + "@example.com')");
        return id;
    }

    private static UUID memory(UUID user) {
        UUID id = UUID.randomUUID();
        TestDatabase.execute(database, "INSERT INTO memories (id, user_id, title, content, type, size_bytes)"
                + " VALUES ('" + id + "', '" + user + "', 't', 'c', 'short_term', 1)");
        return id;
    }

    /** Writes (or rewrites) a chunk's vector, as the worker does, at the database's clock. */
    private static void chunk(UUID memory, UUID user, int chunk, float[] vector) throws Exception {
        try (Connection connection = database.getConnection();
             PreparedStatement upsert = connection.prepareStatement("INSERT INTO memory_embeddings"
                     + " (memory_id, chunk, user_id, text_sha256, snippet, vector) VALUES (?, ?, ?, ?, 's', ?)"
                     + " ON CONFLICT (memory_id, chunk) DO UPDATE SET vector = excluded.vector,"
                     + " written_at = clock_timestamp()")) {
            upsert.setObject(1, memory);
            upsert.setInt(2, chunk);
            upsert.setObject(3, user);
            upsert.setBytes(4, new byte[32]);
            upsert.setBytes(5, Vectors.toBytes(vector));
            upsert.executeUpdate();
        }
    }

    @Test
    void nearest_isBestFirst_eachMemoryOnceByItsBestChunk_aboveTheMinimum() throws Exception {
        UUID user = user();
        UUID a = memory(user);
        UUID b = memory(user);
        UUID c = memory(user);
        chunk(a, user, 0, basis(0));
        chunk(b, user, 0, basis(1));
        chunk(b, user, 1, between(0, 1));
        chunk(c, user, 0, basis(2));
        VectorIndex index = new VectorIndex(database, 64L << 20, null);

        List<VectorIndex.Match> nearest = index.nearest(user, basis(0), 0.5f, 10);
        assertThat(nearest).extracting(VectorIndex.Match::memoryId, VectorIndex.Match::chunk)
                .containsExactly(tuple(a, 0), tuple(b, 1));
        assertThat(nearest.get(0).similarity()).isCloseTo(1f, within(0.01f));
        assertThat(nearest.get(1).similarity()).isCloseTo(Vectors.dot(basis(0), between(0, 1)), within(0.01f));
        assertThat(index.nearest(user, basis(0), 0.5f, 1)).extracting(VectorIndex.Match::memoryId).containsExactly(a);
        assertThat(index.nearest(user, basis(3), 0.5f, 10)).isEmpty();
        assertThat(index.nearest(user(), basis(0), -1f, 10)).as("another user's vectors").isEmpty();
    }

    @Test
    void whatIsWrittenLater_isSeen_andReplacesTheMemorysOlderVectors() throws Exception {
        UUID user = user();
        UUID a = memory(user);
        chunk(a, user, 0, basis(0));
        VectorIndex index = new VectorIndex(database, 64L << 20, null);
        assertThat(index.nearest(user, basis(0), 0.5f, 10)).extracting(VectorIndex.Match::memoryId).containsExactly(a);

        chunk(a, user, 0, basis(5));
        UUID b = memory(user);
        chunk(b, user, 0, basis(0));

        assertThat(index.nearest(user, basis(0), 0.5f, 10)).extracting(VectorIndex.Match::memoryId)
                .as("a re-embedded elsewhere, b new").containsExactly(b);
        assertThat(index.nearest(user, basis(5), 0.5f, 10)).extracting(VectorIndex.Match::memoryId).containsExactly(a);
    }

    @Test
    void aUserWithoutVectors_findsNothing_andForgettingReloads() throws Exception {
        UUID user = user();
        VectorIndex index = new VectorIndex(database, 64L << 20, null);
        assertThat(index.nearest(user, basis(0), -1f, 10)).isEmpty();

        UUID a = memory(user);
        chunk(a, user, 0, basis(0));
        index.forget(user);

        assertThat(index.nearest(user, basis(0), 0.5f, 10)).extracting(VectorIndex.Match::memoryId).containsExactly(a);
    }

    @Test
    void aLargeUsersScan_sharedWithHelpers_findsWhatOneThreadFinds_andNeedsNoHelper() throws Exception {
        UUID user = user();
        int rows = 3 * VectorIndex.SLICE_ROWS + 1000;
        // set-based: every memory's one chunk is basis(1), orthogonal to the query
        try (Connection connection = database.getConnection();
             PreparedStatement insert = connection.prepareStatement("WITH m AS (INSERT INTO memories"
                     + " (id, user_id, title, content, type, size_bytes) SELECT gen_random_uuid(), ?, 't', 'c',"
                     + " 'short_term', 1 FROM generate_series(1, ?) RETURNING id, user_id)"
                     + " INSERT INTO memory_embeddings (memory_id, chunk, user_id, text_sha256, snippet, vector)"
                     + " SELECT id, 0, user_id, '\\x00', 's', ? FROM m")) {
            insert.setObject(1, user);
            insert.setInt(2, rows);
            insert.setBytes(3, Vectors.toBytes(basis(1)));
            insert.executeUpdate();
        }
        // the near ones are loaded last, after every slice of the rest
        List<UUID> near = List.of(memory(user), memory(user), memory(user));
        for (UUID memory : near) {
            chunk(memory, user, 0, basis(0));
        }
        ExecutorService helpers = Executors.newFixedThreadPool(3);
        try {
            List<UUID> alone = new VectorIndex(database, 256L << 20, null).nearest(user, basis(0), 0.5f, 10)
                    .stream().map(VectorIndex.Match::memoryId).toList();
            List<UUID> shared = new VectorIndex(database, 256L << 20, helpers).nearest(user, basis(0), 0.5f, 10)
                    .stream().map(VectorIndex.Match::memoryId).toList();
            assertThat(alone).containsExactlyInAnyOrderElementsOf(near);
            assertThat(shared).containsExactlyInAnyOrderElementsOf(near);
            assertThat(new VectorIndex(database, 256L << 20, helpers).nearest(user, basis(1), 0.5f, 5))
                    .as("the rest, every slice").hasSize(5);
        } finally {
            helpers.shutdownNow();
        }
        List<UUID> refused = new VectorIndex(database, 256L << 20, helpers).nearest(user, basis(0), 0.5f, 10)
                .stream().map(VectorIndex.Match::memoryId).toList();
        assertThat(refused).as("helpers that refuse work").containsExactlyInAnyOrderElementsOf(near);
    }
}
