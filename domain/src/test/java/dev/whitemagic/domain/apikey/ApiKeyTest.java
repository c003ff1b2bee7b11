package dev.whitemagic.domain.apikey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.whitemagic.domain.InvalidInputException;
import dev.whitemagic.domain.user.User;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

class ApiKeyTest {

    private static final Instant T0 = Instant.parse("2026-11-25T08:00:00Z");
    private static final String HASH = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    private final User user = new User("ada@example.com", T0);

    private ApiKey keyExpiringAt(Instant expiresAt) {
        return new ApiKey(user, HASH, "wm_test_abcdefgh", "laptop", T0, expiresAt);
    }

    @Test
    void new_key_isActive_andBelongsToItsUser() {
        ApiKey key = keyExpiringAt(null);

        assertThat(key.getId()).isNotNull();
        assertThat(key.isActive()).isTrue();
        assertThat(key.getUser()).isSameAs(user);
        assertThat(key.getKeyHash()).isEqualTo(HASH);
        assertThat(key.getKeyPrefix()).isEqualTo("wm_test_abcdefgh");
        assertThat(key.getCreatedAt()).isEqualTo(T0);
        assertThat(key.getLastUsedAt()).isNull();
    }

    @Test
    void isUsableAt_activeKeyWithoutExpiry_isUsableForever() {
        assertThat(keyExpiringAt(null).isUsableAt(T0.plus(Duration.ofDays(3650)))).isTrue();
    }

    @Test
    void isUsableAt_beforeExpiry_isUsable_atAndAfterExpiry_isNot() {
        Instant expiry = T0.plusSeconds(3600);
        ApiKey key = keyExpiringAt(expiry);

        assertThat(key.isUsableAt(expiry.minusMillis(1))).isTrue();
        assertThat(key.isUsableAt(expiry)).isFalse();
        assertThat(key.isUsableAt(expiry.plusSeconds(1))).isFalse();
        assertThat(key.isExpiredAt(expiry)).isTrue();
    }

    @Test
    void revoke_makesKeyUnusable_evenBeforeExpiry_andRecordsTheInstant() {
        ApiKey key = keyExpiringAt(T0.plusSeconds(3600));

        boolean revoked = key.revoke(T0.plusSeconds(10));

        assertThat(revoked).isTrue();
        assertThat(key.isActive()).isFalse();
        assertThat(key.isRevoked()).isTrue();
        assertThat(key.getRevokedAt()).isEqualTo(T0.plusSeconds(10));
        assertThat(key.isUsableAt(T0.plusSeconds(11))).isFalse();
    }

    @Test
    void revoke_twice_keepsTheFirstInstant() {
        ApiKey key = keyExpiringAt(null);
        key.revoke(T0.plusSeconds(10));

        boolean again = key.revoke(T0.plusSeconds(20));

        assertThat(again).isFalse();
        assertThat(key.getRevokedAt()).isEqualTo(T0.plusSeconds(10));
    }

    @Test
    void new_key_withoutEnvironmentOrScopes_getsTheColumnDefaults() {
        ApiKey key = keyExpiringAt(null);

        assertThat(key.getEnvironment()).isEqualTo("prod");
        assertThat(key.getScopes()).containsExactly("memories:read", "memories:write", "keys:manage", "usage:read");
        assertThat(key.getRevokedAt()).isNull();
    }

    @Test
    void new_key_keepsEnvironmentAndScopes_withoutDuplicates() {
        ApiKey key = new ApiKey(user, HASH, "wm_dev_abcdefghi", "ci", "dev",
                List.of("memories:read", "usage:read", "memories:read"), T0, null);

        assertThat(key.getEnvironment()).isEqualTo("dev");
        assertThat(key.getScopes()).containsExactly("memories:read", "usage:read");
    }

    @Test
    void new_key_withoutScopes_isRefused() {
        assertThatThrownBy(() -> new ApiKey(user, HASH, "wm_dev_abcdefghi", "ci", "dev", List.of(), T0, null))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> new ApiKey(user, HASH, "wm_dev_abcdefghi", "ci", " ", List.of("usage:read"), T0,
                null)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void expireAt_bringsExpiryForward_butNeverExtendsIt() {
        ApiKey key = keyExpiringAt(T0.plusSeconds(3600));

        key.expireAt(T0.plusSeconds(7200));
        assertThat(key.getExpiresAt()).isEqualTo(T0.plusSeconds(3600));

        key.expireAt(T0.plusSeconds(60));
        assertThat(key.getExpiresAt()).isEqualTo(T0.plusSeconds(60));
        assertThat(key.isUsableAt(T0.plusSeconds(61))).isFalse();
    }

    @Test
    void expireAt_onKeyWithoutExpiry_setsIt() {
        ApiKey key = keyExpiringAt(null);

        key.expireAt(T0.plusSeconds(60));

        assertThat(key.getExpiresAt()).isEqualTo(T0.plusSeconds(60));
    }

    @Test
    void usedAt_neverMovesBackwards() {
        ApiKey key = keyExpiringAt(null);

        key.usedAt(T0.plusSeconds(10));
        key.usedAt(T0.plusSeconds(5));

        assertThat(key.getLastUsedAt()).isEqualTo(T0.plusSeconds(10));
    }

    @Test
    void new_key_expiringAtOrBeforeCreation_isRefused() {
        assertThatThrownBy(() -> keyExpiringAt(T0)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void new_key_withOverlongPrefixOrName_isRefused() {
        assertThatThrownBy(() -> new ApiKey(user, HASH, "wm_test_abcdefghi", null, T0, null))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> new ApiKey(user, HASH, "wm_test_abcdefgh", "n".repeat(101), T0, null))
                .isInstanceOf(InvalidInputException.class);
    }

    @Test
    void toString_neverContainsTheHash() {
        ApiKey key = keyExpiringAt(null);

        assertThat(key.toString())
                .contains(key.getId().toString())
                .contains("wm_test_abcdefgh")
                .doesNotContain(HASH)
                .doesNotContain(HASH.substring(0, 16));
    }
}
