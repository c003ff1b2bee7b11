package dev.whitemagic.persistence.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.whitemagic.domain.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CursorSealTest {

    private final CursorSeal seal = new CursorSeal("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8));
    private final UUID user = UUID.randomUUID();

    private void refused(String purpose, UUID userId, String sealed) {
        assertThatThrownBy(() -> seal.open(purpose, userId, sealed)).as(sealed)
                .isInstanceOf(InvalidInputException.class).hasMessage("not a cursor this server issued");
    }

    @Test
    void aSealedCursor_opensForItsPurposeAndUser_only() {
        String cursor = new MemoryCursor(Instant.parse("2026-12-06T10:00:00Z"), UUID.randomUUID()).encode();
        String sealed = seal.close("list", user, cursor);

        assertThat(seal.open("list", user, sealed)).isEqualTo(cursor);
        assertThat(seal.close("list", user, null)).isNull();
        assertThat(seal.open("list", user, null)).isNull();
        refused("search", user, sealed);
        refused("list", UUID.randomUUID(), sealed);
        refused("list", user, cursor);
        char other = cursor.charAt(cursor.length() - 1) == 'A' ? 'B' : 'A';
        refused("list", user, cursor.substring(0, cursor.length() - 1) + other + sealed.substring(cursor.length()));
        refused("list", user, sealed.substring(0, sealed.length() - 2));
        refused("list", user, "x".repeat(300));
        refused("list", user, ".");
        refused("list", user, cursor + ".!!");
    }

    @Test
    void aForgedCursor_ofTheRightShape_isRefused() {
        String forged = Base64.getUrlEncoder().withoutPadding()
                .encodeToString("s1|f|999999999".getBytes(StandardCharsets.UTF_8));

        refused("search", user, forged);
        refused("search", user, forged + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[16]));
    }

    @Test
    void anotherSecret_opensNothing() {
        String sealed = seal.close("list", user, "abc");
        CursorSeal other = new CursorSeal("fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> other.open("list", user, sealed)).isInstanceOf(InvalidInputException.class);
    }
}
