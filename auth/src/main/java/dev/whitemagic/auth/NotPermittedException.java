package dev.whitemagic.auth;

import dev.whitemagic.domain.DomainException;

/**
 * The calling key may not do this, whatever its scopes: a key replaced by a rotation that tries to manage keys, or
 * a key that tries to rotate one that outlives it. Answered {@code 403 forbidden}.
 */
public class NotPermittedException extends DomainException {

    public NotPermittedException(String message) {
        super(message);
    }
}
