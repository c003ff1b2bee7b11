package dev.whitemagic.quota;

import dev.whitemagic.persistence.metrics.Metrics;
import dev.whitemagic.persistence.usage.MeteredRequest;
import dev.whitemagic.persistence.usage.UsageWriter;
import dev.whitemagic.persistence.writebehind.WriteBehind;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Meters every authenticated request into {@code usage_records} without making any request wait for the database.
 * <p>
 * {@link #record} puts the request into a bounded in-memory buffer ({@code wm.usage.buffer-size}, default 10,000) and
 * returns at once; a {@link WriteBehind} writes it in batches of at most {@value #BATCH_SIZE} rows, one statement
 * each ({@link UsageWriter}), every {@code wm.usage.flush-millis} (default 1,000) and sooner when a whole batch (or
 * half the buffer) is waiting. A batch the database refuses is kept, still counting against the bound, and is the
 * first thing the next flush writes; nothing is retried out of order. When the buffer is full a request is not
 * buffered: that is counted and logged at most once a minute, never silent. A graceful shutdown writes what is
 * buffered while the data source is still there ({@link #drain}); a crash loses at most what was buffered.
 * <p>
 * Metrics (application scope, never labelled by user or key): {@code wm_usage_records_buffered},
 * {@code wm_usage_records_written_total}, {@code wm_usage_records_dropped_total},
 * {@code wm_usage_flush_failures_total} and {@code wm_usage_flush_duration_seconds}.
 */
@ApplicationScoped
public class UsageRecorder {

    /** The most rows one statement writes. */
    static final int BATCH_SIZE = 1000;

    /** How often the final flush at shutdown tries a database that refuses the batch. */
    static final int SHUTDOWN_ATTEMPTS = 3;

    @Inject
    UsageWriter writer;

    @Inject
    Metrics metrics;

    @Inject
    QuotaConfig config;

    private final Queue<MeteredRequest> queue = new ConcurrentLinkedQueue<>();

    /** Records held: queued, being written, or awaiting retry. Never more than {@link #capacity}. */
    private final AtomicInteger held = new AtomicInteger();

    /** A batch the database refused, written first by the next flush; only the flush touches it. */
    private volatile List<MeteredRequest> retry = List.of();

    private int capacity;
    private WriteBehind<MeteredRequest> writeBehind;

    /** For CDI: the collaborators and settings arrive by field injection. */
    protected UsageRecorder() {
    }

    @PostConstruct
    void configure() {
        configure(config.usageBufferSize(), config.usageFlushInterval());
    }

    /**
     * For tests in Java SE: no metrics, and flushes run when the test calls them (or, when {@code executor} is given,
     * early flushes run there).
     */
    UsageRecorder(UsageWriter writer, int capacity, Executor executor) {
        this.writer = Objects.requireNonNull(writer, "writer");
        configure(capacity, Duration.ofSeconds(1));
        writeBehind.runEarlyFlushesOn(executor);
    }

    private void configure(int capacity, Duration interval) {
        this.capacity = capacity;
        WriteBehind.Settings settings = new WriteBehind.Settings("usage records", "wm_usage_records", "wm_usage_flush",
                BATCH_SIZE, interval, Math.max(1, Math.min(BATCH_SIZE, capacity / 2)), SHUTDOWN_ATTEMPTS);
        writeBehind = new WriteBehind<>(settings, new Buffer(), writer::write);
    }

    /** Registers the metrics and starts the periodic flush; called once when the web application starts. */
    public void startFlushing(ScheduledExecutorService scheduler) {
        writeBehind.start(scheduler, metrics);
    }

    /**
     * Buffers one metered request; cheap enough for every request, and it never blocks. If the buffer is full, the
     * request is counted as dropped instead.
     */
    public void record(MeteredRequest request) {
        Objects.requireNonNull(request, "request");
        if (writeBehind.closed()) {
            writeBehind.dropped("shutdown");
            return;
        }
        if (held.incrementAndGet() > capacity) {
            held.decrementAndGet();
            writeBehind.dropped("usage buffer full (wm.usage.buffer-size " + capacity + "; is the database down or "
                    + "too slow?)");
            return;
        }
        queue.add(request);
        writeBehind.offered();
    }

    /**
     * Writes everything buffered; never throws.
     *
     * @return {@code true} if the buffer was emptied, {@code false} if a batch is waiting for a retry
     */
    public boolean flush() {
        return writeBehind.flush();
    }

    /**
     * Writes what is buffered before the application goes, and stops the periodic flush; from then on a record is
     * dropped (and counted). Called when the web application stops, while its data source still works.
     */
    public void drain() {
        writeBehind.drain();
    }

    /** @return how many records are held in memory (queued or awaiting retry) */
    public int buffered() {
        return held.get();
    }

    /** @return how many records were written since the start */
    public long written() {
        return writeBehind.written();
    }

    /** @return how many records were dropped since the start */
    public long dropped() {
        return writeBehind.droppedCount();
    }

    /** The queue, with a refused batch first in line. */
    private final class Buffer implements WriteBehind.Buffer<MeteredRequest> {

        @Override
        public List<MeteredRequest> take(int max) {
            if (!retry.isEmpty()) {
                List<MeteredRequest> batch = retry;
                retry = List.of();
                return batch;
            }
            List<MeteredRequest> batch = new ArrayList<>(Math.min(max, Math.max(held.get(), 1)));
            MeteredRequest next;
            while (batch.size() < max && (next = queue.poll()) != null) {
                batch.add(next);
            }
            return batch;
        }

        @Override
        public void written(List<MeteredRequest> batch) {
            held.addAndGet(-batch.size());
        }

        @Override
        public void refused(List<MeteredRequest> batch) {
            retry = batch;
        }

        @Override
        public int size() {
            return held.get();
        }
    }
}
