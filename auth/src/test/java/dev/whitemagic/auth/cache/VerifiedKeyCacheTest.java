package dev.whitemagic.auth.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.whitemagic.auth.key.Caller;
import dev.whitemagic.auth.key.Scope;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.UUID;

class VerifiedKeyCacheTest {

    private final FakeTicker ticker = new FakeTicker();
    private final VerifiedKeyCache cache = new VerifiedKeyCache(Duration.ofSeconds(300), 1_000, ticker);

    static Caller caller(UUID userId) {
        return new Caller(userId, UUID.randomUUID(), "wm_test_abcdefgh", "free", Scope.all(), null);
    }

    @Test
    void get_afterPut_returnsTheCaller() {
        Caller caller = caller(UUID.randomUUID());

        cache.put("hash-a", caller);

        assertThat(cache.get("hash-a")).contains(caller);
        assertThat(cache.get("hash-b")).isEmpty();
        assertThat(cache.size()).isEqualTo(1);
    }

    @Test
    void get_afterTtl_isEmpty() {
        cache.put("hash-a", caller(UUID.randomUUID()));

        ticker.advance(Duration.ofSeconds(299));
        assertThat(cache.get("hash-a")).isPresent();
        ticker.advance(Duration.ofSeconds(2));

        assertThat(cache.get("hash-a")).isEmpty();
    }

    @Test
    void evictKey_removesOnlyThatKey() {
        UUID user = UUID.randomUUID();
        Caller first = caller(user);
        Caller second = caller(user);
        cache.put("hash-1", first);
        cache.put("hash-2", second);

        cache.evictKey(first.keyId());

        assertThat(cache.get("hash-1")).isEmpty();
        assertThat(cache.get("hash-2")).contains(second);
    }

    @Test
    void evictUser_removesEveryKeyOfThatUserAndNoOther() {
        UUID user = UUID.randomUUID();
        Caller other = caller(UUID.randomUUID());
        cache.put("hash-1", caller(user));
        cache.put("hash-2", caller(user));
        cache.put("hash-3", other);

        cache.evictUser(user);

        assertThat(cache.get("hash-1")).isEmpty();
        assertThat(cache.get("hash-2")).isEmpty();
        assertThat(cache.get("hash-3")).contains(other);
        assertThat(cache.size()).isEqualTo(1);
    }

    @Test
    void put_justAfterTheKeysEviction_isIgnored_untilTheTombstoneExpires() {
        Caller stale = caller(UUID.randomUUID());
        cache.evictKey(stale.keyId());

        cache.put("hash-1", stale);
        assertThat(cache.get("hash-1")).isEmpty();

        ticker.advance(VerifiedKeyCache.TOMBSTONE_TTL.plusSeconds(1));
        cache.put("hash-1", stale);
        assertThat(cache.get("hash-1")).contains(stale);
    }

    @Test
    void put_justAfterTheUsersEviction_isIgnored() {
        Caller stale = caller(UUID.randomUUID());
        cache.evictUser(stale.userId());

        cache.put("hash-1", stale);

        assertThat(cache.get("hash-1")).isEmpty();
    }

    @Test
    void clear_dropsEverything() {
        cache.put("hash-1", caller(UUID.randomUUID()));
        cache.put("hash-2", caller(UUID.randomUUID()));

        cache.clear();

        assertThat(cache.size()).isZero();
    }

    @Test
    void size_isBounded() {
        VerifiedKeyCache small = new VerifiedKeyCache(Duration.ofSeconds(300), 10, ticker);

        for (int i = 0; i < 100; i++) {
            small.put("hash-" + i, caller(UUID.randomUUID()));
        }

        assertThat(small.size()).isLessThanOrEqualTo(10);
    }

    @Test
    void constructor_nonPositiveTtl_isRefused() {
        assertThatThrownBy(() -> new VerifiedKeyCache(Duration.ZERO, 10, ticker))
                .hasMessageContaining("wm.auth.cache.ttl-seconds");
    }
}
