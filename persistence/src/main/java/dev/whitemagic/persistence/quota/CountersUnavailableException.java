package dev.whitemagic.persistence.quota;

/**
 * The database could not count or read a request's counters (down, or no connection in time). The request cannot be
 * judged, so it is refused as unavailable rather than admitted uncounted.
 */
public class CountersUnavailableException extends RuntimeException {

    public CountersUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
