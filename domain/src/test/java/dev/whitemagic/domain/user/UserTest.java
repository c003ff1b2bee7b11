package dev.whitemagic.domain.user;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.whitemagic.domain.InvalidInputException;
import dev.whitemagic.domain.apikey.ApiKey;
import org.junit.jupiter.api.Test;

import java.time.Instant;

class UserTest {

    private static final Instant T0 = Instant.parse("2026-11-25T08:00:00Z");

    @Test
    void new_user_startsOnFreePlan_withAssignedIdAndCreationInstant() {
        User user = new User("ada@example.com", T0);

        assertThat(user.getId()).isNotNull();
        assertThat(user.getPlanTier()).isEqualTo("free");
        assertThat(user.getCreatedAt()).isEqualTo(T0);
        assertThat(user.getUpdatedAt()).isEqualTo(T0);
        assertThat(user.getLastSeenAt()).isNull();
        assertThat(user.getApiKeys()).isEmpty();
    }

    @Test
    void new_users_getDistinctIds() {
        assertThat(new User("a@example.com", T0).getId()).isNotEqualTo(new User("a@example.com", T0).getId());
    }

    @Test
    void new_user_blankOrOverlongEmail_isRefused() {
        assertThatThrownBy(() -> new User(" ", T0)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> new User("a".repeat(250) + "@x.com", T0)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> new User(null, T0)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void changePlan_toAnotherTier_changesTierAndUpdatedAt() {
        User user = new User("ada@example.com", T0);
        Instant later = T0.plusSeconds(60);

        assertThat(user.changePlan("pro", later)).isTrue();

        assertThat(user.getPlanTier()).isEqualTo("pro");
        assertThat(user.getUpdatedAt()).isEqualTo(later);
        assertThat(user.getCreatedAt()).isEqualTo(T0);
    }

    @Test
    void changePlan_toSameTier_changesNothing() {
        User user = new User("ada@example.com", "pro", T0);

        assertThat(user.changePlan("pro", T0.plusSeconds(60))).isFalse();

        assertThat(user.getUpdatedAt()).isEqualTo(T0);
    }

    @Test
    void changePlan_blankTier_isRefused() {
        User user = new User("ada@example.com", T0);

        assertThatThrownBy(() -> user.changePlan("", T0)).isInstanceOf(InvalidInputException.class);
        assertThat(user.getPlanTier()).isEqualTo("free");
    }

    @Test
    void seenAt_neverMovesBackwards() {
        User user = new User("ada@example.com", T0);

        user.seenAt(T0.plusSeconds(120));
        user.seenAt(T0.plusSeconds(60));

        assertThat(user.getLastSeenAt()).isEqualTo(T0.plusSeconds(120));
    }

    @Test
    void linkWhop_setsGivenIds_andKeepsOthers() {
        User user = new User("ada@example.com", T0);

        user.linkWhop("user_1", "mem_1", T0.plusSeconds(1));
        user.linkWhop(null, "mem_2", T0.plusSeconds(2));

        assertThat(user.getWhopUserId()).isEqualTo("user_1");
        assertThat(user.getWhopMembershipId()).isEqualTo("mem_2");
        assertThat(user.getUpdatedAt()).isEqualTo(T0.plusSeconds(2));
    }

    @Test
    void unlinkWhopMembership_clearsTheMembership_andKeepsTheWhopUser() {
        User user = new User("ada@example.com", T0);
        user.linkWhop("user_1", "mem_1", T0.plusSeconds(1));

        assertThat(user.unlinkWhopMembership(T0.plusSeconds(2))).isTrue();

        assertThat(user.getWhopMembershipId()).isNull();
        assertThat(user.getWhopUserId()).isEqualTo("user_1");
        assertThat(user.getUpdatedAt()).isEqualTo(T0.plusSeconds(2));
        assertThat(user.unlinkWhopMembership(T0.plusSeconds(3))).isFalse();
        assertThat(user.getUpdatedAt()).isEqualTo(T0.plusSeconds(2));
    }

    @Test
    void newApiKey_joinsItsUsersKeys() {
        User user = new User("ada@example.com", T0);

        ApiKey key = new ApiKey(user, "h".repeat(64), "wm_test_abcdefgh", "laptop", T0, null);

        assertThat(user.getApiKeys()).containsExactly(key);
        assertThatThrownBy(() -> user.getApiKeys().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void addApiKey_ofAnotherUser_isRefused() {
        User owner = new User("owner@example.com", T0);
        User other = new User("other@example.com", T0);
        ApiKey key = new ApiKey(owner, "h".repeat(64), "wm_test_abcdefgh", null, T0, null);

        assertThatThrownBy(() -> other.addApiKey(key)).isInstanceOf(IllegalArgumentException.class);
        assertThat(other.getApiKeys()).isEmpty();
    }

    @Test
    void toString_showsIdAndPlan_butNoPersonalData() {
        User user = new User("ada.lovelace@example.com", "pro", T0);
        user.linkWhop("user_whop42", "mem_whop42", T0);

        assertThat(user.toString())
                .contains(user.getId().toString())
                .contains("pro")
                .doesNotContain("ada.lovelace")
                .doesNotContain("whop42");
    }

    @Test
    void equality_followsTheId() {
        User user = new User("ada@example.com", T0);

        assertThat(user).isEqualTo(user).isNotEqualTo(new User("ada@example.com", T0));
        assertThat(user.hashCode()).isEqualTo(user.getId().hashCode());
    }
}
