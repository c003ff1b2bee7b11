package dev.whitemagic.persistence.embedding;

import static org.assertj.core.api.Assertions.assertThat;

import dev.whitemagic.domain.embedding.Vectors;
import dev.whitemagic.persistence.RowLocks;
import dev.whitemagic.persistence.TestDatabase;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The worker against a real PostgreSQL and the real model, on a database of its own. */
class EmbeddingWorkerIT {

    /** Counts the texts it embeds, to tell a reused vector from a recomputed one. */
    private static final class CountingEmbedder extends Embedder {
        final AtomicInteger texts = new AtomicInteger();

        @Override
        public List<float[]> embed(List<String> batch) {
            texts.addAndGet(batch.size());
            return super.embed(batch);
        }
    }

    private static final CountingEmbedder EMBEDDER = new CountingEmbedder();
    private static DataSource database;

    private EmbeddingRepository repository;
    private EmbeddingWorker worker;

    @BeforeAll
    static void loadModelAndMigrate() {
        database = TestDatabase.newDatabase();
        TestDatabase.bootstrap(database).close();
        LoadedEmbedder.load(EMBEDDER);
    }

    @BeforeEach
    void emptyTables() {
        TestDatabase.execute(database, "DELETE FROM memories");
        repository = new EmbeddingRepository(database);
        worker = new EmbeddingWorker(repository, EMBEDDER);
        EMBEDDER.texts.set(0);
    }

    private UUID user() {
        UUID id = UUID.randomUUID();
        TestDatabase.execute(database, "INSERT INTO users (id, email) VALUES ('" + id + "', '" + id + "@example.com')");
        return id;
    }

    private UUID memory(UUID user, String title, String content) {
        UUID id = UUID.randomUUID();
        TestDatabase.execute(database, "INSERT INTO memories (id, user_id, title, content, type, size_bytes, tags)"
                + " VALUES ('" + id + "', '" + user + "', '" + title + "', '" + content + "', 'short_term', 1,"
                + " '{family}')");
        return id;
    }

    private List<Map<String, Object>> chunks(UUID memory) {
        return TestDatabase.query(database, "SELECT chunk, user_id, snippet, vector FROM memory_embeddings"
                + " WHERE memory_id = ? ORDER BY chunk", memory);
    }

    @Test
    void waitingMemories_areEmbedded_andNoLongerWait() {
        UUID user = user();
        UUID birthday = memory(user, "Emma birthday", "Emma turns seven on March 3");
        memory(user, "Deploy", "The staging cluster runs three replicas");

        assertThat(repository.pendingCount(user)).isEqualTo(2);
        assertThat(worker.runOnce()).isEqualTo(2);

        assertThat(repository.pendingCount(user)).isZero();
        assertThat(repository.pendingTotal()).isZero();
        List<Map<String, Object>> stored = chunks(birthday);
        assertThat(stored).hasSize(1);
        assertThat(stored.get(0)).containsEntry("user_id", user).containsEntry("snippet", "Emma turns seven on March 3");
        float[] vector = Vectors.fromBytes((byte[]) stored.get(0).get("vector"));
        assertThat(vector).hasSize(Vectors.DIMENSIONS);
        assertThat(Vectors.dot(vector, EMBEDDER.embed("When is my kid's birthday?"))).isGreaterThan(0.35f);
        assertThat(worker.runOnce()).as("nothing left").isZero();
    }

    @Test
    void aChangedText_isEmbeddedAgain_anUnchangedOneKeepsItsVectors() {
        UUID user = user();
        UUID id = memory(user, "Standup", "We ship on Friday");
        worker.runOnce();
        byte[] before = (byte[]) chunks(id).get(0).get("vector");

        TestDatabase.execute(database, "UPDATE memories SET type = 'long_term', updated_at = now() + interval '1 s'"
                + " WHERE id = '" + id + "'");
        assertThat(repository.pendingCount(user)).isEqualTo(1);
        EMBEDDER.texts.set(0);
        worker.runOnce();
        assertThat(EMBEDDER.texts).as("the text did not change: its vector is kept").hasValue(0);
        assertThat((byte[]) chunks(id).get(0).get("vector")).isEqualTo(before);

        TestDatabase.execute(database, "UPDATE memories SET content = 'We ship on Monday', updated_at = now()"
                + " + interval '2 s' WHERE id = '" + id + "'");
        worker.runOnce();
        assertThat(EMBEDDER.texts).hasValue(1);
        assertThat(chunks(id)).singleElement().satisfies(row -> {
            assertThat(row).containsEntry("snippet", "We ship on Monday");
            assertThat((byte[]) row.get("vector")).isNotEqualTo(before);
        });
        assertThat(repository.pendingCount(user)).isZero();
    }

