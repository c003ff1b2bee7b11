package dev.whitemagic.persistence.embedding;

/** A search by meaning came before the embedding model was loaded (seconds after a start): it can be retried. */
public class EmbeddingsUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public EmbeddingsUnavailableException() {
        super("the embedding model is still loading", null, false, false);
    }
}
