package dev.whitemagic.quota;

import static dev.whitemagic.persistence.TestDatabase.fromTransaction;
import static org.assertj.core.api.Assertions.assertThat;

import dev.whitemagic.domain.apikey.ApiKey;
import dev.whitemagic.domain.user.User;
import dev.whitemagic.persistence.TestDatabase;
import dev.whitemagic.persistence.usage.MeteredRequest;
import dev.whitemagic.persistence.usage.UsageWriter;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The recorder with the real writer on embedded PostgreSQL. */
class UsageRecorderIT {

    private static final Instant T0 = Instant.parse("2026-11-25T08:00:00Z");

    private record Owner(UUID userId, UUID keyId) {
    }

    private static Owner owner() {
        return fromTransaction(em -> {
            User user = new User("recorder-" + UUID.randomUUID() + "@example.com", T0);
            em.persist(user);
            ApiKey key = new ApiKey(user, (UUID.randomUUID().toString() + UUID.randomUUID()).replace("-", ""),
                    "wm_test_recorder", null, T0, null);
            em.persist(key);
            return new Owner(user.getId(), key.getId());
        });
    }

    @Test
    void recordedRequests_areRows_afterAFlush_withTheirColumns() {
        Owner owner = owner();
        UsageRecorder recorder = new UsageRecorder(new UsageWriter(TestDatabase.dataSource()), 10_000, null);
        int n = 1_234;
        for (int i = 0; i < n; i++) {
            recorder.record(new MeteredRequest(owner.userId(), owner.keyId(), i % 2 == 0 ? "/api/v1/tags"
                    : "/api/v1/memories/{id}", i % 2 == 0 ? "GET" : "PATCH", i % 3 == 0 ? 404 : 200, i % 50,
                    T0.plusSeconds(i)));
        }
        assertThat(TestDatabase.query("select 1 from usage_records where user_id = ?", owner.userId()))
                .as("nothing is written before a flush").isEmpty();

        assertThat(recorder.flush()).isTrue();

        List<Map<String, Object>> rows = TestDatabase.query("select api_key_id, endpoint, method, status_code,"
                + " response_time_ms, created_at from usage_records where user_id = ? order by created_at",
                owner.userId());
        assertThat(rows).hasSize(n);
        assertThat(recorder.written()).isEqualTo(n);
        assertThat(rows.get(3)).containsEntry("api_key_id", owner.keyId())
                .containsEntry("endpoint", "/api/v1/memories/{id}")
                .containsEntry("method", "PATCH")
                .containsEntry("status_code", 404)
                .containsEntry("response_time_ms", 3);
        assertThat(((Timestamp) rows.get(3).get("created_at")).toInstant()).isEqualTo(T0.plusSeconds(3));
        assertThat(rows).filteredOn(row -> row.get("endpoint").equals("/api/v1/tags")).hasSize(617);
    }
}
