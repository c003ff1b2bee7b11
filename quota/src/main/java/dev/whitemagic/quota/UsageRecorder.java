package dev.whitemagic.quota;

import dev.whitemagic.persistence.Failures;
import dev.whitemagic.persistence.usage.MeteredRequest;
import dev.whitemagic.persistence.usage.UsageWriter;
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
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Timer;

/**
 * Meters every authenticated request into {@code usage_records} without making any request wait for the database.
 * <p>
 * {@link #record} puts the request into a bounded in-memory buffer ({@code wm.usage.buffer-size}, default 10,000) and
 * returns at once. A flush writes the buffer in batches of at most {@value #BATCH_SIZE} rows, one statement each
 * ({@link UsageWriter}): every {@code wm.usage.flush-millis} (default 1,000), and sooner when a whole batch is
 * waiting. A batch the database refuses is kept, still counting against the bound, and is the first thing the next
 * flush writes; nothing is retried out of order. When the buffer is full a request is not buffered: that is counted
 * ({@code wm.usage.records.dropped}) and logged at most once a minute, never silent. A graceful shutdown writes what
 * is buffered while the data source is still there ({@link #drain}); a crash loses at most what was buffered.
 * <p>
 * Metrics (application scope, never tagged by user or key): {@code wm.usage.records.buffered} (gauge: held in
 * memory, including a batch awaiting retry), {@code wm.usage.records.written}, {@code wm.usage.records.dropped},
 * {@code wm.usage.flush.failures} (counters) and {@code wm.usage.flush.duration} (timer).
 */
@ApplicationScoped
public class UsageRecorder {

    /** The most rows one statement writes. */
    static final int BATCH_SIZE = 1000;

    /** The least time between two log lines about dropped records or failed writes. */
    static final Duration LOG_INTERVAL = Duration.ofMinutes(1);

    /** How often the final flush at shutdown tries a database that refuses the batch. */
    static final int SHUTDOWN_ATTEMPTS = 3;

    static final Metadata BUFFERED = Metadata.builder()
            .withName("wm.usage.records.buffered")
            .withDescription("Usage records held in memory, waiting to be written (a batch awaiting retry included)")
            .build();

    static final Metadata WRITTEN = Metadata.builder()
            .withName("wm.usage.records.written")
            .withDescription("Usage records written to the database")
            .build();

    static final Metadata DROPPED = Metadata.builder()
            .withName("wm.usage.records.dropped")
            .withDescription("Usage records not kept because the buffer was full (or arrived after shutdown)")
            .build();

    static final Metadata FLUSH_FAILURES = Metadata.builder()
            .withName("wm.usage.flush.failures")
            .withDescription("Batches of usage records the database refused; each is kept and retried")
            .build();

    static final Metadata FLUSH_DURATION = Metadata.builder()
            .withName("wm.usage.flush.duration")
            .withDescription("Time to write the buffered usage records")
            .withUnit(MetricUnits.SECONDS)
            .build();

    private static final Logger LOG = Logger.getLogger(UsageRecorder.class.getName());

    @Inject
    UsageWriter writer;

    @Inject
    MetricRegistry metrics;

    @Inject
    QuotaConfig config;

    int capacity;

    long flushMillis;

    private final Queue<MeteredRequest> queue = new ConcurrentLinkedQueue<>();

    /** Records held: queued, being written, or awaiting retry. Never more than {@link #capacity}. */
    private final AtomicInteger held = new AtomicInteger();

    private final LongAdder written = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final AtomicLong droppedSinceNotice = new AtomicLong();
    private final AtomicLong lastDropNotice = new AtomicLong(Long.MIN_VALUE);

    /** Set while an early flush is queued on the executor, so a busy buffer asks for one at a time. */
    private final AtomicBoolean earlyFlushQueued = new AtomicBoolean();

    private final AtomicBoolean draining = new AtomicBoolean();

    /** A batch the database refused, written first by the next flush. Guarded by {@code this}. */
    private List<MeteredRequest> retry = List.of();

