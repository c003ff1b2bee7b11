package dev.whitemagic.persistence.usage;

import static dev.whitemagic.persistence.TestDatabase.fromTransaction;
import static dev.whitemagic.persistence.TestDatabase.inTransaction;
import static org.assertj.core.api.Assertions.assertThat;

import dev.whitemagic.domain.apikey.ApiKey;
import dev.whitemagic.domain.usage.UsageRecord;
import dev.whitemagic.domain.user.User;
import dev.whitemagic.persistence.TestDatabase;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.Map;
import java.util.UUID;

class UsageRecordPersistenceIT {

    private static final Instant T0 = Instant.parse("2026-11-25T08:00:00Z");

    private static User persistedUser() {
        User user = new User("usage-" + UUID.randomUUID() + "@example.com", T0);
        inTransaction(em -> em.persist(user));
        return user;
    }

    private static ApiKey persistedKey(User user) {
        return fromTransaction(em -> {
            ApiKey key = new ApiKey(em.getReference(User.class, user.getId()), "hash-" + UUID.randomUUID(),
                    "wm_test_usage000", null, T0, null);
            em.persist(key);
            return key;
        });
    }

    @Test
    void persist_record_getsAnIdentityId_andTheUtcDateOfItsInstant() {
        User user = persistedUser();
        // 23:59:59 UTC: already the next day east of UTC, so a zone mix-up would show.
        Instant lateInTheUtcDay = Instant.parse("2026-11-24T23:59:59.500Z");
        UsageRecord record = fromTransaction(em -> {
            UsageRecord created = new UsageRecord(em.getReference(User.class, user.getId()), null,
                    "/api/v1/memories/{id}", "GET", 404, 17, lateInTheUtcDay);
            em.persist(created);
            return created;
        });

        assertThat(record.getId()).isNotNull().isPositive();
        Map<String, Object> row = TestDatabase.query("SELECT user_id, api_key_id, endpoint, method, status_code,"
                + " response_time_ms, created_at = ?::timestamptz AS same_instant, date FROM usage_records WHERE id = ?",
                lateInTheUtcDay.toString(), record.getId()).get(0);
        assertThat(row).containsEntry("user_id", user.getId())
                .containsEntry("api_key_id", null)
                .containsEntry("endpoint", "/api/v1/memories/{id}")
                .containsEntry("method", "GET")
                .containsEntry("status_code", 404)
                .containsEntry("response_time_ms", 17)
                .containsEntry("same_instant", true);
        assertThat(row.get("date").toString()).isEqualTo("2026-11-24");
    }

    @Test
    void insert_withoutDate_getsTodayInUtc_fromTheDatabaseDefault() {
        User user = persistedUser();
        // As a JDBC batch writer would insert: no created_at, no date.
        TestDatabase.execute("INSERT INTO usage_records (user_id, endpoint, method, status_code) VALUES ('"
                + user.getId() + "', '/api/v1/search', 'POST', 200)");

        Map<String, Object> row = TestDatabase.query("SELECT date, created_at FROM usage_records WHERE user_id = ?",
                user.getId()).get(0);
        UsageRecord loaded = fromTransaction(em -> em.createQuery(
                "SELECT r FROM UsageRecord r WHERE r.user.id = :user", UsageRecord.class)
                .setParameter("user", user.getId()).getSingleResult());

        // The UTC date of the row's own created_at (both defaults use the same now()): no midnight race.
        assertThat(loaded.getDate()).isEqualTo(LocalDate.ofInstant(loaded.getCreatedAt(), ZoneOffset.UTC));
        assertThat(row.get("date").toString()).isEqualTo(loaded.getDate().toString());
    }

    @Test
    void persist_recordOfAKey_linksToThatKey() {
        User user = persistedUser();
        ApiKey key = persistedKey(user);
        UsageRecord record = fromTransaction(em -> {
            UsageRecord created = new UsageRecord(em.getReference(User.class, user.getId()),
                    em.getReference(ApiKey.class, key.getId()), "/api/v1/keys", "GET", 200, 4, T0);
            em.persist(created);
            return created;
        });

        UUID linkedKey = fromTransaction(em -> em.find(UsageRecord.class, record.getId()).getApiKey().getId());

        assertThat(linkedKey).isEqualTo(key.getId());
    }

    @Test
    void remove_key_keepsItsRecords_withoutTheKey() {
        User user = persistedUser();
        ApiKey key = persistedKey(user);
        UsageRecord record = fromTransaction(em -> {
            UsageRecord created = new UsageRecord(em.getReference(User.class, user.getId()),
                    em.getReference(ApiKey.class, key.getId()), "/api/v1/memories", "POST", 201, 8, T0);
            em.persist(created);
            return created;
        });

        inTransaction(em -> em.remove(em.find(ApiKey.class, key.getId())));

        UsageRecord loaded = fromTransaction(em -> em.find(UsageRecord.class, record.getId()));
        assertThat(loaded).isNotNull();
        assertThat(loaded.getApiKey()).isNull();
        assertThat(TestDatabase.query("SELECT api_key_id FROM usage_records WHERE id = ?", record.getId()))
                .containsExactly(Collections.singletonMap("api_key_id", null));
    }
}
