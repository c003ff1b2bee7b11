package dev.whitemagic.rest.memories;

import dev.whitemagic.domain.memory.Memory;
import dev.whitemagic.persistence.memory.MemoryAccessWriter;
import dev.whitemagic.persistence.memory.MemoryAccessWriter.MemoryRead;
import dev.whitemagic.persistence.metrics.Metrics;
import dev.whitemagic.persistence.writebehind.WriteBehind;
import dev.whitemagic.rest.RestConfig;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Keeps {@code memories.accessed_at} current to within a minute (reads are batched, as the API promises) without a write, or even a transaction,
 * on {@code GET /memories/{id}}: a read whose stored {@code accessed_at} is more than {@link #RESOLUTION} old is noted
 * here (a map operation), and a {@link WriteBehind} writes every noted read in one statement every
 * {@code wm.memories.access-flush-seconds} (default 15), and a last time when the application stops. Only reads not
 * yet written are held, at most one per memory; a read stays noted until its write has committed, so a request that
 * loads the memory meanwhile still finds the noted time here, not the column's older value. Metrics:
 * {@code wm_memories_reads_buffered}, {@code _written_total}, {@code _dropped_total},
 * {@code wm_memories_reads_flush_failures_total} and {@code _duration_seconds}.
 */
@ApplicationScoped
public class MemoryAccesses {

    /** accessed_at is written at most about this often per memory: reads stay reads. */
    static final Duration RESOLUTION = Duration.ofMinutes(1);

    /** Reads not yet written, by memory id. */
    private final ConcurrentMap<UUID, MemoryRead> pending = new ConcurrentHashMap<>();

    @Inject
    MemoryAccessWriter writer;

    @Inject
    RestConfig config;

    @Inject
    Metrics metrics;

    private WriteBehind<MemoryRead> writeBehind;

    /** For CDI: the collaborators arrive by field injection. */
    protected MemoryAccesses() {
    }

    /** For tests in Java SE: flushes are called by the test. */
    MemoryAccesses(MemoryAccessWriter writer) {
        this.writer = writer;
        configure(Duration.ofSeconds(15));
    }

    @PostConstruct
    void configure() {
        configure(config.accessFlushInterval());
    }

    private void configure(Duration interval) {
        writeBehind = new WriteBehind<>(WriteBehind.Settings.periodic("memory reads", "wm_memories_reads", interval),
                new Buffer(), WriteBehind.writingAll(writer::write));
    }

    /** Registers the metrics and starts the periodic flush; called once when the web application starts. */
    public void startFlushing(ScheduledExecutorService scheduler) {
        writeBehind.start(scheduler, metrics);
    }

    /** Writes what is pending and stops the periodic flush; called when the web application stops. */
    public void drain() {
        writeBehind.drain();
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

    /** Writes every noted read; never throws (a refused batch stays noted for the next flush). */
    public void flush() {
        writeBehind.flush();
    }

    /** @return how many reads wait to be written */
    int pendingReads() {
        return pending.size();
    }

    /** The noted reads; a batch leaves the map only once written, and only if no newer read replaced it. */
    private final class Buffer implements WriteBehind.Buffer<MemoryRead> {

        @Override
        public List<MemoryRead> take(int max) {
            return pending.values().stream().limit(max).toList();
        }

        @Override
        public void written(List<MemoryRead> batch) {
            for (MemoryRead read : batch) {
                pending.remove(read.memoryId(), read);
            }
        }

        @Override
        public void refused(List<MemoryRead> batch) {
            // Still noted: nothing to put back.
        }

        @Override
        public int size() {
            return pending.size();
        }
    }
}
