package dev.whitemagic.quota;

import static org.assertj.core.api.Assertions.assertThat;

import dev.whitemagic.persistence.usage.UsageRepository;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class UsagePurgeTest {

    /** Records the purges instead of running them; fails on demand. */
    private static final class RecordingRepository extends UsageRepository {
        final List<LocalDate> purgedBefore = new ArrayList<>();
        final List<Integer> chunkSizes = new ArrayList<>();
        boolean failing;

        @Override
        public long purgeBefore(LocalDate firstKeptDay, int chunkSize) {
            if (failing) {
                throw new IllegalStateException("database down");
            }
            purgedBefore.add(firstKeptDay);
            chunkSizes.add(chunkSize);
            return 0;
        }
    }

    private final RecordingRepository repository = new RecordingRepository();

    private UsagePurge purge(String now, int retentionDays) {
        UsagePurge purge = new UsagePurge();
        purge.usage = repository;
        // A zone east of UTC: "today" must still be the UTC date.
        purge.clock = Clock.fixed(Instant.parse(now), ZoneOffset.ofHours(10));
        purge.retentionDays = retentionDays;
        return purge;
    }

    @Test
    void purge_keepsTheRetentionDays_beforeTodayInUtc_inBoundedChunks() {
        purge("2026-11-25T23:30:00Z", 90).purge();

        assertThat(repository.purgedBefore).containsExactly(LocalDate.of(2026, 8, 27));
        assertThat(repository.chunkSizes).containsExactly(UsagePurge.CHUNK_SIZE);
    }

    @Test
    void purge_followsTheConfiguredRetention() {
        purge("2026-11-25T00:00:00Z", 7).purge();

        assertThat(repository.purgedBefore).containsExactly(LocalDate.of(2026, 11, 18));
    }

    @Test
    void purge_failure_isLoggedNotThrown_soTheTimerKeepsRunning() {
        repository.failing = true;

        purge("2026-11-25T00:00:00Z", 90).purge();

        assertThat(repository.purgedBefore).isEmpty();
    }

}
