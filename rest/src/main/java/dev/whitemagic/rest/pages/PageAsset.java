package dev.whitemagic.rest.pages;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.GZIPOutputStream;

/**
 * One file of a page, read once: its bytes, the same bytes gzipped when that saves enough to be worth it, and an
 * entity tag (without quotes) from its content so that a browser revalidates with a 304 instead of loading it again.
 */
record PageAsset(String contentType, byte[] bytes, byte[] gzipped, String etag) {

    /** Below this size gzip's header and the work are not worth it. */
    private static final int GZIP_MIN_BYTES = 1024;

    static PageAsset of(String contentType, byte[] bytes) {
        byte[] gzipped = contentType.startsWith("image/png") || bytes.length < GZIP_MIN_BYTES ? null : gzip(bytes);
        if (gzipped != null && gzipped.length >= bytes.length) {
            gzipped = null;
        }
        return new PageAsset(contentType, bytes, gzipped, digest(bytes));
    }

    private static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(bytes.length / 3);
        try (GZIPOutputStream out = new GZIPOutputStream(buffer)) {
            out.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buffer.toByteArray();
    }

    private static String digest(byte[] bytes) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(bytes);
            return HexFormat.of().formatHex(hash, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