    @Test
    void aMemoryChangedWhileItWasEmbedded_keepsWaiting() {
        UUID user = user();
        UUID id = memory(user, "Plan", "first draft");
        EmbeddingRepository.Pending seen = repository.pending(10).get(0);
        TestDatabase.execute(database, "UPDATE memories SET content = 'second draft', updated_at = now()"
                + " + interval '1 s' WHERE id = '" + id + "'");

        int saved = repository.save(List.of(new EmbeddingRepository.Embedded(id, user, seen.version(), List.of(
                new EmbeddingRepository.NewChunk(0, new byte[32], "first draft", Vectors.toBytes(new float[384]))))));

        assertThat(saved).isZero();
        assertThat(chunks(id)).isEmpty();
        assertThat(repository.pendingCount(user)).isEqualTo(1);
    }

    @Test
    void save_locksItsMemoriesInIdOrder_beforeItWritesAny() throws Exception {
        UUID user = user();
        List<UUID> ordered = RowLocks.inDatabaseOrder(database, memory(user, "One", "first"),
                memory(user, "Two", "second"));
        Map<UUID, EmbeddingRepository.Pending> pending = new HashMap<>();
        repository.pending(10).forEach(p -> pending.put(p.memoryId(), p));
        // Given the higher id first: written in the given order, the save would hold it while it waits for the lower.
        List<EmbeddingRepository.Embedded> embedded = Stream.of(ordered.get(1), ordered.get(0))
                .map(id -> new EmbeddingRepository.Embedded(id, user, pending.get(id).version(), List.of()))
                .toList();
        ExecutorService saver = Executors.newSingleThreadExecutor();
        try {
            Future<Integer> saved;
            try (RowLocks.Held lower = RowLocks.hold(database, ordered.get(0))) {
                saved = saver.submit(() -> repository.save(embedded));
                RowLocks.awaitWaiter(database);

                assertThat(RowLocks.free(database, ordered.get(1)))
                        .as("the save waits for the lower id before it locks the higher").isTrue();
            }
            assertThat(saved.get(10, TimeUnit.SECONDS)).isEqualTo(2);
        } finally {
            saver.shutdownNow();
        }
        assertThat(repository.pendingCount(user)).isZero();
    }

    @Test
    void aLongMemory_isEmbeddedInChunks_andADeleteTakesThemAlong() {
        UUID user = user();
        UUID id = memory(user, "Long", "word ".repeat(300).strip());
        worker.runOnce();
        assertThat(chunks(id)).extracting(row -> ((Number) row.get("chunk")).intValue()).containsExactly(0, 1, 2);

        TestDatabase.execute(database, "DELETE FROM memories WHERE id = '" + id + "'");

        assertThat(chunks(id)).isEmpty();
    }

    @Test
    void beforeTheModelIsLoaded_nothingIsTaken() {
        UUID user = user();
        memory(user, "t", "c");

        assertThat(new EmbeddingWorker(repository, new Embedder()).runOnce()).isZero();
        assertThat(repository.pendingCount(user)).isEqualTo(1);
    }

    @Test
    void theMostRecentlyChanged_comeFirst() {
        UUID user = user();
        UUID old = memory(user, "old", "old");
        TestDatabase.execute(database, "UPDATE memories SET updated_at = '2020-01-01T00:00:00Z' WHERE id = '" + old
                + "'");
        UUID recent = memory(user, "recent", "recent");

        assertThat(repository.pending(1)).extracting(EmbeddingRepository.Pending::memoryId).containsExactly(recent);
        assertThat(repository.pending(2).get(1).version()).isEqualTo(Instant.parse("2020-01-01T00:00:00Z"));
    }
}
