package dev.whitemagic.domain;

/** The request is well formed but collides with the current state (a duplicate, a wrong status). */
public class ConflictException extends DomainException {

    public ConflictException(String message) {
        super(message);
    }
}
