package dev.whitemagic.auth;

import dev.whitemagic.domain.DomainException;

/**
 * The key that authenticated this request was deleted or revoked while the request ran (another node, or the
 * user's deletion, got there first). The answer is the same {@code 401 invalid_api_key} a fresh verification
 * would give, never a 404 about the caller's own key.
 */
public class CredentialGoneException extends DomainException {

    /** The challenge every 401 carries, as the authentication mechanism sends it. */
    public static final String CHALLENGE = "Bearer realm=\"whitemagic\"";

    public CredentialGoneException() {
        super("the API key is malformed, unknown, revoked or expired");
    }
}
