package dev.whitemagic.persistence.writebehind;

import dev.whitemagic.persistence.Failures;
import dev.whitemagic.persistence.metrics.Counter;
import dev.whitemagic.persistence.metrics.Metrics;
import dev.whitemagic.persistence.metrics.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.ToIntFunction;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Writes what requests note down behind their backs: a {@link Buffer} fills as requests come, and a flush writes it
 * in batches of at most {@link Settings#batchSize()} on a fixed delay, sooner when {@link #offered} finds
 * {@link Settings#earlyFlushAt()} items waiting. A batch the database refuses stays in the buffer (the buffer decides
 * how: first in line, or merged with newer items) and the flush stops until the next one. The one log line per
 * failure streak, and the line when writes work again, are at most one a minute.
 * <p>
 * {@link #drain} is the last write, called when the web application stops: that is the last moment its data source
 * works (by the time a CDI {@code @BeforeDestroyed(ApplicationScoped.class)} observer runs, Payara has removed the
 * pool of the {@code web.xml} data source). It tries {@link Settings#shutdownAttempts()} times, then reports what is
 * lost; after it, {@link #closed()} is true and the owner drops (and counts) what still arrives.
 * <p>
 * Metrics, when a registry is given to {@link #start}: {@code <records>.buffered} (gauge), {@code <records>.written},
 * {@code <records>.dropped}, {@code <flush>.failures} (counters) and {@code <flush>.duration} (timer).
 *
 * @param <T> what is written, one row each
 */
public final class WriteBehind<T> {

    /** The least time between two log lines about failed writes or dropped items. */
    public static final Duration LOG_INTERVAL = Duration.ofMinutes(1);

    private static final Logger LOG = Logger.getLogger(WriteBehind.class.getName());

    /**
     * What is waiting to be written. Implementations are thread-safe: requests add while a flush takes; a flush runs
     * on one thread at a time.
     */
    public interface Buffer<T> {

        /** The next batch to write, at most {@code max} items, oldest (or a refused batch) first; empty when none. */
        List<T> take(int max);

        /** The batch was written. */
        void written(List<T> batch);

        /** The database refused the batch: keep it to be written again. */
        void refused(List<T> batch);

        /** How many items wait, a refused batch included. */
        int size();
    }

    /**
     * @param what             what is written, plural, for log lines ({@code "usage records"})
     * @param recordsMetric    the prefix of the buffered, written and dropped metrics ({@code wm_usage_records})
     * @param flushMetric      the prefix of the failures and duration metrics ({@code wm_usage_flush})
     * @param batchSize        the most items one statement writes
     * @param interval         the delay between flushes
     * @param earlyFlushAt     how many waiting items ask for a flush before its time
     * @param shutdownAttempts how often {@link #drain} tries a database that refuses
     */
    public record Settings(String what, String recordsMetric, String flushMetric, int batchSize, Duration interval,
                           int earlyFlushAt, int shutdownAttempts) {

        /**
         * A buffer written only on its interval (no early flush), 1,000 rows a statement, tried three times at
         * shutdown: the shape of the buffers that hold at most one row per key or memory.
         *
         * @param metric the prefix of every metric: {@code <metric>_buffered}, {@code <metric>_flush_failures_total}, …
         */
        public static Settings periodic(String what, String metric, Duration interval) {
            return new Settings(what, metric, metric + "_flush", 1_000, interval, Integer.MAX_VALUE, 3);
        }

        public Settings {
            Objects.requireNonNull(what, "what");
            Objects.requireNonNull(recordsMetric, "recordsMetric");
            Objects.requireNonNull(flushMetric, "flushMetric");
            if (batchSize < 1 || earlyFlushAt < 1 || shutdownAttempts < 1 || interval.toMillis() < 1) {
                throw new IllegalArgumentException("batch size, early flush, shutdown attempts and interval must be"
                        + " positive");
            }
        }
    }

    private final Settings settings;
    private final Buffer<T> buffer;
    private final ToIntFunction<List<T>> writer;

    private final LongAdder written = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final AtomicLong droppedSinceNotice = new AtomicLong();
    private final AtomicLong lastDropNotice = new AtomicLong(Long.MIN_VALUE);
    private final AtomicBoolean earlyFlushQueued = new AtomicBoolean();
    private final AtomicBoolean draining = new AtomicBoolean();

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

    /**
     * @param writer writes one batch in one statement and returns how many rows it wrote (fewer than given when rows
     *               lost their meaning meanwhile, e.g. a deleted user's); throws if the database refused the batch
     */
    public WriteBehind(Settings settings, Buffer<T> buffer, ToIntFunction<List<T>> writer) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.buffer = Objects.requireNonNull(buffer, "buffer");
        this.writer = Objects.requireNonNull(writer, "writer");
    }

    /**
     * For writers that write every row they are given: the rows written are the batch.
     *
     * @param writer writes one batch in one statement; throws if the database refused it
     */
    public static <T> ToIntFunction<List<T>> writingAll(Consumer<List<T>> writer) {
        return batch -> {
            writer.accept(batch);
            return batch.size();
        };
    }

    /**
     * Registers the metrics and starts the periodic flush; called once when the web application starts.
     *
     * @param metrics the application's registry, or {@code null} for none
     */
    public void start(ScheduledExecutorService scheduler, Metrics metrics) {
        if (metrics != null) {
            String what = capitalised(settings.what());
            String records = settings.recordsMetric();
            String flush = settings.flushMetric();
            metrics.gauge(records + "_buffered", what + " waiting to be written (a refused batch included)",
                    buffer::size);
            writtenCounter = metrics.counter(records + "_written_total", what + " written to the database");
            droppedCounter = metrics.counter(records + "_dropped_total", what + " not kept: the buffer was full, or"
                    + " they arrived after shutdown");
            failureCounter = metrics.counter(flush + "_failures_total", what + " batches the database refused; each"
                    + " is kept and retried");
            flushTimer = metrics.timer(flush + "_duration_seconds", what + " time to write the buffer");
        }
        executor = scheduler;
        long millis = settings.interval().toMillis();
        flushes = scheduler.scheduleWithFixedDelay(this::flush, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** For tests without a scheduler: early flushes run on this executor (or not at all without one). */
    public void runEarlyFlushesOn(Executor runner) {
        executor = runner;
    }

    /** Tells the flush that an item was added: with enough waiting, a flush runs before its time. */
    public void offered() {
        if (!failing && buffer.size() >= settings.earlyFlushAt()) {
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
    }

    /**
     * Counts an item the owner did not keep (its buffer was full, or it came after {@link #drain}); logged at most
     * once a minute, never silent.
     *
     * @param reason why, for the log line when the buffer is full
     */
    public void dropped(String reason) {
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
                    ? count + " " + settings.what() + " arrived after the final flush at shutdown and were dropped"
                    : reason + ": dropped " + count + " " + settings.what() + " since the last notice");
        }
    }

    /**
     * Writes the buffer, batch by batch, until it is empty or the database refuses a batch (kept for the next
     * flush). Never throws: a scheduler stops for good after an exception.
     *
     * @return {@code true} if the buffer was emptied, {@code false} if something waits for a retry
     */
    public synchronized boolean flush() {
        long started = System.nanoTime();
        boolean wroteSomething = false;
        try {
            while (true) {
                List<T> batch = buffer.take(settings.batchSize());
                if (batch.isEmpty()) {
                    return true;
                }
                wroteSomething = true;
                if (!write(batch)) {
                    return false;
                }
            }
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, () -> "flushing " + settings.what() + " failed: " + Failures.describe(e));
            return false;
        } finally {
            if (wroteSomething && flushTimer != null) {
                flushTimer.observeNanos(System.nanoTime() - started);
            }
        }
    }

    /**
     * The last write before the application goes; stops the periodic flush. Only the first call does anything.
     */
    public void drain() {
        if (!draining.compareAndSet(false, true)) {
            return;
        }
        if (flushes != null) {
            flushes.cancel(false);
        }
        boolean empty = flush();
        for (int attempt = 2; !empty && attempt <= settings.shutdownAttempts(); attempt++) {
            pause(Duration.ofMillis(500L * attempt));
            empty = flush();
        }
        closed = true;
        if (empty) {
            // Whatever arrived while the drain ran.
            empty = flush();
        }
        if (empty) {
            LOG.info(() -> settings.what() + " written before shutdown; " + written.sum() + " since the start");
        } else {
            LOG.severe(() -> "shutting down with " + buffer.size() + " " + settings.what()
                    + " that the database did not take; they are lost");
        }
    }

    /** Whether {@link #drain} has run: what arrives now is never written. */
    public boolean closed() {
        return closed;
    }

    /** @return how many rows were written since the start */
    public long written() {
        return written.sum();
    }

    /** @return how many items were dropped since the start */
    public long droppedCount() {
        return dropped.sum();
    }

    /** @return whether the last write failed */
    public boolean failing() {
        return failing;
    }

    private boolean write(List<T> batch) {
        int rows;
        try {
            rows = writer.applyAsInt(batch);
        } catch (RuntimeException e) {
            failing = true;
            buffer.refused(batch);
            if (failureCounter != null) {
                failureCounter.inc();
            }
            long now = System.nanoTime();
            if (lastFailureNotice == Long.MIN_VALUE || now - lastFailureNotice >= LOG_INTERVAL.toNanos()) {
                lastFailureNotice = now;
                LOG.log(Level.WARNING, "writing " + batch.size() + " " + settings.what() + " failed; they are kept"
                        + " and retried (" + buffer.size() + " waiting): " + Failures.describe(e));
            }
            return false;
        }
        buffer.written(batch);
        if (failing) {
            failing = false;
            lastFailureNotice = Long.MIN_VALUE;
            LOG.info(() -> settings.what() + " are written again");
        }
        written.add(rows);
        if (writtenCounter != null) {
            writtenCounter.add(rows);
        }
        return true;
    }

    private static String capitalised(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
