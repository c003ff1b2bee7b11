package dev.whitemagic.domain.usage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.whitemagic.domain.user.User;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;

class UsageRecordTest {

    private final User user = new User("ada@example.com", Instant.parse("2026-11-01T00:00:00Z"));

    @Test
    void date_isTheUtcDateOfCreation_evenLateInTheUtcDay() {
        // 23:30 UTC is already the 25th in most of Asia: the UTC date must win, whatever the JVM zone.
        UsageRecord record = new UsageRecord(user, null, "/api/v1/memories", "GET", 200, 12,
                Instant.parse("2026-11-24T23:30:00Z"));

        assertThat(record.getDate()).isEqualTo(LocalDate.of(2026, 11, 24));
    }

    @Test
    void date_isTheUtcDateOfCreation_earlyInTheUtcDay() {
        UsageRecord record = new UsageRecord(user, null, "/api/v1/memories", "GET", 200, 12,
                Instant.parse("2026-11-25T00:15:00Z"));

        assertThat(record.getDate()).isEqualTo(LocalDate.of(2026, 11, 25));
    }

    @Test
    void isError_forStatus400AndAbove() {
        Instant at = Instant.parse("2026-11-25T08:00:00Z");

        assertThat(new UsageRecord(user, null, "/x", "GET", 399, 1, at).isError()).isFalse();
        assertThat(new UsageRecord(user, null, "/x", "GET", 400, 1, at).isError()).isTrue();
        assertThat(new UsageRecord(user, null, "/x", "GET", 503, 1, at).isError()).isTrue();
        assertThat(new UsageRecord(user, null, "/x", "GET", null, null, at).isError()).isFalse();
    }
}
