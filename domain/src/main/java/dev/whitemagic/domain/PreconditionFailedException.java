package dev.whitemagic.domain;

/** A conditional request's precondition does not hold, e.g. an {@code If-Match} ETag that is stale. */
public class PreconditionFailedException extends DomainException {

    public PreconditionFailedException(String message) {
        super(message);
    }
}
