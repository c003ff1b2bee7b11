package dev.whitemagic.quota;

import static dev.whitemagic.persistence.TestDatabase.fromTransaction;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.whitemagic.domain.InvalidInputException;
import dev.whitemagic.domain.user.User;
import dev.whitemagic.persistence.TestDatabase;
import dev.whitemagic.persistence.usage.MeteredRequest;
import dev.whitemagic.persistence.usage.UsageRepository;
import dev.whitemagic.persistence.usage.UsageWriter;
import dev.whitemagic.quota.UsageReport.Day;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The usage report end to end: written rows, one aggregation, every day of the period. */
class UsageReportIT {

    /** Late in the UTC day: already tomorrow east of UTC, so a zone mix-up shows. */
    private static final Instant NOW = Instant.parse("2026-11-25T23:30:00Z");
    private static final LocalDate TODAY = LocalDate.of(2026, 11, 25);

    private final UsageWriter writer = new UsageWriter(TestDatabase.dataSource());
    private final UsageReport report = new UsageReport(new UsageRepository(TestDatabase.dataSource()),
            Clock.fixed(NOW, ZoneOffset.ofHours(9)));

    private static UUID user() {
        return fromTransaction(em -> {
            User user = new User("report-" + UUID.randomUUID() + "@example.com", NOW);
            em.persist(user);
            return user.getId();
        });
    }

    private void write(UUID userId, String endpoint, int status, int ms, String at) {
        writer.write(List.of(new MeteredRequest(userId, null, endpoint, "GET", status, ms, Instant.parse(at))));
    }

    @Test
    void daily_countsRequestsErrorsAverageAndEndpoints_perUtcDay() {
        UUID userId = user();
        write(userId, "/api/v1/memories", 200, 10, "2026-11-24T00:00:00Z");
        write(userId, "/api/v1/memories/{id}", 404, 11, "2026-11-24T09:00:00Z");
        write(userId, "/api/v1/memories/{id}", 200, 12, "2026-11-24T10:00:00Z");
        write(userId, "unmatched", 405, 1, "2026-11-24T23:59:59.999999Z");
        write(userId, "/api/v1/tags", 399, 4, "2026-11-25T00:00:00Z");
        write(userId, "/api/v1/tags", 429, 5, "2026-11-25T22:00:00Z");

        List<Day> days = report.daily(userId, "2026-11-23", "2026-11-25");

        assertThat(days).extracting(Day::date).containsExactly(TODAY.minusDays(2), TODAY.minusDays(1), TODAY);
        assertThat(days.get(0)).isEqualTo(new Day(TODAY.minusDays(2), 0, 0, 0.0, Map.of()));
        Day before = days.get(1);
        assertThat(before.requests()).isEqualTo(4);
        assertThat(before.errors()).isEqualTo(2);
        // (10 + 11 + 12 + 1) / 4 = 8.5
        assertThat(before.avgResponseMs()).isEqualTo(8.5);
        assertThat(before.byEndpoint()).containsExactly(Map.entry("/api/v1/memories/{id}", 2L),
                Map.entry("/api/v1/memories", 1L), Map.entry("unmatched", 1L));
        assertThat(days.get(2)).isEqualTo(new Day(TODAY, 2, 1, 4.5, Map.of("/api/v1/tags", 2L)));
    }

    @Test
    void daily_average_isRoundedToOneDecimal() {
        UUID userId = user();
        write(userId, "/api/v1/tags", 200, 1, "2026-11-25T01:00:00Z");
        write(userId, "/api/v1/tags", 200, 1, "2026-11-25T02:00:00Z");
        write(userId, "/api/v1/tags", 200, 2, "2026-11-25T03:00:00Z");

        // 4 / 3 = 1.333…
        assertThat(report.daily(userId, "2026-11-25", "2026-11-25").get(0).avgResponseMs()).isEqualTo(1.3);
    }

    @Test
    void daily_defaults_areTheLast30UtcDays_endingToday() {
        UUID userId = user();
        write(userId, "/api/v1/tags", 200, 1, "2026-10-26T23:59:59Z");
        write(userId, "/api/v1/tags", 200, 1, "2026-10-27T00:00:00Z");
        write(userId, "/api/v1/tags", 200, 1, "2026-11-25T23:00:00Z");

        List<Day> days = report.daily(userId, null, null);

        assertThat(days).hasSize(30);
        assertThat(days.get(0).date()).isEqualTo(LocalDate.of(2026, 10, 27));
        assertThat(days.get(29).date()).isEqualTo(TODAY);
        assertThat(days.stream().mapToLong(Day::requests).sum()).isEqualTo(2);
        assertThat(days.get(0).requests()).isEqualTo(1);
        assertThat(days.get(29).requests()).isEqualTo(1);
    }

    @Test
    void daily_showsOnlyTheCallersOwnRequests() {
        UUID mine = user();
        UUID theirs = user();
        write(mine, "/api/v1/tags", 200, 1, "2026-11-25T01:00:00Z");
        write(theirs, "/api/v1/stats", 500, 1, "2026-11-25T01:00:00Z");
        write(theirs, "/api/v1/tags", 200, 1, "2026-11-25T01:00:00Z");

        assertThat(report.daily(mine, "2026-11-25", null))
                .containsExactly(new Day(TODAY, 1, 0, 1.0, Map.of("/api/v1/tags", 1L)));
    }

    @Test
    void daily_badPeriod_isRefusedBeforeTheDatabase() {
        assertThatThrownBy(() -> report.daily(UUID.randomUUID(), "2026-01-01", "2026-12-31"))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> report.daily(UUID.randomUUID(), null, "2026-02-30"))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("to"));
    }
}
