package dev.whitemagic.rest.billing;

import java.util.Locale;

/** What handling one webhook event came to. */
public enum WebhookOutcome {
    /** The event was recorded as its membership's latest state, and the account (if any) follows it. */
    APPLIED,
    /** The event id was handled before: nothing changed. */
    DUPLICATE,
    /**
     * An event of the same membership with a later time was applied before, or the event has no time and one with a
     * time was applied before: nothing changed.
     */
    STALE,
    /** The event names no account that exists or could be made (no email): recorded, nothing changed. */
    IGNORED,
    /** Billing does not know the type: neither recorded nor acted upon. */
    UNKNOWN_TYPE;

    /** @return the outcome as stored and counted, e.g. {@code applied} */
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }
}
