package dev.whitemagic.rest.error;

import java.io.IOException;

/**
 * A request body grew past {@code wm.http.max-body-bytes}. It is an {@link IOException} because it is
 * raised while a body is read, whoever reads it; the mappers find it in any cause chain.
 */
public class PayloadTooLargeException extends IOException {

    private final long limit;

    public PayloadTooLargeException(long limit) {
        super("request body larger than " + limit + " bytes");
        this.limit = limit;
    }

    public long limit() {
        return limit;
    }
}
