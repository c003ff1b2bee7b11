package dev.whitemagic.rest.keys;

import dev.whitemagic.auth.key.KeyEnvironment;
import dev.whitemagic.auth.key.NewKey;
import dev.whitemagic.auth.key.Scope;
import dev.whitemagic.domain.InvalidInputException;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/** Turns a key request into the key service's command, with the rules no annotation can say. */
public final class KeyRequests {

    private KeyRequests() {
    }

    public static NewKey newKey(CreateKeyRequest body, Instant now) {
        if (body.expiresInDays() != null && body.expiresAt() != null) {
            throw new InvalidInputException("expires_at", "give expires_in_days or expires_at, not both");
        }
        Instant expiresAt = body.expiresAt() != null ? body.expiresAt().toInstant()
                : body.expiresInDays() != null ? now.plus(Duration.ofDays(body.expiresInDays())) : null;
        KeyEnvironment environment = body.environment() == null ? null : KeyEnvironment.parse(body.environment());
        Set<Scope> scopes = body.scopes() == null ? null : Scope.parse(body.scopes());
        if (scopes != null && scopes.isEmpty()) {
            throw new InvalidInputException("scopes", "a key needs at least one scope");
        }
        return new NewKey(body.name().trim(), environment, scopes, expiresAt,
                body.expiresInDays() != null ? "expires_in_days" : "expires_at");
    }

}