    /** Guarded by {@code this}. */
    private long lastFailureNotice = Long.MIN_VALUE;

    private volatile boolean failing;
    private volatile boolean closed;
    private volatile Executor executor;
    private ScheduledFuture<?> flushes;

    private Counter writtenCounter;
    private Counter droppedCounter;
    private Counter failureCounter;
    private Timer flushTimer;

    /** For CDI: the collaborators and settings arrive by field injection. */
    protected UsageRecorder() {
    }

    @PostConstruct
    void configure() {
        capacity = config.usageBufferSize();
        flushMillis = config.usageFlushInterval().toMillis();
    }

    /**
     * For tests in Java SE: no metrics, and flushes run when the test calls them (or, when {@code executor} is given,
     * early flushes run there).
     */
    UsageRecorder(UsageWriter writer, int capacity, Executor executor) {
        this.writer = Objects.requireNonNull(writer, "writer");
        this.capacity = capacity;
        this.executor = executor;
    }

    /**
     * Registers the metrics and starts the periodic flush on the given executor; called once
     * when the web application starts.
     */
    public void startFlushing(ScheduledExecutorService scheduler) {
        registerMetrics();
        executor = scheduler;
        flushes = scheduler.scheduleWithFixedDelay(this::flush, flushMillis, flushMillis, TimeUnit.MILLISECONDS);
    }

    /**
     * Buffers one metered request; cheap enough for every request, and it never blocks. If the buffer is full, the
     * request is counted as dropped instead.
     */
    public void record(MeteredRequest request) {
        Objects.requireNonNull(request, "request");
        if (closed) {
            drop();
            return;
        }
        if (held.incrementAndGet() > capacity) {
            held.decrementAndGet();
            drop();
            return;
        }
        queue.add(request);
        if (held.get() >= earlyFlushThreshold() && !failing) {
            requestEarlyFlush();
        }
    }

