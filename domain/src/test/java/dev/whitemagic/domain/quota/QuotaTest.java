package dev.whitemagic.domain.quota;

import static org.assertj.core.api.Assertions.assertThat;

import dev.whitemagic.domain.user.User;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;

class QuotaTest {

    @Test
    void new_quota_sharesItsUsersId_withZeroCounters_andResetDatesToday() {
        User user = new User("ada@example.com", Instant.parse("2026-11-25T08:00:00Z"));
        LocalDate today = LocalDate.of(2026, 11, 25);

        Quota quota = new Quota(user, today);

        assertThat(quota.getUserId()).isEqualTo(user.getId());
        assertThat(quota.getUser()).isSameAs(user);
        assertThat(quota.getRequestsToday()).isZero();
        assertThat(quota.getRequestsThisMonth()).isZero();
        assertThat(quota.getMemoriesCount()).isZero();
        assertThat(quota.getStorageBytes()).isZero();
        assertThat(quota.getLastResetDaily()).isEqualTo(today);
        assertThat(quota.getLastResetMonthly()).isEqualTo(today);
        assertThat(quota.toString()).contains(user.getId().toString());
    }
}
