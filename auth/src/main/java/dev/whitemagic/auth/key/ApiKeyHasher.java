package dev.whitemagic.auth.key;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * What is stored of a raw key: its SHA-256 hex (a key has ~155 bits of randomness, so a fast unsalted hash is
 * enough and allows a lookup by hash) and its display prefix.
 */
public final class ApiKeyHasher {

    static final int PREFIX_LENGTH = 16;

    private ApiKeyHasher() {
    }

    /** @return the SHA-256 of the key's UTF-8 bytes as 64 lower-case hex digits */
    public static String sha256Hex(String raw) {
        Objects.requireNonNull(raw, "raw");
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(raw.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /**
     * @return the first 16 characters, e.g. {@code wm_prod_aB3xY9kL}: enough to tell keys apart, far too little
     *         to guess the rest
     */
    public static String prefix(String raw) {
        Objects.requireNonNull(raw, "raw");
        if (raw.length() < PREFIX_LENGTH) {
            throw new IllegalArgumentException("a key has more than " + PREFIX_LENGTH + " characters");
        }
        return raw.substring(0, PREFIX_LENGTH);
    }
}
