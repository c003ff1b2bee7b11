package dev.whitemagic.rest.memories;

import dev.whitemagic.domain.memory.Memory;
import dev.whitemagic.rest.SnakeCaseJsonb;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What an {@code Idempotency-Key} keeps of a create: the fingerprint of its request, to tell a retry from a reuse of
 * the key with another body, and the exact JSON of its first answer, replayed byte for byte to every retry (the
 * memory may have changed since, the first answer has not).
 */
@ApplicationScoped
class CreatedAnswers {

    /** The SHA-256 hex of the request as JSON, so that the same fields give the same fingerprint. */
    String fingerprint(CreateMemoryRequest request) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(SnakeCaseJsonb.jsonb().toJson(request).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** The answer to a create, as sent. */
    String json(Memory memory) {
        return SnakeCaseJsonb.jsonb().toJson(MemoryResponse.of(memory));
    }
}
