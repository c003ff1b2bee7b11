package dev.whitemagic.auth;

import dev.whitemagic.domain.DomainException;

/** The caller's key lacks a scope that the operation needs, or asked to grant a scope it does not hold. */
public class InsufficientScopeException extends DomainException {

    public InsufficientScopeException(String message) {
        super(message);
    }
}
