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
 *
 * <p>Beside them, the packaged server's local token ({@code wm.admin.local-token}) lets a command on the same machine
 * create the first user without an operator token: it is accepted only from a loopback address, and to anyone who
 * does not present it an admin API without operator tokens still does not exist.
 */
@ApplicationScoped
public class AdminTokens {

    private final List<byte[]> tokens;
    private final byte[] localToken;

    @Inject
    public AdminTokens(AuthConfig config) {
        this(config.adminTokens().orElse(""), config.adminLocalToken().orElse(""));
    }

    AdminTokens(String commaSeparated) {
        this(commaSeparated, "");
    }

    AdminTokens(String commaSeparated, String localToken) {
        this.tokens = Arrays.stream(commaSeparated.split(","))
                .map(String::trim)
                .filter(token -> !token.isEmpty())
                .map(token -> token.getBytes(StandardCharsets.UTF_8))
                .toList();
        String local = localToken.trim();
        this.localToken = local.isEmpty() ? null : local.getBytes(StandardCharsets.UTF_8);
    }

    /** For CDI's proxy. */
    protected AdminTokens() {
        this.tokens = List.of();
        this.localToken = null;
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

    /**
     * Whether the presented token is the local token and comes from this machine ({@code remoteAddress} is the IP
     * address of the connection, never looked up).
     */
    public boolean acceptsLocal(String presented, String remoteAddress) {
        if (localToken == null || presented == null || !isLoopback(remoteAddress)) {
            return false;
        }
        return MessageDigest.isEqual(localToken, presented.getBytes(StandardCharsets.UTF_8));
    }

    private static boolean isLoopback(String address) {
        if (address == null) {
            return false;
        }
        String plain = address.startsWith("[") && address.endsWith("]") ? address.substring(1, address.length() - 1)
                : address;
        return plain.startsWith("127.") || plain.equals("::1") || plain.equals("0:0:0:0:0:0:0:1");
    }
}
