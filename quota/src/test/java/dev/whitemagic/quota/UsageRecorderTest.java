package dev.whitemagic.quota;

import static org.assertj.core.api.Assertions.assertThat;

import dev.whitemagic.persistence.writebehind.WriteBehind;
import dev.whitemagic.persistence.usage.MeteredRequest;
import dev.whitemagic.persistence.usage.UsageWriter;
import java.sql.BatchUpdateException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class UsageRecorderTest {

    private static final Instant T0 = Instant.parse("2026-11-25T08:00:00Z");
    private static final UUID USER = UUID.randomUUID();

    /** Records the batches instead of writing them; fails the next {@link #failures} calls. */
    private static class RecordingWriter extends UsageWriter {
        final List<List<MeteredRequest>> batches = new CopyOnWriteArrayList<>();
        final AtomicInteger failures = new AtomicInteger();
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public int write(Collection<MeteredRequest> requests) {
            calls.incrementAndGet();
            if (failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new IllegalStateException("database down");
            }
            batches.add(List.copyOf(requests));
            return requests.size();
        }

        List<MeteredRequest> all() {
            return batches.stream().flatMap(List::stream).toList();
        }
    }

    private final RecordingWriter writer = new RecordingWriter();

    private static MeteredRequest request(int n) {
        return new MeteredRequest(USER, UUID.randomUUID(), "/api/v1/memories/{id}", "GET", 200, n, T0.plusMillis(n));
    }

    private static List<MeteredRequest> record(UsageRecorder recorder, int from, int count) {
        List<MeteredRequest> recorded = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            MeteredRequest request = request(i);
            recorder.record(request);
            recorded.add(request);
        }
        return recorded;
    }

    @Test
    void flush_writesEveryRecord_inOrder_inBatchesOfAtMostOneThousand() {
        UsageRecorder recorder = new UsageRecorder(writer, 10_000, null);
        List<MeteredRequest> recorded = record(recorder, 0, 2500);

        assertThat(recorder.flush()).isTrue();

        assertThat(writer.batches).extracting(List::size).containsExactly(1000, 1000, 500);
        assertThat(writer.all()).containsExactlyElementsOf(recorded);
        assertThat(recorder.written()).isEqualTo(2500);
        assertThat(recorder.buffered()).isZero();
        assertThat(recorder.dropped()).isZero();
    }

    @Test
    void flush_nothingBuffered_writesNothing() {
        UsageRecorder recorder = new UsageRecorder(writer, 10, null);

        assertThat(recorder.flush()).isTrue();

        assertThat(writer.calls).hasValue(0);
    }

    @Test
    void record_fullBuffer_dropsAndCountsTheRest() {
        UsageRecorder recorder = new UsageRecorder(writer, 3, null);
        List<MeteredRequest> recorded = record(recorder, 0, 5);

        assertThat(recorder.buffered()).isEqualTo(3);
        assertThat(recorder.dropped()).isEqualTo(2);
        recorder.flush();
        assertThat(writer.all()).containsExactlyElementsOf(recorded.subList(0, 3));
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void record_neverWaits_forAFlushThatHangsOnTheDatabase() throws Exception {
        CountDownLatch writing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        RecordingWriter hanging = new RecordingWriter() {
            @Override
            public int write(Collection<MeteredRequest> requests) {
                writing.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return super.write(requests);
            }
        };
        UsageRecorder recorder = new UsageRecorder(hanging, 5, null);
        record(recorder, 0, 5);
        CompletableFuture<Boolean> flush = CompletableFuture.supplyAsync(recorder::flush);
        assertThat(writing.await(5, TimeUnit.SECONDS)).isTrue();

        long started = System.nanoTime();
        record(recorder, 5, 10_000);
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(took).isLessThan(Duration.ofSeconds(2));
        // The batch being written still counts against the bound.
        assertThat(recorder.dropped()).isEqualTo(10_000);
        assertThat(recorder.buffered()).isEqualTo(5);
        release.countDown();
        assertThat(flush.get(5, TimeUnit.SECONDS)).isTrue();
        assertThat(recorder.buffered()).isZero();
        assertThat(hanging.all()).hasSize(5);
    }

    @Test
    void failedWrite_isKept_andWrittenFirst_byTheNextFlush() {
        UsageRecorder recorder = new UsageRecorder(writer, 100, null);
        List<MeteredRequest> first = record(recorder, 0, 3);
        writer.failures.set(1);

        assertThat(recorder.flush()).isFalse();
        assertThat(recorder.buffered()).isEqualTo(3);
        assertThat(recorder.written()).isZero();

        List<MeteredRequest> second = record(recorder, 3, 2);
        assertThat(recorder.flush()).isTrue();

        assertThat(writer.batches).containsExactly(first, second);
        assertThat(recorder.written()).isEqualTo(5);
        assertThat(recorder.buffered()).isZero();
    }

    @Test
    void failedWrite_isLogged_withoutTheDriversMessageOrAStackTrace() {
        UsageWriter quoting = new UsageWriter() {
            @Override
            public int write(Collection<MeteredRequest> requests) {
                throw new IllegalStateException("could not execute batch", new BatchUpdateException(
                        "Batch entry 0 INSERT INTO usage_records (user_id) VALUES ('" + USER + "') was aborted",
                        "23505", new int[0]));
            }
        };
        List<LogRecord> logged = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                logged.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger log = Logger.getLogger(WriteBehind.class.getName());
        log.addHandler(capture);
        try {
            UsageRecorder recorder = new UsageRecorder(quoting, 100, null);
            record(recorder, 0, 3);

            assertThat(recorder.flush()).isFalse();
        } finally {
            log.removeHandler(capture);
        }

        assertThat(logged).isNotEmpty().allSatisfy(record -> {
            assertThat(record.getThrown()).as("no stack trace").isNull();
            assertThat(record.getMessage()).doesNotContain(USER.toString()).doesNotContainIgnoringCase("insert")
                    .contains("java.sql.BatchUpdateException (SQL state 23505)");
        });
    }

    @Test
    void failingDatabase_stopsTheFlush_atTheFirstRefusedBatch() {
        UsageRecorder recorder = new UsageRecorder(writer, 10_000, null);
        record(recorder, 0, 2500);
        writer.failures.set(5);

        recorder.flush();

        assertThat(writer.calls).hasValue(1);
        assertThat(recorder.buffered()).isEqualTo(2500);
    }

    @Test
    void failedBatch_countsAgainstTheBound_soLaterRecordsAreDropped_notTheKeptOnes() {
        UsageRecorder recorder = new UsageRecorder(writer, 4, null);
        List<MeteredRequest> kept = record(recorder, 0, 4);
        writer.failures.set(1);
        recorder.flush();

        record(recorder, 4, 1);

        assertThat(recorder.dropped()).isEqualTo(1);
        recorder.flush();
        assertThat(writer.all()).containsExactlyElementsOf(kept);
    }

    @Test
    void wholeBatchWaiting_asksTheExecutorForOneEarlyFlush() {
        List<Runnable> tasks = new ArrayList<>();
        UsageRecorder recorder = new UsageRecorder(writer, 10, tasks::add);

        record(recorder, 0, 4);
        assertThat(tasks).isEmpty();
        record(recorder, 4, 3);
        assertThat(tasks).as("one early flush at a time").hasSize(1);

        tasks.get(0).run();
        assertThat(writer.all()).hasSize(7);
        record(recorder, 7, 5);
        assertThat(tasks).hasSize(2);
    }

    @Test
    void drain_writesWhatIsBuffered_andALaterRecordIsCountedAsDropped() {
        UsageRecorder recorder = new UsageRecorder(writer, 100, null);
        List<MeteredRequest> recorded = record(recorder, 0, 3);

        recorder.drain();
        record(recorder, 3, 1);

        assertThat(writer.all()).containsExactlyElementsOf(recorded);
        assertThat(recorder.dropped()).isEqualTo(1);
        assertThat(recorder.buffered()).isZero();
    }

    @Test
    void drain_retriesARefusingDatabase_beforeGivingUp() {
        UsageRecorder recorder = new UsageRecorder(writer, 100, null);
        List<MeteredRequest> recorded = record(recorder, 0, 3);
        writer.failures.set(UsageRecorder.SHUTDOWN_ATTEMPTS - 1);

        recorder.drain();

        assertThat(writer.all()).containsExactlyElementsOf(recorded);
        assertThat(writer.calls).hasValue(UsageRecorder.SHUTDOWN_ATTEMPTS);
    }
}
