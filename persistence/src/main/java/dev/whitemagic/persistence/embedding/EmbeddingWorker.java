package dev.whitemagic.persistence.embedding;

import dev.whitemagic.domain.embedding.Chunks;
import dev.whitemagic.domain.embedding.Vectors;
import dev.whitemagic.persistence.Failures;
import dev.whitemagic.persistence.metrics.Counter;
import dev.whitemagic.persistence.metrics.Metrics;
import dev.whitemagic.persistence.metrics.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Keeps the stored embeddings in step with the memories, off the request path: on one thread of its own (a managed
 * thread; embedding keeps a core busy for seconds, which the shared scheduler's other work must not wait for), it
 * first loads the model, then takes the memories waiting to be embedded (new, changed, or older than search by meaning — the most recently
 * changed first), cuts each into {@link Chunks}, embeds the chunks whose text changed (the others keep their
 * vectors), and stores them if the memory has not changed meanwhile. A deleted memory's chunks go with it.
 *
 * <p>It looks every {@value #PERIOD_MILLIS} ms and, while memories keep waiting (after an upgrade, a burst of
 * writes), goes on batch after batch, so a new memory is embedded within about a second and a backlog at the
 * model's speed. Failures are logged at most once a minute and retried.
 */
@ApplicationScoped
public class EmbeddingWorker {

    /** Memories taken at a time. */
    static final int BATCH = 32;

    static final long PERIOD_MILLIS = 500;

    private static final Logger LOG = Logger.getLogger(EmbeddingWorker.class.getName());

    /** A chunk of a memory, and its stored vector if its text has not changed. */
    private record Planned(Chunks.Chunk chunk, byte[] textSha256, byte[] reused) {
    }

    @Inject
    EmbeddingRepository repository;

    @Inject
    Embedder embedder;

    private Counter memoriesEmbedded;
    private Counter chunksEmbedded;
    private Timer batches;
    private Thread thread;
    private volatile boolean stopped;
    private long lastFailureLogged;

    /** For CDI: the collaborators arrive by injection. */
    protected EmbeddingWorker() {
    }

    /** For tests in Java SE (no metrics, no scheduler: tests call {@link #runOnce} themselves). */
    public EmbeddingWorker(EmbeddingRepository repository, Embedder embedder) {
        this.repository = repository;
        this.embedder = embedder;
    }

    /**
     * Registers the metrics and starts the worker's thread, which loads the model and then embeds; called once when
     * the web application starts.
     *
     * @param threads the container's managed thread factory
     * @param metrics the application's registry, or {@code null} for none
     */
    public void start(ThreadFactory threads, Metrics metrics) {
        if (metrics != null) {
            metrics.gauge("wm_embeddings_pending", "Memories waiting to be embedded (new, changed, or from before"
                    + " search by meaning)", () -> {
                        try {
                            return repository.pendingTotal();
                        } catch (RuntimeException e) {
                            return Double.NaN;
                        }
                    });
            memoriesEmbedded = metrics.counter("wm_embeddings_memories_total", "Memories embedded (all their chunks"
                    + " stored)");
            chunksEmbedded = metrics.counter("wm_embeddings_chunks_total", "Chunks run through the embedding model"
                    + " (a chunk whose text did not change keeps its vector and is not counted)");
            batches = metrics.timer("wm_embeddings_batch_duration_seconds", "Time to embed and store one batch of"
                    + " up to " + BATCH + " memories");
        }
        thread = threads.newThread(this::work);
        thread.setName("wm-embeddings");
        thread.setDaemon(true);
        thread.start();
    }

    /** Stops the worker; a batch in progress finishes (it waits briefly for it). */
    public void stop() {
        stopped = true;
        if (thread != null) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void work() {
        embedder.startLoading(Runnable::run);
        // Loading the model was the start's last large piece of work (some 200 MB of short-lived heap on top of the
        // deployment's). The heap gives back its free part only after a full collection, which a server that sits
        // idle or serves small requests may not run for hours: one now lets it shrink to what is live (~70 MB of
        // a ~190 MB heap on Payara Micro's defaults), for a pause of a fraction of a second, once.
        System.gc();
        while (!stopped) {
            int taken = 0;
            try {
                taken = runOnce();
            } catch (RuntimeException e) {
                long now = System.nanoTime();
                if (lastFailureLogged == 0 || now - lastFailureLogged > TimeUnit.MINUTES.toNanos(1)) {
                    lastFailureLogged = now;
                    LOG.warning(() -> "embedding memories failed; retried shortly: " + Failures.describe(e));
                }
            }
            if (taken < BATCH) {
                // Nothing more waits (or the database failed): look again shortly.
                try {
                    Thread.sleep(PERIOD_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    /**
     * Embeds one batch of waiting memories, if the model is loaded.
     *
     * @return how many memories were taken (0 while the model loads or nothing waits)
     */
    public int runOnce() {
        if (!embedder.ready()) {
            return 0;
        }
        long started = System.nanoTime();
        List<EmbeddingRepository.Pending> pending = repository.pending(BATCH);
        if (pending.isEmpty()) {
            return 0;
        }
        Map<UUID, List<EmbeddingRepository.StoredChunk>> stored =
                repository.stored(pending.stream().map(EmbeddingRepository.Pending::memoryId).toList());
        List<String> texts = new ArrayList<>();
        List<List<Planned>> plans = new ArrayList<>();
        for (EmbeddingRepository.Pending memory : pending) {
            List<Chunks.Chunk> chunks = Chunks.of(memory.title(), memory.tags(), memory.content());
            List<EmbeddingRepository.StoredChunk> before = stored.getOrDefault(memory.memoryId(), List.of());
            List<Planned> plan = new ArrayList<>();
            for (int i = 0; i < chunks.size(); i++) {
                byte[] sha = sha256(chunks.get(i).text());
                byte[] reused = i < before.size() && before.get(i).chunk() == i
                        && Arrays.equals(before.get(i).textSha256(), sha) ? before.get(i).vector() : null;
                if (reused == null) {
                    texts.add(chunks.get(i).text());
                }
                plan.add(new Planned(chunks.get(i), sha, reused));
            }
            plans.add(plan);
        }
        List<float[]> vectors = texts.isEmpty() ? List.of() : embedder.embed(texts);
        List<EmbeddingRepository.Embedded> embedded = new ArrayList<>(pending.size());
        int next = 0;
        for (int m = 0; m < pending.size(); m++) {
            EmbeddingRepository.Pending memory = pending.get(m);
            List<EmbeddingRepository.NewChunk> chunks = new ArrayList<>();
            int index = 0;
            for (Planned planned : plans.get(m)) {
                byte[] vector = planned.reused() != null ? planned.reused() : Vectors.toBytes(vectors.get(next++));
                chunks.add(new EmbeddingRepository.NewChunk(index++, planned.textSha256(), planned.chunk().snippet(),
                        vector));
            }
            embedded.add(new EmbeddingRepository.Embedded(memory.memoryId(), memory.userId(), memory.version(),
                    chunks));
        }
        int saved = repository.save(embedded);
        if (memoriesEmbedded != null) {
            memoriesEmbedded.add(saved);
            chunksEmbedded.add(texts.size());
            batches.observeNanos(System.nanoTime() - started);
        }
        return pending.size();
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
