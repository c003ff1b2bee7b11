package dev.whitemagic.persistence.memory;

import dev.whitemagic.domain.InvalidInputException;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Where the next page of a search starts. Ranked searches (full text, and the trigram fallback) page by offset: a
 * rank is no stable key, and a search is read a page or two deep, not walked. Without a query the order is newest
 * first and the cursor is a {@link MemoryCursor} position, like a list's.
 * <p>
 * The mode is part of the cursor, so that page two of a search that fell back to trigrams stays in the fallback.
 * Encoded as base64url of {@code s1|f|40}, {@code s1|t|40}, {@code s1|v|40} (by meaning), {@code s1|h|40}
 * (hybrid) or {@code s1|n|<MemoryCursor>}.
 */
record SearchCursor(Mode mode, int offset, MemoryCursor position) {

    /** How the search that issued the cursor found its hits. */
    enum Mode {
        FULL_TEXT('f'), TRIGRAM('t'), NEWEST('n'), SEMANTIC('v'), HYBRID('h');

        final char code;

        Mode(char code) {
            this.code = code;
        }
    }

    private static final String PREFIX = "s1|";
    private static final String NOT_OURS = CursorSeal.NOT_OURS;

    static SearchCursor ranked(Mode mode, int offset) {
        return new SearchCursor(mode, offset, null);
    }

    static SearchCursor newest(MemoryCursor position) {
        return new SearchCursor(Mode.NEWEST, 0, position);
    }

    String encode() {
        String body = mode == Mode.NEWEST ? position.encode() : Integer.toString(offset);
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((PREFIX + mode.code + '|' + body).getBytes(StandardCharsets.UTF_8));
    }

    static SearchCursor decode(String cursor) {
        if (cursor == null || cursor.length() > 128) {
            throw new InvalidInputException("cursor", NOT_OURS);
        }
        String text;
        try {
            text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("cursor", NOT_OURS);
        }
        if (!text.startsWith(PREFIX) || text.length() < PREFIX.length() + 3 || text.charAt(PREFIX.length() + 1) != '|') {
            throw new InvalidInputException("cursor", NOT_OURS);
        }
        char code = text.charAt(PREFIX.length());
        String body = text.substring(PREFIX.length() + 2);
        for (Mode mode : Mode.values()) {
            if (mode.code == code) {
                return mode == Mode.NEWEST ? newest(MemoryCursor.decode(body)) : ranked(mode, offset(body));
            }
        }
        throw new InvalidInputException("cursor", NOT_OURS);
    }

    private static int offset(String body) {
        if (!body.matches("[0-9]{1,9}")) {
            throw new InvalidInputException("cursor", NOT_OURS);
        }
        return Integer.parseInt(body);
    }
}
