package dev.whitemagic.persistence.usage;

import static dev.whitemagic.persistence.usage.UsageFixtures.owner;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.whitemagic.persistence.TestDatabase;
import dev.whitemagic.persistence.usage.UsageFixtures.Owner;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class UsageRepositoryIT {

    private static final LocalDate DAY = LocalDate.of(2026, 11, 24);

    private final UsageWriter writer = new UsageWriter(TestDatabase.dataSource());
    private final UsageRepository repository = new UsageRepository(TestDatabase.dataSource());

    private static MeteredRequest request(Owner owner, String endpoint, int status, Integer ms, String at) {
        return new MeteredRequest(owner.userId(), owner.keyId(), endpoint, "GET", status, ms, Instant.parse(at));
    }

    private static long rowsOf(UUID userId) {
        return (Long) TestDatabase.query("select count(*) as n from usage_records where user_id = ?", userId).get(0)
                .get("n");
    }

    @Test
    void dailyByEndpoint_countsRequestsErrorsAndTimes_perUtcDayAndRoute() {
        Owner owner = owner();
        writer.write(List.of(
                request(owner, "/api/v1/memories", 200, 10, "2026-11-24T00:00:00Z"),
                request(owner, "/api/v1/memories", 201, 20, "2026-11-24T12:00:00Z"),
                request(owner, "/api/v1/memories", 400, 3, "2026-11-24T23:59:59.999999Z"),
                request(owner, "/api/v1/memories/{id}", 404, 5, "2026-11-24T08:00:00Z"),
                request(owner, "/api/v1/memories/{id}", 399, null, "2026-11-24T08:00:01Z"),
                request(owner, "/api/v1/memories/{id}", 500, 7, "2026-11-25T00:00:00Z")));

        List<EndpointDay> rows = repository.dailyByEndpoint(owner.userId(), DAY, DAY.plusDays(1));

        assertThat(rows).containsExactly(
                new EndpointDay(DAY, "/api/v1/memories", 3, 1, 33, 3),
                new EndpointDay(DAY, "/api/v1/memories/{id}", 2, 1, 5, 1),
                new EndpointDay(DAY.plusDays(1), "/api/v1/memories/{id}", 1, 1, 7, 1));
    }

    @Test
    void dailyByEndpoint_onlyTheDaysAsked_andOnlyTheCallersRows() {
        Owner owner = owner();
        Owner other = owner();
        writer.write(List.of(
                request(owner, "/api/v1/tags", 200, 1, "2026-11-23T23:59:59Z"),
                request(owner, "/api/v1/tags", 200, 1, "2026-11-24T10:00:00Z"),
                request(owner, "/api/v1/tags", 200, 1, "2026-11-25T00:00:00Z"),
                request(other, "/api/v1/tags", 200, 1, "2026-11-24T10:00:00Z"),
                request(other, "/api/v1/stats", 200, 1, "2026-11-24T10:00:00Z")));

        assertThat(repository.dailyByEndpoint(owner.userId(), DAY, DAY))
                .containsExactly(new EndpointDay(DAY, "/api/v1/tags", 1, 0, 1, 1));
        assertThat(repository.dailyByEndpoint(UUID.randomUUID(), DAY, DAY)).isEmpty();
    }

    @Test
    void purgeBefore_deletesOnlyOlderDays_inChunks_andAgainIsHarmless() {
        Owner owner = owner();
        List<MeteredRequest> requests = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            requests.add(request(owner, "/api/v1/tags", 200, 1, "2026-08-26T23:59:59Z"));
        }
        requests.add(request(owner, "/api/v1/tags", 200, 1, "2026-08-27T00:00:00Z"));
        requests.add(request(owner, "/api/v1/tags", 200, 1, "2026-11-25T08:00:00Z"));
        writer.write(requests);
        LocalDate firstKept = LocalDate.of(2026, 8, 27);

        long removed = repository.purgeBefore(firstKept, 10);

        // Other tests' rows of the shared database are all newer than this, so the count is exact.
        assertThat(removed).isEqualTo(25);
        assertThat(rowsOf(owner.userId())).isEqualTo(2);
        assertThat(TestDatabase.query("select min(date) as oldest from usage_records where user_id = ?",
                owner.userId()).get(0).get("oldest").toString()).isEqualTo("2026-08-27");
        assertThat(repository.purgeBefore(firstKept, 10)).isZero();
    }

    @Test
    void purgeBefore_nonPositiveChunk_isRefused() {
        assertThatThrownBy(() -> repository.purgeBefore(DAY, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
