package dev.whitemagic.persistence.embedding;

import java.util.concurrent.TimeUnit;

/** Loads the real model for a test, on a thread of its own as the worker does, and waits for it (60 s at most). */
final class LoadedEmbedder {

    private LoadedEmbedder() {
    }

    static <T extends Embedder> T load(T embedder) {
        embedder.startLoading(task -> new Thread(task).start());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        try {
            while (!embedder.ready() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!embedder.ready()) {
            throw new AssertionError("the embedding model did not load within 60 s");
        }
        return embedder;
    }
}
