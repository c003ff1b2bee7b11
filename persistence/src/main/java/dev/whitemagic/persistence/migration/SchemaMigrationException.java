package dev.whitemagic.persistence.migration;

/**
 * The database schema could not be brought up to date; thrown while the session factory is built, so the
 * persistence unit (and with it the deployment) does not start.
 */
public class SchemaMigrationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    SchemaMigrationException(String message, Throwable cause) {
        super(message, cause);
    }
}
