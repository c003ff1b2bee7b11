package dev.whitemagic.persistence.embedding;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.whitemagic.domain.embedding.Vectors;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;

/**
 * The sentence-embedding model, run inside the server: all-MiniLM-L6-v2, quantised to int8 (Apache 2.0; 384
 * dimensions), on ONNX Runtime, from the WAR — nothing is downloaded at run time and no provider is called.
 *
 * <p>Loading it takes seconds and some 200 MB, so it loads in the background once the application has started:
 * readiness does not wait for it. Until it is loaded, nothing is embedded (memories wait, pending) and searches find
 * by keyword only. Texts are embedded on the calling thread; the model is safe to share between threads.
 */
@ApplicationScoped
public class Embedder {

    private static final Logger LOG = Logger.getLogger(Embedder.class.getName());

    private final CompletableFuture<EmbeddingModel> model = new CompletableFuture<>();
    private final AtomicBoolean loading = new AtomicBoolean();

    /** Starts loading the model on {@code executor}, once; later calls do nothing. */
    public void startLoading(Executor executor) {
        if (!loading.compareAndSet(false, true)) {
            return;
        }
        executor.execute(() -> {
            long started = System.nanoTime();
            try {
                // The calling thread embeds: a second thread gains nothing on two cores, and stays out of the
                // container's way.
                EmbeddingModel loaded = new LeanMiniLm(Runnable::run);
                loaded.embed("warm up");
                model.complete(loaded);
                LOG.info(() -> "embedding model loaded in " + (System.nanoTime() - started) / 1_000_000 + " ms");
            } catch (RuntimeException | LinkageError e) {
                model.completeExceptionally(e);
                LOG.severe(() -> "the embedding model could not be loaded (" + e.getClass().getName()
                        + "): searches find by keyword only");
            }
        });
    }

    /** Whether the model is loaded and can embed. */
    public boolean ready() {
        return model.isDone() && !model.isCompletedExceptionally();
    }

    /**
     * @return each text's embedding, a unit vector of {@link Vectors#DIMENSIONS} floats, in order
     * @throws IllegalStateException if the model is not loaded
     */
    public List<float[]> embed(List<String> texts) {
        if (!ready()) {
            throw new IllegalStateException("the embedding model is not loaded");
        }
        List<TextSegment> segments = texts.stream().map(TextSegment::from).toList();
        List<Embedding> embeddings = model.join().embedAll(segments).content();
        return embeddings.stream().map(embedding -> Vectors.normalised(embedding.vector())).toList();
    }

    /** The embedding of one text; see {@link #embed(List)}. */
    public float[] embed(String text) {
        return embed(List.of(text)).get(0);
    }
}
