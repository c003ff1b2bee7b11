package dev.whitemagic.domain;

/**
 * The thing asked for does not exist for this caller. Another user's thing is reported the same way, so a
 * caller cannot tell the two apart.
 */
public class NotFoundException extends DomainException {

    public NotFoundException(String message) {
        super(message);
    }
}
