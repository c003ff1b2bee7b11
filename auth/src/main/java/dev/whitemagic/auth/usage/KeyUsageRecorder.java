package dev.whitemagic.auth.usage;

import dev.whitemagic.auth.AuthConfig;
import dev.whitemagic.auth.key.Caller;
import dev.whitemagic.persistence.apikey.KeyUsageWriter;
import dev.whitemagic.persistence.apikey.KeyUsageWriter.KeyUse;
import dev.whitemagic.persistence.metrics.Metrics;
import dev.whitemagic.persistence.writebehind.WriteBehind;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Keeps {@code api_keys.last_used_at} and {@code users.last_seen_at} current without an UPDATE per request.
 * <p>
 * {@link #used} is a map operation: it records the latest use of a key, or nothing at all if that key's last use
 * was written less than {@link #WRITE_INTERVAL} ago. A {@link WriteBehind} writes every pending use in one batch
 * every {@code wm.auth.usage.flush-seconds} (default 15), and a last time when the web application stops
 * ({@link #drain}); a refused batch is merged back and written with the next flush. Metrics:
 * {@code wm_keys_uses_buffered}, {@code _written_total}, {@code _dropped_total},
 * {@code wm_keys_uses_flush_failures_total} and {@code _duration_seconds}. So the columns lag real use by at most the interval plus one flush period, and each key costs at
 * most one row update a minute. Only keys used within the last interval stay in memory.
 */
@ApplicationScoped
public class KeyUsageRecorder {

    /**
     * Write a key's use at most this often. With the 15 s flush period this keeps the columns within a
     * minute of real use (45 + 15 s) while writing each key less than twice a minute.
     */
    static final Duration WRITE_INTERVAL = Duration.ofSeconds(45);

    /**
     * What is known of one key.
     *
     * @param pending the latest use not yet written, or null
     * @param written the latest use written, or null if none (or if the last write failed)
     */
    private record KeyState(UUID userId, Instant pending, Instant written) {

        boolean writtenRecently(Instant now) {
            return written != null && now.isBefore(written.plus(WRITE_INTERVAL));
        }
    }

    private final ConcurrentMap<UUID, KeyState> keys = new ConcurrentHashMap<>();

    @Inject
    KeyUsageWriter writer;

    @Inject
    Clock clock;

    @Inject
    AuthConfig config;

    @Inject
    Metrics metrics;

    private WriteBehind<KeyUse> writeBehind;

    /** For CDI: the collaborators arrive by field injection. */
    protected KeyUsageRecorder() {
    }

    /** For tests in Java SE: flushes are called by the test. */
    KeyUsageRecorder(KeyUsageWriter writer, Clock clock) {
        this.writer = writer;
        this.clock = clock;
        configure(Duration.ofSeconds(15));
    }

    @PostConstruct
    void configure() {
        configure(config.usageFlushInterval());
    }

    private void configure(Duration interval) {
        writeBehind = new WriteBehind<>(WriteBehind.Settings.periodic("key uses", "wm_keys_uses", interval),
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
     * Notes that the caller's key was used; cheap enough for every request.
     *
     * @param now the time of the request
     */
    public void used(Caller caller, Instant now) {
        KeyState known = keys.get(caller.keyId());
        if (known != null && known.writtenRecently(now)) {
            return;
        }
        keys.compute(caller.keyId(), (keyId, state) -> {
            if (state == null) {
                return new KeyState(caller.userId(), now, null);
            }
            if (state.writtenRecently(now) || (state.pending() != null && !now.isAfter(state.pending()))) {
                return state;
            }
            return new KeyState(state.userId(), now, state.written());
        });
    }

    /**
     * The latest use of a key this node knows of: pending (not yet written) or written by this node within the last
     * {@link #WRITE_INTERVAL}. After {@link #used} for a request this is that request's time or a written use less
     * than {@link #WRITE_INTERVAL} older, so it is what {@code last_used_at} will say (or a fresher value).
     *
     * @return empty if this node has no use of the key in memory
     */
    public Optional<Instant> lastUse(UUID keyId) {
        KeyState state = keys.get(keyId);
        if (state == null) {
            return Optional.empty();
        }
        Instant pending = state.pending();
        Instant written = state.written();
        if (pending == null) {
            return Optional.ofNullable(written);
        }
        return Optional.of(written == null || pending.isAfter(written) ? pending : written);
    }

    /** Writes every pending use; never throws (a refused batch is merged back for the next flush). */
    public void flush() {
        writeBehind.flush();
    }

    /** @return how many keys are held in memory; tests check the bound */
    int trackedKeys() {
        return keys.size();
    }

    /** Pending uses are taken out of the map (marked written) and merged back if the database refuses them. */
    private final class Buffer implements WriteBehind.Buffer<KeyUse> {

        @Override
        public List<KeyUse> take(int max) {
            return takePending(max);
        }

        @Override
        public void written(List<KeyUse> batch) {
            // Marked written when taken.
        }

        @Override
        public void refused(List<KeyUse> batch) {
            putBack(batch);
        }

        @Override
        public int size() {
            return (int) keys.values().stream().filter(state -> state.pending() != null).count();
        }
    }

    private List<KeyUse> takePending(int max) {
        Instant now = clock.instant();
        List<KeyUse> batch = new ArrayList<>();
        for (UUID keyId : keys.keySet()) {
            if (batch.size() >= max) {
                break;
            }
            keys.computeIfPresent(keyId, (id, state) -> {
                if (state.pending() != null) {
                    batch.add(new KeyUse(id, state.userId(), state.pending()));
                    return new KeyState(state.userId(), null, state.pending());
                }
                // Nothing to write and the next use would be written anyway: forget the key.
                return state.writtenRecently(now) ? state : null;
            });
        }
        return batch;
    }

    private void putBack(List<KeyUse> batch) {
        for (KeyUse use : batch) {
            keys.compute(use.keyId(), (id, state) -> {
                Instant pending = state == null || state.pending() == null || use.at().isAfter(state.pending())
                        ? use.at() : state.pending();
                return new KeyState(use.userId(), pending, null);
            });
        }
    }
}
