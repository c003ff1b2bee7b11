package dev.whitemagic.auth.usage;

import dev.whitemagic.persistence.TestClock;
import static org.assertj.core.api.Assertions.assertThat;

import dev.whitemagic.auth.key.Caller;
import dev.whitemagic.auth.key.Scope;
import dev.whitemagic.persistence.apikey.KeyUsageWriter;
import dev.whitemagic.persistence.apikey.KeyUsageWriter.KeyUse;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

class KeyUsageRecorderTest {

    private static final Instant T0 = Instant.parse("2026-11-25T08:00:00Z");

    /** Records the batches instead of writing them; fails on demand. */
    private static final class RecordingWriter extends KeyUsageWriter {
        final List<List<KeyUse>> batches = new ArrayList<>();
        boolean failing;

        @Override
        public void write(Collection<KeyUse> uses) {
            if (failing) {
                throw new IllegalStateException("database down");
            }
            batches.add(List.copyOf(uses));
        }

        List<KeyUse> all() {
            return batches.stream().flatMap(List::stream).toList();
        }
    }

    private final TestClock clock = new TestClock(T0);
    private final RecordingWriter writer = new RecordingWriter();
    private final KeyUsageRecorder recorder = new KeyUsageRecorder(writer, clock);

    private static Caller caller() {
        return new Caller(UUID.randomUUID(), UUID.randomUUID(), "wm_test_abcdefgh", "free", Scope.all(), null);
    }

    /** Uses the key at the clock's time, as a request would. */
    private void use(Caller caller) {
        recorder.used(caller, clock.instant());
    }

    @Test
    void manyUses_withinTheWriteInterval_areWrittenOnce() {
        Caller caller = caller();
        use(caller);
        recorder.flush();
        for (int i = 0; i < KeyUsageRecorder.WRITE_INTERVAL.toSeconds() - 1; i++) {
            clock.advance(Duration.ofSeconds(1));
            use(caller);
            recorder.flush();
        }

        assertThat(writer.all()).containsExactly(new KeyUse(caller.keyId(), caller.userId(), T0));
    }

    @Test
    void usesBeforeAFlush_areWrittenAsTheLatestOne() {
        Caller caller = caller();
        use(caller);
        clock.advance(Duration.ofSeconds(10));
        use(caller);

        recorder.flush();

        assertThat(writer.batches).containsExactly(
                List.of(new KeyUse(caller.keyId(), caller.userId(), T0.plusSeconds(10))));
    }

    @Test
    void aUse_theWriteIntervalAfterTheLastWrite_isWrittenAgain_soColumnsStayWithinAMinute() {
        Caller caller = caller();
        use(caller);
        recorder.flush();

        clock.advance(KeyUsageRecorder.WRITE_INTERVAL);
        use(caller);
        recorder.flush();

        assertThat(writer.all()).containsExactly(
                new KeyUse(caller.keyId(), caller.userId(), T0),
                new KeyUse(caller.keyId(), caller.userId(), T0.plus(KeyUsageRecorder.WRITE_INTERVAL)));
        assertThat(KeyUsageRecorder.WRITE_INTERVAL.plusSeconds(15)).isLessThanOrEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void flush_writesAllKeys_inOneBatch() {
        Caller first = caller();
        Caller second = caller();
        use(first);
        use(second);

        recorder.flush();

        assertThat(writer.batches).hasSize(1);
        assertThat(writer.batches.get(0)).containsExactlyInAnyOrder(
                new KeyUse(first.keyId(), first.userId(), T0), new KeyUse(second.keyId(), second.userId(), T0));
    }

    @Test
    void flush_withNothingPending_writesNothing() {
        recorder.flush();

        assertThat(writer.batches).isEmpty();
    }

    @Test
    void flush_failed_isRetriedByTheNextFlush() {
        Caller caller = caller();
        use(caller);
        writer.failing = true;
        recorder.flush();

        writer.failing = false;
        recorder.flush();

        assertThat(writer.all()).containsExactly(new KeyUse(caller.keyId(), caller.userId(), T0));
    }

    @Test
    void keys_notUsedForAMinute_areForgotten() {
        for (int i = 0; i < 100; i++) {
            use(caller());
        }
        recorder.flush();
        assertThat(recorder.trackedKeys()).isEqualTo(100);

        clock.advance(Duration.ofSeconds(61));
        recorder.flush();

        assertThat(recorder.trackedKeys()).isZero();
    }

    @Test
    void olderUse_arrivingLate_doesNotReplaceANewerPendingOne() {
        Caller caller = caller();
        recorder.used(caller, T0.plusSeconds(5));
        recorder.used(caller, T0);

        recorder.flush();

        assertThat(writer.all()).containsExactly(new KeyUse(caller.keyId(), caller.userId(), T0.plusSeconds(5)));
    }

    @Test
    void lastUse_isThePendingUse_thenTheWrittenOne_whileItIsRecent() {
        Caller caller = caller();
        assertThat(recorder.lastUse(caller.keyId())).isEmpty();
        use(caller);
        assertThat(recorder.lastUse(caller.keyId())).contains(T0);
        recorder.flush();
        clock.advance(Duration.ofSeconds(10));
        use(caller);
        // written 10 s ago: the use is not noted again, and the written one is what the column says
        assertThat(recorder.lastUse(caller.keyId())).contains(T0);
        clock.advance(KeyUsageRecorder.WRITE_INTERVAL);
        use(caller);
        assertThat(recorder.lastUse(caller.keyId())).contains(T0.plus(KeyUsageRecorder.WRITE_INTERVAL).plusSeconds(10));
    }
}
