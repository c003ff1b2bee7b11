package dev.whitemagic.rest.billing;

import jakarta.enterprise.context.ApplicationScoped;
import dev.whitemagic.rest.RestConfig;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The secrets that sign Whop's webhook events ({@code wm.whop.webhook-secret}, comma-separated so a secret can be
 * rotated without downtime). Unset, the webhook does not exist.
 */
@ApplicationScoped
public class WhopSecrets {

    /** The header that carries the signature. */
    public static final String HEADER = "X-Whop-Signature";

    private static final String ALGORITHM = "HmacSHA256";
    private static final String PREFIX = "sha256=";
    private static final int SIGNATURE_HEX_LENGTH = 64;

    private final List<SecretKeySpec> secrets;

    @Inject
    public WhopSecrets(RestConfig config) {
        this(config.whopWebhookSecrets());
    }

    public WhopSecrets(Optional<String> configured) {
        this.secrets = Arrays.stream(configured.orElse("").split(","))
                .map(String::trim)
                .filter(secret -> !secret.isEmpty())
                .map(secret -> new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM))
                .toList();
    }

    /** For CDI's proxy. */
    protected WhopSecrets() {
        this.secrets = List.of();
    }

    public boolean enabled() {
        return !secrets.isEmpty();
    }

    /**
     * Whether the signature is the HMAC-SHA256 of exactly these bytes under one of the configured secrets: hex in
     * either case, optionally prefixed {@code sha256=}. Every secret is tried, each compared in constant time, so
     * the answer's timing says nothing about which secret or how much of the signature matched.
     *
     * @param body      the raw request body, as received
     * @param signature the header's value, or {@code null}
     */
    public boolean verify(byte[] body, String signature) {
        Optional<byte[]> presented = decode(signature);
        if (presented.isEmpty()) {
            return false;
        }
        boolean match = false;
        for (SecretKeySpec secret : secrets) {
            match |= MessageDigest.isEqual(hmac(secret, body == null ? new byte[0] : body), presented.get());
        }
        return match;
    }

    /** For tests and for senders: the signature of a body under a secret, as lower-case hex. */
    public static String sign(String secret, byte[] body) {
        return HexFormat.of().formatHex(hmac(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM),
                body));
    }

    private static Optional<byte[]> decode(String signature) {
        if (signature == null) {
            return Optional.empty();
        }
        String hex = signature.strip();
        if (hex.toLowerCase(Locale.ROOT).startsWith(PREFIX)) {
            hex = hex.substring(PREFIX.length());
        }
        if (hex.length() != SIGNATURE_HEX_LENGTH) {
            return Optional.empty();
        }
        try {
            return Optional.of(HexFormat.of().parseHex(hex));
        } catch (IllegalArgumentException notHex) {
            return Optional.empty();
        }
    }

    private static byte[] hmac(SecretKeySpec secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(secret);
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            // Every Java runtime must provide HmacSHA256.
            throw new IllegalStateException(ALGORITHM + " is not available", e);
        }
    }
}
