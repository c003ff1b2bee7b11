package dev.whitemagic.auth.admin;

import dev.whitemagic.auth.AuthConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The operator tokens of {@code /api/v1/admin/*} ({@code wm.admin.token}, comma-separated so a token can
 * be rotated without downtime). Unset, the admin API does not exist.
 */
@ApplicationScoped
public class AdminTokens {

    private final List<byte[]> tokens;

    @Inject
    public AdminTokens(AuthConfig config) {
        this(config.adminTokens().orElse(""));
    }

    AdminTokens(String commaSeparated) {
        this.tokens = Arrays.stream(commaSeparated.split(","))
                .map(String::trim)
                .filter(token -> !token.isEmpty())
                .map(token -> token.getBytes(StandardCharsets.UTF_8))
                .toList();
    }

    /** For CDI's proxy. */
    protected AdminTokens() {
        this.tokens = List.of();
    }

    public boolean enabled() {
        return !tokens.isEmpty();
    }

    /**
     * Whether the presented token is one of the configured ones. Every configured token is compared, each
     * in constant time, so the answer's timing says nothing about which one or how much matched.
     */
    public boolean accepts(String presented) {
        if (presented == null) {
            return false;
        }
        byte[] candidate = presented.getBytes(StandardCharsets.UTF_8);
        boolean match = false;
        for (byte[] token : tokens) {
            match |= MessageDigest.isEqual(token, candidate);
        }
        return match;
    }
}
