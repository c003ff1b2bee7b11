package dev.whitemagic.persistence.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.whitemagic.persistence.TestDatabase;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The schema of changesets 007 (memories, search) and 008 (idempotency keys). */
class MemorySchemaIT {

    @Test
    void columns_haveTheirTypesAndNullability_andInstantsAreTimestamptz() {
        List<Map<String, Object>> columns = TestDatabase.query("SELECT table_name, column_name, data_type, is_nullable,"
                + " is_generated FROM information_schema.columns WHERE table_schema = 'public'"
                + " AND table_name IN ('memories', 'idempotency_keys') ORDER BY table_name, ordinal_position");

        assertThat(columns)
                .extracting(c -> c.get("table_name"), c -> c.get("column_name"), c -> c.get("data_type"),
                        c -> c.get("is_nullable"), c -> c.get("is_generated"))
                .containsExactly(
                        tuple("idempotency_keys", "user_id", "uuid", "NO", "NEVER"),
                        tuple("idempotency_keys", "idempotency_key", "character varying", "NO", "NEVER"),
                        tuple("idempotency_keys", "request_hash", "character", "NO", "NEVER"),
                        tuple("idempotency_keys", "status", "integer", "NO", "NEVER"),
                        tuple("idempotency_keys", "response_body", "text", "YES", "NEVER"),
                        tuple("idempotency_keys", "resource_id", "uuid", "YES", "NEVER"),
                        tuple("idempotency_keys", "created_at", "timestamp with time zone", "NO", "NEVER"),
                        tuple("memories", "id", "uuid", "NO", "NEVER"),
                        tuple("memories", "user_id", "uuid", "NO", "NEVER"),
                        tuple("memories", "title", "character varying", "NO", "NEVER"),
                        tuple("memories", "content", "text", "NO", "NEVER"),
                        tuple("memories", "type", "character varying", "NO", "NEVER"),
                        tuple("memories", "tags", "ARRAY", "NO", "NEVER"),
                        tuple("memories", "status", "character varying", "NO", "NEVER"),
                        tuple("memories", "created_at", "timestamp with time zone", "NO", "NEVER"),
                        tuple("memories", "updated_at", "timestamp with time zone", "NO", "NEVER"),
                        tuple("memories", "accessed_at", "timestamp with time zone", "YES", "NEVER"),
                        tuple("memories", "archived_at", "timestamp with time zone", "YES", "NEVER"),
                        tuple("memories", "original_type", "character varying", "YES", "NEVER"),
                        tuple("memories", "size_bytes", "bigint", "NO", "NEVER"),
                        tuple("memories", "tsv", "tsvector", "YES", "ALWAYS"),
                        tuple("memories", "embedded_version", "timestamp with time zone", "YES", "NEVER"));
    }

    @Test
    void tsv_isGeneratedFromTitleTagsAndContent_withTheirWeights() {
        UUID user = user();
        UUID id = UUID.randomUUID();
        TestDatabase.execute("INSERT INTO memories (id, user_id, title, content, type, tags, size_bytes) VALUES ('"
                + id + "', '" + user + "', 'Rocket', 'about engines', 'short_term', ARRAY['space_travel'], 1)");

        assertThat(TestDatabase.query("SELECT tsv::text AS tsv FROM memories WHERE id = ?", id))
                .extracting(row -> row.get("tsv"))
                .containsExactly("'engin':5C 'rocket':1A 'space':2B 'travel':3B");
    }

    @Test
    void wmTagsText_isImmutable() {
        assertThat(TestDatabase.query("SELECT provolatile FROM pg_proc WHERE proname = 'wm_tags_text'"))
                .extracting(row -> row.get("provolatile").toString()).containsExactly("i");
    }

    @Test
    void checks_refuseUnknownTypeOrStatus_andArchivedWithoutInstant() {
        UUID user = user();
        String insert = "INSERT INTO memories (id, user_id, title, content, type, status, archived_at, size_bytes)"
                + " VALUES (gen_random_uuid(), '" + user + "', 't', 'c', ";

        assertThatThrownBy(() -> TestDatabase.execute(insert + "'forever', 'active', NULL, 1)"))
                .satisfies(e -> assertThat(TestDatabase.violatedConstraint(e)).contains("ck_memories_type"));
        assertThatThrownBy(() -> TestDatabase.execute(insert + "'short_term', 'deleted', NULL, 1)"))
                .satisfies(e -> assertThat(TestDatabase.violatedConstraint(e)).contains("ck_memories_status"));
        assertThatThrownBy(() -> TestDatabase.execute(insert + "'short_term', 'archived', NULL, 1)"))
                .satisfies(e -> assertThat(TestDatabase.violatedConstraint(e)).contains("ck_memories_archived"));
        assertThatThrownBy(() -> TestDatabase.execute(insert + "'short_term', 'active', now(), 1)"))
                .satisfies(e -> assertThat(TestDatabase.violatedConstraint(e)).contains("ck_memories_archived"));
    }

    @Test
    void pgTrgm_isInstalled() {
        assertThat(TestDatabase.query("SELECT extname FROM pg_extension WHERE extname = 'pg_trgm'")).hasSize(1);
    }

    private static UUID user() {
        UUID userId = UUID.randomUUID();
        TestDatabase.execute("INSERT INTO users (id, email) VALUES ('" + userId + "', '" + userId + "@example.com')");
        return userId;
    }
}
