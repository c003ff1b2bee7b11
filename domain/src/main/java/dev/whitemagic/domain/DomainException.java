package dev.whitemagic.domain;

/**
 * The base of every failure the business rules raise on purpose. Unchecked, and free of HTTP: only the
 * REST layer turns these into answers.
 */
public abstract class DomainException extends RuntimeException {

    protected DomainException(String message) {
        super(message);
    }
}
