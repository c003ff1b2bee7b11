package dev.whitemagic.rest.http;

import java.util.ArrayList;
import java.util.List;

/** The {@code Allow} header as every answer writes it: {@code HEAD, GET, OPTIONS}. */
public final class AllowHeader {

    private AllowHeader() {
    }

    /**
     * JAX-RS answers HEAD on every GET resource but leaves it out of a 405's {@code Allow}, and separates the methods
     * without spaces in an {@code OPTIONS} answer: both are written the same way here, HEAD included with GET.
     */
    public static String normalised(String allow) {
        List<String> methods = new ArrayList<>();
        for (String method : allow.split(",")) {
            if (!method.isBlank() && !methods.contains(method.strip())) {
                methods.add(method.strip());
            }
        }
        if (methods.contains("GET") && !methods.contains("HEAD")) {
            methods.add(0, "HEAD");
        }
        return String.join(", ", methods);
    }
}
