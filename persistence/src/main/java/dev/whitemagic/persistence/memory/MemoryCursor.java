package dev.whitemagic.persistence.memory;

import dev.whitemagic.domain.InvalidInputException;

import java.nio.ByteBuffer;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Objects;
import java.util.UUID;

/**
 * The position after the last memory of a newest-first page: the next page starts strictly below
 * {@code (createdAt, id)}. A position, not an offset, so that memories created between two pages neither repeat nor
 * push others out of the walk.
 * <p>
 * Encoded as base64url (no padding) of a version byte, the created-at instant in epoch microseconds and the id's
 * 16 bytes: opaque to clients, 34 characters.
 */
public record MemoryCursor(Instant createdAt, UUID id) {

    private static final byte VERSION = 1;
    private static final int LENGTH = 1 + Long.BYTES + 2 * Long.BYTES;
    private static final String NOT_OURS = CursorSeal.NOT_OURS;

    // What a timestamptz can hold and a client could meaningfully send back; beyond it the database would refuse
    // the parameter with an error instead of an answer.
    private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999Z");

    public MemoryCursor {
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(id, "id");
    }

    /** @return the opaque form sent to clients as {@code next_cursor} */
    public String encode() {
        ByteBuffer bytes = ByteBuffer.allocate(LENGTH).put(VERSION)
                .putLong(ChronoUnit.MICROS.between(Instant.EPOCH, createdAt))
                .putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits());
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
    }

    /**
     * @param cursor a cursor a client sent back
     * @return the position it names
     * @throws InvalidInputException on {@code cursor} if it is not what {@link #encode()} makes
     */
    public static MemoryCursor decode(String cursor) {
        if (cursor == null || cursor.length() > 64) {
            throw new InvalidInputException("cursor", NOT_OURS);
        }
        byte[] raw;
        try {
            raw = Base64.getUrlDecoder().decode(cursor);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("cursor", NOT_OURS);
        }
        if (raw.length != LENGTH || raw[0] != VERSION) {
            throw new InvalidInputException("cursor", NOT_OURS);
        }
        ByteBuffer bytes = ByteBuffer.wrap(raw, 1, LENGTH - 1);
        long micros = bytes.getLong();
        Instant createdAt;
        try {
            createdAt = Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
        } catch (DateTimeException | ArithmeticException e) {
            throw new InvalidInputException("cursor", NOT_OURS);
        }
        if (createdAt.isBefore(EARLIEST) || createdAt.isAfter(LATEST)) {
            throw new InvalidInputException("cursor", NOT_OURS);
        }
        return new MemoryCursor(createdAt, new UUID(bytes.getLong(), bytes.getLong()));
    }
}