    /**
     * Writes everything buffered, batch by batch, until the buffer is empty or the database refuses a batch (which
     * is then kept for the next flush). Never throws: the scheduler would stop for good after an exception.
     *
     * @return {@code true} if the buffer was emptied, {@code false} if a batch is waiting for a retry
     */
    public synchronized boolean flush() {
        long started = System.nanoTime();
        boolean wroteSomething = false;
        try {
            if (!retry.isEmpty()) {
                wroteSomething = true;
                if (!write(retry)) {
                    return false;
                }
                retry = List.of();
            }
            while (true) {
                List<MeteredRequest> batch = takeBatch();
                if (batch.isEmpty()) {
                    return true;
                }
                wroteSomething = true;
                if (!write(batch)) {
                    retry = batch;
                    return false;
                }
            }
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, () -> "flushing usage records failed: " + Failures.describe(e));
            return false;
        } finally {
            if (wroteSomething && flushTimer != null) {
                flushTimer.update(Duration.ofNanos(System.nanoTime() - started));
            }
        }
    }

    /**
     * Writes what is buffered before the application goes, and stops the periodic flush; from then on a record is
     * dropped (and counted) rather than left in a buffer that nobody writes. Called when the web application stops
     * ({@code ServletContextListener.contextDestroyed}), while its data source still works: by the time
     * {@code @BeforeDestroyed(ApplicationScoped.class)} is observed, Payara 6 has already removed the pool of the
     * {@code web.xml} data source ("No Pool Meta Data object associated with the pool").
     * A database that refuses is tried {@value #SHUTDOWN_ATTEMPTS} times; what still cannot be written is logged as
     * lost. Only the first call does anything.
     */
    public void drain() {
        if (!draining.compareAndSet(false, true)) {
            return;
        }
        if (flushes != null) {
            flushes.cancel(false);
        }
        boolean empty = flush();
        for (int attempt = 2; !empty && attempt <= SHUTDOWN_ATTEMPTS; attempt++) {
            pause(Duration.ofMillis(500L * attempt));
            empty = flush();
        }
        closed = true;
        if (empty) {
            // Whatever arrived while the drain ran.
            empty = flush();
        }
        if (empty) {
            LOG.info(() -> "usage records written before shutdown; " + written.sum() + " since the start");
        } else {
            LOG.severe(() -> "shutting down with " + held.get() + " usage records that the database did not take;"
                    + " they are lost");
        }
    }

    /** @return how many records are held in memory (queued or awaiting retry) */
    public int buffered() {
        return held.get();
    }

    /** @return how many records were written since the start */
    public long written() {
        return written.sum();
    }

    /** @return how many records were dropped since the start */
    public long dropped() {
        return dropped.sum();
    }

    private List<MeteredRequest> takeBatch() {
        List<MeteredRequest> batch = new ArrayList<>(Math.min(BATCH_SIZE, Math.max(held.get(), 1)));
        MeteredRequest next;
        while (batch.size() < BATCH_SIZE && (next = queue.poll()) != null) {
            batch.add(next);
        }
        return batch;
    }

    /** @return whether the database took the batch; if not, the batch still counts as held */
    private boolean write(List<MeteredRequest> batch) {
        int inserted;
        try {
            inserted = writer.write(batch);
        } catch (RuntimeException e) {
            failing = true;
            if (failureCounter != null) {
                failureCounter.inc();
            }
            long now = System.nanoTime();
            if (lastFailureNotice == Long.MIN_VALUE || now - lastFailureNotice >= LOG_INTERVAL.toNanos()) {
                lastFailureNotice = now;
                LOG.log(Level.WARNING, "writing " + batch.size() + " usage records failed; they are kept and"
                        + " retried (" + held.get() + " held of at most " + capacity + "): " + Failures.describe(e));
            }
            return false;
        }
        if (failing) {
            failing = false;
            lastFailureNotice = Long.MIN_VALUE;
            LOG.info(() -> "usage records are written again");
        }
        held.addAndGet(-batch.size());
        written.add(inserted);
        if (writtenCounter != null) {
            writtenCounter.inc(inserted);
        }
        if (inserted < batch.size()) {
            LOG.fine(() -> (batch.size() - inserted) + " usage records of since deleted users were left out");
        }
        return true;
    }

    private void drop() {
        dropped.increment();
        if (droppedCounter != null) {
            droppedCounter.inc();
        }
        droppedSinceNotice.incrementAndGet();
        long now = System.nanoTime();
        long last = lastDropNotice.get();
        if ((last == Long.MIN_VALUE || now - last >= LOG_INTERVAL.toNanos()) && lastDropNotice.compareAndSet(last, now)) {
            long count = droppedSinceNotice.getAndSet(0);
            LOG.warning(() -> closed
                    ? count + " usage records arrived after the final flush at shutdown and were dropped"
                    : "usage buffer full (wm.usage.buffer-size " + capacity + "): dropped " + count
                            + " usage records since the last notice; is the database down or too slow?");
        }
    }

    /** A whole batch, or half the buffer if that is less. */
    private int earlyFlushThreshold() {
        return Math.max(1, Math.min(BATCH_SIZE, capacity / 2));
    }

    private void requestEarlyFlush() {
        Executor runner = executor;
        if (runner != null && earlyFlushQueued.compareAndSet(false, true)) {
            try {
                runner.execute(() -> {
                    earlyFlushQueued.set(false);
                    flush();
                });
            } catch (RuntimeException e) {
                // The executor is gone (shutdown) or full: the periodic flush will do it.
                earlyFlushQueued.set(false);
            }
        }
    }

    private void registerMetrics() {
        if (metrics == null) {
            return;
        }
        metrics.gauge(BUFFERED, held::get);
        writtenCounter = metrics.counter(WRITTEN);
        droppedCounter = metrics.counter(DROPPED);
        failureCounter = metrics.counter(FLUSH_FAILURES);
        flushTimer = metrics.timer(FLUSH_DURATION);
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
