package dev.whitemagic.rest.memories;

import dev.whitemagic.domain.memory.Memory;
import dev.whitemagic.persistence.Failures;
import dev.whitemagic.persistence.memory.MemoryAccessWriter;
import dev.whitemagic.persistence.memory.MemoryAccessWriter.MemoryRead;
import jakarta.enterprise.context.ApplicationScoped;
import dev.whitemagic.rest.RestConfig;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps {@code memories.accessed_at} current to within a minute (reads are batched, as the API promises) without a write, or even a transaction,
 * on {@code GET /memories/{id}}: a read whose stored {@code accessed_at} is more than {@link #RESOLUTION} old is noted
 * here (a map operation), and a periodic {@link #flush} ({@code wm.memories.access-flush-seconds}, default 15) writes
 * every noted read in one statement. A last flush runs when the application stops. Only reads not yet written are
 * held, at most one per memory.
 */
@ApplicationScoped
public class MemoryAccesses {

    /** accessed_at is written at most about this often per memory: reads stay reads. */
    static final Duration RESOLUTION = Duration.ofMinutes(1);

    private static final Logger LOG = Logger.getLogger(MemoryAccesses.class.getName());

    /** Reads not yet written, by memory id. */
    private final ConcurrentMap<UUID, MemoryRead> pending = new ConcurrentHashMap<>();

    @Inject
    MemoryAccessWriter writer;

    @Inject
    RestConfig config;

    private ScheduledFuture<?> flushes;

    /** For CDI: the collaborators arrive by field injection. */
    protected MemoryAccesses() {
    }

    /** For tests in Java SE: flushes are called by the test. */
    MemoryAccesses(MemoryAccessWriter writer) {
        this.writer = writer;
    }

    /** Starts the periodic flush; called once when the web application starts. */
    public void startFlushing(ScheduledExecutorService executor) {
        long millis = config.accessFlushInterval().toMillis();
        flushes = executor.scheduleAtFixedRate(this::flush, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** Stops the periodic flush and writes what is pending (while the data source still works). */
    public void drain() {
        if (flushes != null) {
            flushes.cancel(false);
        }
        flush();
    }

    /**
     * Notes a read of the memory (loaded for its owner) and moves the loaded, detached entity's {@code accessed_at}
     * to what the column will say, so that the answer shows it.
     *
     * @param now the time of the request
     */
    public void read(Memory memory, Instant now) {
        MemoryRead known = pending.get(memory.getId());
        if (known != null) {
            // Written with the next flush; the answer shows it already.
            memory.touch(known.at());
        }
        Instant stored = memory.getAccessedAt();
        if (stored != null && !stored.plus(RESOLUTION).isBefore(now)) {
            return;
        }
        Instant at = now.truncatedTo(ChronoUnit.MICROS);
        pending.merge(memory.getId(), new MemoryRead(memory.getId(), memory.getUserId(), at),
                (old, fresh) -> fresh.at().isAfter(old.at()) ? fresh : old);
        memory.touch(at);
    }

    /** Writes every noted read in one batch. Never throws: a failed batch is kept and retried by the next flush. */
    public synchronized void flush() {
        try {
            // Reads stay noted until their write has committed: a request that loads the memory meanwhile still
            // finds the noted time here, not the column's older value.
            List<MemoryRead> batch = new ArrayList<>(pending.values());
            if (batch.isEmpty()) {
                return;
            }
            try {
                writer.write(batch);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, () -> "writing the reads of " + batch.size() + " memories failed; retrying"
                        + " with the next flush: " + Failures.describe(e));
                return;
            }
            for (MemoryRead read : batch) {
                pending.remove(read.memoryId(), read); // a newer read noted meanwhile stays for the next flush
            }
        } catch (RuntimeException e) {
            // The scheduler would stop for good after an exception.
            LOG.log(Level.SEVERE, () -> "flushing memory reads failed: " + Failures.describe(e));
        }
    }

    /** @return how many reads wait to be written */
    int pendingReads() {
        return pending.size();
    }
}
