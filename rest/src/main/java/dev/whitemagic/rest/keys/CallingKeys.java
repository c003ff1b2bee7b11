package dev.whitemagic.rest.keys;

import dev.whitemagic.auth.CredentialGoneException;
import dev.whitemagic.auth.key.ApiKeys;
import dev.whitemagic.auth.key.Caller;
import dev.whitemagic.auth.usage.KeyUsageRecorder;
import dev.whitemagic.domain.NotFoundException;
import dev.whitemagic.domain.apikey.ApiKey;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;

/**
 * The whoami use case: the calling key as its authentication verified it, with the latest use this node knows of.
 * Answered from memory (no transaction, no query) when the verified caller carries the key's details; they are as
 * fresh as the authentication, and change only through an invalidation that evicts them.
 */
@ApplicationScoped
public class CallingKeys {

    @Inject
    ApiKeys apiKeys;

    @Inject
    KeyUsageRecorder usage;

    /**
     * The calling key: from the verified caller, or read when the caller carries no details of its key.
     *
     * @param caller     the verified caller
     * @param lastUsedAt the later of the stored {@code last_used_at} and this node's latest use (batched writes)
     * @param stored     the key as stored, or {@code null} when answered from the caller
     */
    public record CallingKey(Caller caller, Instant lastUsedAt, ApiKey stored) {
    }

    /** @throws CredentialGoneException if the key was deleted since it was verified */
    public CallingKey of(Caller caller) {
        if (caller.key() != null) {
            return new CallingKey(caller, lastUsedAt(caller), null);
        }
        try {
            ApiKey stored = apiKeys.get(caller.userId(), caller.keyId());
            return new CallingKey(caller, stored.getLastUsedAt(), stored);
        } catch (NotFoundException deletedMeanwhile) {
            throw new CredentialGoneException();
        }
    }

    private Instant lastUsedAt(Caller caller) {
        Instant read = caller.key().lastUsedAt();
        Instant known = usage.lastUse(caller.keyId()).orElse(null);
        if (read == null) {
            return known;
        }
        return known == null || read.isAfter(known) ? read : known;
    }
}
