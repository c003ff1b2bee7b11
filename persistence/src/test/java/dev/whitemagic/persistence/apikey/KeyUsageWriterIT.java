package dev.whitemagic.persistence.apikey;

import static dev.whitemagic.persistence.TestDatabase.fromTransaction;
import static org.assertj.core.api.Assertions.assertThat;

import dev.whitemagic.domain.apikey.ApiKey;
import dev.whitemagic.domain.user.User;
import dev.whitemagic.persistence.CountingDataSource;
import dev.whitemagic.persistence.TestDatabase;
import dev.whitemagic.persistence.apikey.KeyUsageWriter.KeyUse;
import org.junit.jupiter.api.Test;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

class KeyUsageWriterIT {

    private static final Instant T0 = Instant.parse("2026-11-25T08:00:00.123456Z");

    private final KeyUsageWriter writer = new KeyUsageWriter(TestDatabase.dataSource());

    private record Owned(UUID userId, UUID keyId) {
    }

    private static Owned persistedKey() {
        return fromTransaction(em -> {
            User user = new User("usage-" + UUID.randomUUID() + "@example.com", T0);
            em.persist(user);
            ApiKey key = new ApiKey(user, (UUID.randomUUID().toString() + UUID.randomUUID()).replace("-", ""),
                    "wm_test_usage000", null, T0, null);
            em.persist(key);
            return new Owned(user.getId(), key.getId());
        });
    }

    private static UUID anotherKeyOf(UUID userId) {
        return fromTransaction(em -> {
            ApiKey key = new ApiKey(em.getReference(User.class, userId),
                    (UUID.randomUUID().toString() + UUID.randomUUID()).replace("-", ""), "wm_test_usage001", null, T0,
                    null);
            em.persist(key);
            return key.getId();
        });
    }

    private static Instant lastUsed(UUID keyId) {
        return instant(TestDatabase.query("select last_used_at from api_keys where id = ?", keyId).get(0),
                "last_used_at");
    }

    private static Instant lastSeen(UUID userId) {
        return instant(TestDatabase.query("select last_seen_at from users where id = ?", userId).get(0),
                "last_seen_at");
    }

    private static Instant instant(Map<String, Object> row, String column) {
        Object value = row.get(column);
        return value == null ? null : ((Timestamp) value).toInstant();
    }

    @Test
    void write_setsBothColumns_toTheLatestInstantOfTheBatch() {
        Owned owned = persistedKey();
        UUID secondKey = anotherKeyOf(owned.userId());

        writer.write(List.of(
                new KeyUse(owned.keyId(), owned.userId(), T0.plusSeconds(10)),
                new KeyUse(owned.keyId(), owned.userId(), T0.plusSeconds(30)),
                new KeyUse(secondKey, owned.userId(), T0.plusSeconds(50))));

        assertThat(lastUsed(owned.keyId())).isEqualTo(T0.plusSeconds(30));
        assertThat(lastUsed(secondKey)).isEqualTo(T0.plusSeconds(50));
        assertThat(lastSeen(owned.userId())).isEqualTo(T0.plusSeconds(50));
    }

    @Test
    void write_olderInstant_neverMovesTheColumnsBackwards() {
        Owned owned = persistedKey();
        writer.write(List.of(new KeyUse(owned.keyId(), owned.userId(), T0.plusSeconds(120))));

        writer.write(List.of(new KeyUse(owned.keyId(), owned.userId(), T0.plusSeconds(60))));

        assertThat(lastUsed(owned.keyId())).isEqualTo(T0.plusSeconds(120));
        assertThat(lastSeen(owned.userId())).isEqualTo(T0.plusSeconds(120));
    }

    @Test
    void write_keepsMicroseconds_andLeavesOtherRowsAlone() {
        Owned written = persistedKey();
        Owned untouched = persistedKey();
        Instant at = Instant.parse("2026-11-25T09:15:42.654321Z");

        writer.write(List.of(new KeyUse(written.keyId(), written.userId(), at)));

        assertThat(lastUsed(written.keyId())).isEqualTo(at);
        assertThat(lastUsed(untouched.keyId())).isNull();
        assertThat(lastSeen(untouched.userId())).isNull();
    }

    @Test
    void write_deletedKey_isSkipped() {
        Owned existing = persistedKey();
        UUID gone = UUID.randomUUID();

        writer.write(List.of(new KeyUse(gone, UUID.randomUUID(), T0.plusSeconds(5)),
                new KeyUse(existing.keyId(), existing.userId(), T0.plusSeconds(5))));

        assertThat(lastUsed(existing.keyId())).isEqualTo(T0.plusSeconds(5));
    }

    @Test
    void write_emptyBatch_neverTouchesTheDatabase() {
        CountingDataSource counting = new CountingDataSource(TestDatabase.dataSource());

        new KeyUsageWriter(counting.dataSource()).write(List.of());

        assertThat(counting.connections()).isZero();
    }

    @Test
    void write_aBatch_usesOneConnection() {
        Owned existing = persistedKey();
        CountingDataSource counting = new CountingDataSource(TestDatabase.dataSource());

        new KeyUsageWriter(counting.dataSource()).write(List.of(new KeyUse(existing.keyId(), existing.userId(), T0.plusSeconds(5))));

        assertThat(counting.connections()).isEqualTo(1);
    }
}
