package dev.whitemagic.persistence.schema;

import static dev.whitemagic.persistence.TestDatabase.inTransaction;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.whitemagic.domain.memory.Memory;
import dev.whitemagic.domain.memory.MemoryEdit;
import dev.whitemagic.domain.memory.MemoryType;
import dev.whitemagic.persistence.TestDatabase;
import dev.whitemagic.persistence.memory.MemoryRepository;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Changeset 016: memory_search, what searches read, is a copy of the searched columns of memories that triggers keep
 * exactly in step with every insert, update and delete.
 */
class MemorySearchTableIT {

    private static final Instant T0 = Instant.parse("2026-11-25T08:00:00Z");

    /** The rows of memories and memory_search that differ, or exist on one side only, for a user. */
    private static List<Map<String, Object>> differences(UUID user) {
        return TestDatabase.query("SELECT coalesce(m.id, s.id) AS id"
                + " FROM (SELECT * FROM memories WHERE user_id = ?) m"
                + " FULL JOIN (SELECT * FROM memory_search WHERE user_id = ?) s ON s.id = m.id"
                + " WHERE m.id IS NULL OR s.id IS NULL"
                + " OR (m.user_id, m.created_at, m.type, m.status, m.tags, m.title, m.tsv)"
                + " IS DISTINCT FROM (s.user_id, s.created_at, s.type, s.status, s.tags, s.title, s.tsv)", user, user);
    }

    private static long searchRows(UUID user) {
        return ((Number) TestDatabase.query("SELECT count(*) AS n FROM memory_search WHERE user_id = ?", user).get(0)
                .get("n")).longValue();
    }

    @Test
    void columns_andRowsStayInlineUpToAFullPage() {
        assertThat(TestDatabase.query("SELECT column_name, data_type, is_nullable FROM information_schema.columns"
                + " WHERE table_schema = 'public' AND table_name = 'memory_search' ORDER BY ordinal_position"))
                .extracting(c -> c.get("column_name"), c -> c.get("data_type"), c -> c.get("is_nullable"))
                .containsExactly(
                        tuple("id", "uuid", "NO"),
                        tuple("user_id", "uuid", "NO"),
                        tuple("created_at", "timestamp with time zone", "NO"),
                        tuple("type", "character varying", "NO"),
                        tuple("status", "character varying", "NO"),
                        tuple("tags", "ARRAY", "NO"),
                        tuple("title", "character varying", "NO"),
                        tuple("tsv", "tsvector", "NO"));
        assertThat(TestDatabase.query("SELECT array_to_string(reloptions, ',') AS options FROM pg_class"
                + " WHERE relname = 'memory_search'")).singleElement()
                .satisfies(row -> assertThat(row.get("options")).isEqualTo("toast_tuple_target=8160"));
        assertThat(TestDatabase.query("SELECT pg_get_constraintdef(oid) AS def FROM pg_constraint"
                + " WHERE conname = 'pk_memory_search'")).extracting(row -> row.get("def"))
                .containsExactly("PRIMARY KEY (id)");
    }

    @Test
    void sql_insertUpdateDelete_keepTheCopyEqual() {
        UUID user = user();
        UUID id = UUID.randomUUID();
        TestDatabase.execute("INSERT INTO memories (id, user_id, title, content, type, tags, size_bytes) VALUES ('"
                + id + "', '" + user + "', 'Rocket', 'about engines', 'short_term', ARRAY['space'], 1)");
        assertThat(differences(user)).isEmpty();
        assertThat(searchRows(user)).isEqualTo(1);

        for (String change : List.of("title = 'Rocket science'", "content = 'about fuel'", "tags = ARRAY['fuel']",
                "type = 'long_term'", "status = 'archived', archived_at = now()",
                "status = 'active', archived_at = NULL", "created_at = created_at - interval '1 day'")) {
            TestDatabase.execute("UPDATE memories SET " + change + " WHERE id = '" + id + "'");
            assertThat(differences(user)).as(change).isEmpty();
        }

        TestDatabase.execute("DELETE FROM memories WHERE id = '" + id + "'");
        assertThat(differences(user)).isEmpty();
        assertThat(searchRows(user)).isZero();
    }

    @Test
    void anUpdateOfAccessedAtAlone_doesNotRewriteTheCopy() {
        UUID user = user();
        UUID id = UUID.randomUUID();
        TestDatabase.execute("INSERT INTO memories (id, user_id, title, content, type, size_bytes) VALUES ('"
                + id + "', '" + user + "', 't', 'c', 'short_term', 1)");
        Object before = TestDatabase.query("SELECT xmin::text AS x FROM memory_search WHERE id = ?", id).get(0).get("x");

        TestDatabase.execute("UPDATE memories SET accessed_at = now(), updated_at = now() WHERE id = '" + id + "'");

        assertThat(TestDatabase.query("SELECT xmin::text AS x FROM memory_search WHERE id = ?", id).get(0).get("x"))
                .isEqualTo(before);
    }

    @Test
    void entityWrites_editArchiveRestoreRemove_andConsolidationsTransaction_keepTheCopyEqual() {
        UUID user = user();
        Memory first = new Memory(user, "Kubernetes notes", "pods and nodes", MemoryType.SHORT_TERM,
                List.of("ops"), T0);
        Memory second = new Memory(user, "Pool sizing", "the connection pool", MemoryType.SHORT_TERM, List.of(),
                T0.plusSeconds(1));
        inTransaction(em -> {
            new MemoryRepository(em).persist(first);
            new MemoryRepository(em).persist(second);
        });
        assertThat(differences(user)).isEmpty();

        inTransaction(em -> new MemoryRepository(em).find(user, first.getId()).orElseThrow()
                .edit(new MemoryEdit("Kubernetes pods", "restarts", MemoryType.LONG_TERM, List.of("infra", "k8s"), null, null), T0.plusSeconds(2)));
        assertThat(differences(user)).isEmpty();
        inTransaction(em -> new MemoryRepository(em).find(user, first.getId()).orElseThrow().archive(T0.plusSeconds(3)));
        assertThat(differences(user)).isEmpty();
        inTransaction(em -> new MemoryRepository(em).find(user, first.getId()).orElseThrow().restore(T0.plusSeconds(4)));
        assertThat(differences(user)).isEmpty();

        // What consolidation does in one transaction: archive short-term memories, create a long-term one.
        Memory summary = new Memory(user, "Consolidated Insights", "pool", MemoryType.LONG_TERM, List.of(),
                T0.plusSeconds(5));
        inTransaction(em -> {
            MemoryRepository memories = new MemoryRepository(em);
            memories.activeShortTermCreatedBefore(user, T0.plusSeconds(10)).forEach(m -> m.archive(T0.plusSeconds(5)));
            memories.persist(summary);
        });
        assertThat(differences(user)).isEmpty();
        assertThat(searchRows(user)).isEqualTo(3);

        inTransaction(em -> new MemoryRepository(em).delete(user, second.getId()));
        assertThat(differences(user)).isEmpty();
        assertThat(searchRows(user)).isEqualTo(2);

        TestDatabase.execute("DELETE FROM users WHERE id = '" + user + "'");
        assertThat(searchRows(user)).as("a user's deletion cascades").isZero();
    }

    private static UUID user() {
        UUID userId = UUID.randomUUID();
        TestDatabase.execute("INSERT INTO users (id, email) VALUES ('" + userId + "', '" + userId + "@example.com')");
        return userId;
    }
}
