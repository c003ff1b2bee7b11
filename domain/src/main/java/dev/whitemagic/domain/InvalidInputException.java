package dev.whitemagic.domain;

/** A value a client sent breaks a business rule that Bean Validation on the request could not express. */
public class InvalidInputException extends DomainException {

    private final String field;

    /**
     * @param field the offending field as the client named it (snake_case), e.g. {@code plan_tier}
     */
    public InvalidInputException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
