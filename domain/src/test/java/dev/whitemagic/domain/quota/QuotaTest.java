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

    @Test
    void countersOfAPastDayOrMonth_readAsZero() {
        User user = new User("ada@example.com", Instant.parse("2026-10-31T08:00:00Z"));
        Quota quota = new Quota(user, LocalDate.of(2026, 10, 31));
        // what the stored row says: counted on the 31st of October
        setCounters(quota, 7, 9);

        assertThat(quota.requestsTodayAt(LocalDate.of(2026, 10, 31))).isEqualTo(7);
        assertThat(quota.requestsThisMonthAt(LocalDate.of(2026, 10, 31))).isEqualTo(9);
        assertThat(quota.requestsTodayAt(LocalDate.of(2026, 11, 1))).as("the next day").isZero();
        assertThat(quota.requestsThisMonthAt(LocalDate.of(2026, 11, 1))).as("the next month").isZero();
    }

    private static void setCounters(Quota quota, int today, int month) {
        try {
            var daily = Quota.class.getDeclaredField("requestsToday");
            daily.setAccessible(true);
            daily.setInt(quota, today);
            var monthly = Quota.class.getDeclaredField("requestsThisMonth");
            monthly.setAccessible(true);
            monthly.setInt(quota, month);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }
}
