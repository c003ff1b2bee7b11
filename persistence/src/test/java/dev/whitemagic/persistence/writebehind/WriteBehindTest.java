package dev.whitemagic.persistence.writebehind;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WriteBehindTest {

    private static final WriteBehind.Settings SETTINGS = new WriteBehind.Settings("test rows", "wm_test_rows",
            "wm_test_flush", 3, Duration.ofSeconds(1), 4, 2);

    /** A plain list: a refused batch goes back to the front. */
    private static final class ListBuffer implements WriteBehind.Buffer<Integer> {
        final List<Integer> items = new ArrayList<>();

        @Override
        public synchronized List<Integer> take(int max) {
            List<Integer> batch = new ArrayList<>(items.subList(0, Math.min(max, items.size())));
            items.subList(0, batch.size()).clear();
            return batch;
        }

        @Override
        public void written(List<Integer> batch) {
        }

        @Override
        public synchronized void refused(List<Integer> batch) {
            items.addAll(0, batch);
        }

        @Override
        public synchronized int size() {
            return items.size();
        }
    }

    private final ListBuffer buffer = new ListBuffer();
    private final List<List<Integer>> statements = new ArrayList<>();
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private final WriteBehind<Integer> writeBehind = new WriteBehind<>(SETTINGS, buffer, batch -> {
        if (failuresLeft.getAndDecrement() > 0) {
            throw new IllegalStateException("database down");
        }
        statements.add(List.copyOf(batch));
        return batch.size();
    });

    @Test
    void flush_writesEverything_inBatchesOfTheConfiguredSize_inOrder() {
        buffer.items.addAll(List.of(1, 2, 3, 4, 5, 6, 7));

        assertThat(writeBehind.flush()).isTrue();

        assertThat(statements).containsExactly(List.of(1, 2, 3), List.of(4, 5, 6), List.of(7));
        assertThat(writeBehind.written()).isEqualTo(7);
        assertThat(buffer.size()).isZero();
    }

    @Test
    void aRefusedBatch_staysInTheBuffer_andTheFlushStops_untilTheNextOne() {
        buffer.items.addAll(List.of(1, 2, 3, 4));
        failuresLeft.set(1);

        assertThat(writeBehind.flush()).isFalse();
        assertThat(writeBehind.failing()).isTrue();
        assertThat(statements).isEmpty();
        assertThat(buffer.items).containsExactly(1, 2, 3, 4);

        assertThat(writeBehind.flush()).isTrue();
        assertThat(writeBehind.failing()).isFalse();
        assertThat(statements).containsExactly(List.of(1, 2, 3), List.of(4));
    }

    @Test
    void drain_triesAsOftenAsConfigured_thenClosesAndCountsWhatStillArrives() {
        buffer.items.addAll(List.of(1, 2));
        failuresLeft.set(1);

        writeBehind.drain();

        assertThat(statements).containsExactly(List.of(1, 2));
        assertThat(writeBehind.closed()).isTrue();
        writeBehind.dropped("shutdown");
        assertThat(writeBehind.droppedCount()).isEqualTo(1);
    }

    @Test
    void offered_asksForAnEarlyFlush_onlyWithEnoughWaiting_andOneAtATime() {
        List<Runnable> queued = new ArrayList<>();
        writeBehind.runEarlyFlushesOn(queued::add);
        buffer.items.addAll(List.of(1, 2, 3));

        writeBehind.offered();
        assertThat(queued).isEmpty();

        buffer.items.add(4);
        writeBehind.offered();
        writeBehind.offered();
        assertThat(queued).hasSize(1);

        queued.get(0).run();
        assertThat(statements).containsExactly(List.of(1, 2, 3), List.of(4));
    }
}
