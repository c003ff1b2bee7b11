package dev.whitemagic.persistence.memory;

import dev.whitemagic.domain.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals the cursors handed to clients: {@code <cursor>.<mac>}, the MAC (HMAC-SHA256, first 16 bytes) taken over what
 * the cursor is for, the user it was issued to and the cursor itself, with the server's own secret. A cursor the
 * server did not issue — made up, edited, or another user's — is refused as such, never followed to a page of
 * nothing.
 */
final class CursorSeal {

    static final String NOT_OURS = "not a cursor this server issued";

    private static final int MAC_BYTES = 16;
    private static final int LONGEST = 256;

    private final SecretKeySpec key;

    CursorSeal(byte[] secret) {
        this.key = new SecretKeySpec(secret.clone(), "HmacSHA256");
    }

    /** @return {@code cursor} sealed for {@code purpose} and {@code userId}, or {@code null} for none */
    String close(String purpose, UUID userId, String cursor) {
        return cursor == null ? null : cursor + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(mac(purpose, userId, cursor));
    }

    /**
     * @return the cursor inside a sealed one, or {@code null} for none
     * @throws InvalidInputException on {@code cursor} unless this server sealed it for this purpose and user
     */
    String open(String purpose, UUID userId, String sealed) {
        if (sealed == null) {
            return null;
        }
        int dot = sealed.lastIndexOf('.');
        if (sealed.length() > LONGEST || dot <= 0) {
            throw new InvalidInputException("cursor", NOT_OURS);
        }
        String cursor = sealed.substring(0, dot);
        byte[] presented;
        try {
            presented = Base64.getUrlDecoder().decode(sealed.substring(dot + 1));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("cursor", NOT_OURS);
        }
        if (!MessageDigest.isEqual(presented, mac(purpose, userId, cursor))) {
            throw new InvalidInputException("cursor", NOT_OURS);
        }
        return cursor;
    }

    private byte[] mac(String purpose, UUID userId, String cursor) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update((purpose + "|" + userId + "|" + cursor).getBytes(StandardCharsets.UTF_8));
            return Arrays.copyOf(mac.doFinal(), MAC_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
