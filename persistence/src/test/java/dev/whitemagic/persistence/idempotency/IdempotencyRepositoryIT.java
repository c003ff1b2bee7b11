package dev.whitemagic.persistence.idempotency;

import static dev.whitemagic.persistence.TestDatabase.fromTransaction;
import static dev.whitemagic.persistence.TestDatabase.inTransaction;
import static org.assertj.core.api.Assertions.assertThat;

import dev.whitemagic.domain.user.User;
import dev.whitemagic.persistence.TestDatabase;
import dev.whitemagic.persistence.idempotency.IdempotencyRepository.StoredResponse;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

class IdempotencyRepositoryIT {

    private static final Instant T0 = Instant.parse("2026-11-25T08:00:00Z");
    private static final String HASH_A = "a".repeat(64);
    private static final String HASH_B = "b".repeat(64);

    private static UUID persistedUser() {
        User user = new User("idem-" + UUID.randomUUID() + "@example.com", T0);
        inTransaction(em -> em.persist(user));
        return user.getId();
    }

    private static boolean insert(UUID user, String key, String hash, Instant now) {
        return fromTransaction(em -> new IdempotencyRepository(em).insertIfAbsent(user, key, hash, 201, "{\"id\":1}",
                null, now));
    }

    private static Optional<StoredResponse> find(UUID user, String key, Instant notBefore) {
        return fromTransaction(em -> new IdempotencyRepository(em).find(user, key, notBefore));
    }

    @Test
    void insertIfAbsent_firstWins_secondChangesNothing() {
        UUID user = persistedUser();
        UUID resource = UUID.randomUUID();

        boolean first = fromTransaction(em -> new IdempotencyRepository(em).insertIfAbsent(user, "k1", HASH_A, 201,
                "{\"first\":true}", resource, T0));
        boolean second = insert(user, "k1", HASH_B, T0.plusSeconds(1));

        assertThat(first).isTrue();
        assertThat(second).isFalse();
        assertThat(find(user, "k1", T0.minusSeconds(1)))
                .contains(new StoredResponse(HASH_A, 201, "{\"first\":true}", resource, T0));
    }

    @Test
    void insertIfAbsent_conflictLeavesTheTransactionUsable() {
        UUID user = persistedUser();
        insert(user, "k", HASH_A, T0);

        // Inside one transaction: a losing insert is no error, so later work in the same transaction still commits.
        Optional<StoredResponse> after = fromTransaction(em -> {
            IdempotencyRepository repository = new IdempotencyRepository(em);
            assertThat(repository.insertIfAbsent(user, "k", HASH_B, 200, null, null, T0)).isFalse();
            assertThat(repository.insertIfAbsent(user, "k2", HASH_B, 200, null, null, T0)).isTrue();
            return repository.find(user, "k2", T0);
        });

        assertThat(after).map(StoredResponse::requestHash).contains(HASH_B);
    }

    @Test
    void keys_belongToTheirUser() {
        UUID owner = persistedUser();
        UUID stranger = persistedUser();
        insert(owner, "shared-key", HASH_A, T0);

        assertThat(find(stranger, "shared-key", T0.minusSeconds(1))).isEmpty();
        assertThat(insert(stranger, "shared-key", HASH_B, T0)).isTrue();
        assertThat(find(owner, "shared-key", T0.minusSeconds(1))).map(StoredResponse::requestHash).contains(HASH_A);
    }

    @Test
    void find_olderThanTheWindow_isAbsent_andCanBeReplaced() {
        UUID user = persistedUser();
        insert(user, "old", HASH_A, T0);

        assertThat(find(user, "old", T0.plusSeconds(1))).isEmpty();
        assertThat(TestDatabase.<Boolean>fromTransaction(em -> new IdempotencyRepository(em).insertIfAbsent(user, "old", HASH_B, 200, null,
                null, T0.plusSeconds(100), T0.plusSeconds(50)))).isTrue();
        assertThat(find(user, "old", T0.plusSeconds(50))).map(StoredResponse::requestHash).contains(HASH_B);
        // Inside the window the replacing variant keeps the first answer.
        assertThat(TestDatabase.<Boolean>fromTransaction(em -> new IdempotencyRepository(em).insertIfAbsent(user, "old", HASH_A, 200, null,
                null, T0.plusSeconds(101), T0.plusSeconds(60)))).isFalse();
    }

    @Test
    void purgeOlderThan_deletesOnlyOldRows() {
        UUID user = persistedUser();
        Instant far = Instant.parse("2001-01-01T00:00:00Z");
        insert(user, "ancient", HASH_A, far);
        insert(user, "recent", HASH_A, T0);

        int purged = fromTransaction(em -> new IdempotencyRepository(em).purgeOlderThan(far.plusSeconds(1)));

        assertThat(purged).isGreaterThanOrEqualTo(1);
        assertThat(find(user, "ancient", far.minusSeconds(1))).isEmpty();
        assertThat(find(user, "recent", far)).isPresent();
    }

    @Test
    void deletingTheUser_deletesTheirKeys() {
        UUID user = persistedUser();
        insert(user, "k", HASH_A, T0);

        TestDatabase.execute("DELETE FROM users WHERE id = '" + user + "'");

        assertThat(TestDatabase.query("SELECT count(*) AS n FROM idempotency_keys WHERE user_id = ?", user))
                .containsExactly(Map.of("n", 0L));
    }
}
