package dev.whitemagic.auth.key;

import java.util.UUID;

/**
 * A CDI event: what any node may have cached about a key, or about every key of a user, is no longer
 * true (revocation, rotation, deletion, plan change). Fired inside the transaction that made the change.
 *
 * @param keyId the key, or null for every key of the user
 */
public record CallerInvalidated(UUID userId, UUID keyId) {

    public static CallerInvalidated key(UUID userId, UUID keyId) {
        return new CallerInvalidated(userId, keyId);
    }

    public static CallerInvalidated user(UUID userId) {
        return new CallerInvalidated(userId, null);
    }
}
