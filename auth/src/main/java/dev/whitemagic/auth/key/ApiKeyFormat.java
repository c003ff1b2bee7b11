package dev.whitemagic.auth.key;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * The shape of a raw key: {@code wm_<environment>_<32 base62>}, where the last 6 of the 32 characters are a CRC32
 * checksum of everything before them (GitHub's token design). The checksum lets a mistyped or truncated key be
 * refused without a database lookup and lets secret scanners tell real keys from look-alikes; it is no secret
 * and no security boundary.
 */
public final class ApiKeyFormat {

    /** Every well-shaped key matches this; the checksum is checked by {@link #isValid(String)} only. */
    public static final String REGEX = "^wm_(prod|test|dev)_[A-Za-z0-9]{32}$";

    /** The base62 digits in ascending value, so a checksum reads as a number in base 62. */
    static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    static final String PREFIX = "wm_";
    static final int RANDOM_LENGTH = 26;
    static final int CHECKSUM_LENGTH = 6;
    static final int SECRET_LENGTH = RANDOM_LENGTH + CHECKSUM_LENGTH;

    private static final int SHORTEST = PREFIX.length() + "dev_".length() + SECRET_LENGTH;
    private static final int LONGEST = PREFIX.length() + "prod_".length() + SECRET_LENGTH;

    private ApiKeyFormat() {
    }

    /**
     * Whether a string is a key this service could have issued: right shape and a matching checksum. Cheap and
     * total, so that it can run on anything a client sends before any lookup.
     *
     * @param raw the presented key, possibly {@code null}
     * @return {@code true} if shape and checksum are right; never throws
     */
    public static boolean isValid(String raw) {
        // Length first: refuses oversized input before any other work.
        if (raw == null || raw.length() < SHORTEST || raw.length() > LONGEST || !raw.startsWith(PREFIX)) {
            return false;
        }
        int separator = raw.indexOf('_', PREFIX.length());
        if (separator < 0 || !isEnvironment(raw.substring(PREFIX.length(), separator))) {
            return false;
        }
        String secret = raw.substring(separator + 1);
        if (secret.length() != SECRET_LENGTH || !isBase62(secret)) {
            return false;
        }
        int checksumStart = raw.length() - CHECKSUM_LENGTH;
        return checksum(raw.substring(0, checksumStart)).equals(raw.substring(checksumStart));
    }

    /**
     * The checksum of a key's body: CRC32 of its ASCII bytes as an unsigned 32-bit number, in base62 with the
     * alphabet {@code 0-9A-Za-z}, left-padded with {@code 0} to 6 characters (62^6 exceeds 2^32, so 6 always fit).
     *
     * @param body {@code wm_<environment>_<26 random characters>}
     * @return the 6 checksum characters that complete the key
     */
    public static String checksum(String body) {
        CRC32 crc = new CRC32();
        crc.update(body.getBytes(StandardCharsets.US_ASCII));
        long value = crc.getValue();
        char[] digits = new char[CHECKSUM_LENGTH];
        for (int i = CHECKSUM_LENGTH - 1; i >= 0; i--) {
            digits[i] = ALPHABET.charAt((int) (value % ALPHABET.length()));
            value /= ALPHABET.length();
        }
        return new String(digits);
    }

    private static boolean isEnvironment(String label) {
        for (KeyEnvironment environment : KeyEnvironment.values()) {
            if (environment.value().equals(label)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isBase62(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z')) {
                return false;
            }
        }
        return true;
    }
}
