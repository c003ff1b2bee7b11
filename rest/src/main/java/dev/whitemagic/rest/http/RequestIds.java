package dev.whitemagic.rest.http;

import jakarta.servlet.http.HttpServletRequest;
import java.security.SecureRandom;
import java.util.regex.Pattern;

/**
 * Request ids: the client's {@code X-Request-ID} when it is a sane token, else a fresh one.
 * The first component that sees a request assigns the id; everything after reads it back.
 */
public final class RequestIds {

    /** The header that carries the id in both directions. */
    public static final String HEADER = "X-Request-ID";

    /** The request attribute under which the assigned id travels. */
    public static final String ATTRIBUTE = RequestIds.class.getName();

    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private RequestIds() {
    }

    /**
     * The id of this request, assigning (and remembering) one on first use.
     */
    public static String of(HttpServletRequest request) {
        Object known = request.getAttribute(ATTRIBUTE);
        if (known instanceof String id) {
            return id;
        }
        String id = accept(request.getHeader(HEADER));
        request.setAttribute(ATTRIBUTE, id);
        return id;
    }

    /**
     * The client's id when it is a short token of safe characters (so it cannot split headers or
     * smuggle markup into logs), else a fresh random id.
     */
    public static String accept(String candidate) {
        if (candidate != null && SANE.matcher(candidate).matches()) {
            return candidate;
        }
        return fresh();
    }

    /** 128 random bits as 32 lower-case hex characters. */
    public static String fresh() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        char[] out = new char[32];
        for (int i = 0; i < bytes.length; i++) {
            out[2 * i] = HEX[(bytes[i] >> 4) & 0xF];
            out[2 * i + 1] = HEX[bytes[i] & 0xF];
        }
        return new String(out);
    }
}
