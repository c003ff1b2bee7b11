package dev.whitemagic.rest.billing;

import dev.whitemagic.domain.DomainException;

/** A webhook request whose signature is missing or does not match its body under any configured secret. */
public class InvalidSignatureException extends DomainException {

    public InvalidSignatureException() {
        super("the " + WhopSecrets.HEADER + " header is missing or is not the HMAC-SHA256 of the body");
    }
}
