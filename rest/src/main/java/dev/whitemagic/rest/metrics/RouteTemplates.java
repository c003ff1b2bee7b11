package dev.whitemagic.rest.metrics;

import jakarta.ws.rs.Path;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The route template of a resource method ({@code /api/v1/memories/{id}}), never the raw path, so
 * metric tags stay few and carry no ids.
 */
public final class RouteTemplates {

    /** The route of a request that matched no resource method. */
    public static final String UNMATCHED = "unmatched";

    private final Map<Method, String> known = new ConcurrentHashMap<>();

    public String of(Class<?> resourceClass, Method method) {
        if (resourceClass == null || method == null) {
            return UNMATCHED;
        }
        return known.computeIfAbsent(method, m -> join(resourceClass.getAnnotation(Path.class), m.getAnnotation(Path.class)));
    }

    static String join(Path classPath, Path methodPath) {
        StringBuilder route = new StringBuilder();
        append(route, classPath);
        append(route, methodPath);
        return route.length() == 0 ? "/" : route.toString();
    }

    private static void append(StringBuilder route, Path path) {
        if (path == null) {
            return;
        }
        for (String segment : path.value().split("/")) {
            if (!segment.isEmpty()) {
                route.append('/').append(stripRegex(segment));
            }
        }
    }

    /** {@code {id: [0-9a-f-]+}} → {@code {id}}. */
    private static String stripRegex(String segment) {
        int brace = segment.indexOf('{');
        int colon = segment.indexOf(':');
        if (brace >= 0 && colon > brace) {
            return segment.substring(0, colon).trim() + "}";
        }
        return segment;
    }
}
