package dev.whitemagic.persistence.health;

/**
 * A request that needs the database came while the database cannot be reached ({@link DatabaseOutage}): it was not
 * tried, and can be retried shortly.
 */
public class DatabaseUnreachableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public DatabaseUnreachableException() {
        super("the database cannot be reached", null, false, false);
    }
}
