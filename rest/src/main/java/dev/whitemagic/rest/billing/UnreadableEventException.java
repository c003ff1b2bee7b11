package dev.whitemagic.rest.billing;

import dev.whitemagic.domain.DomainException;

/** A webhook body that is not a JSON object at all; a readable object with a bad field is an InvalidInputException. */
public class UnreadableEventException extends DomainException {

    public UnreadableEventException() {
        // A fixed text: the parser's own message could echo the body back.
        super("the body is not a JSON object");
    }
}
