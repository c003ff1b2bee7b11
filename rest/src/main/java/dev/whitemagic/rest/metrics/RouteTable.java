package dev.whitemagic.rest.metrics;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The route templates of every resource method, to name a request that JAX-RS matched to no method although its
 * path is one of ours: a 405 (wrong method), or a request refused before matching (413 by {@code Content-Length},
 * 429 by the limiter). A path that fits no template is {@link RouteTemplates#UNMATCHED}.
 * <p>
 * A template segment {@code {name}} fits any one segment; among templates that fit, the one with the most literal
 * segments wins ({@code /api/v1/keys/self} over {@code /api/v1/keys/{id}}), as in JAX-RS matching.
 */
public final class RouteTable {

    private record Template(String route, String[] segments, int literals) {

        boolean fits(String[] path) {
            if (path.length != segments.length) {
                return false;
            }
            for (int i = 0; i < path.length; i++) {
                if (!isParameter(segments[i]) && !segments[i].equals(path[i])) {
                    return false;
                }
            }
            return true;
        }
    }

    private final List<Template> templates;

    private RouteTable(List<Template> templates) {
        this.templates = templates;
    }

    /**
     * @param classes the application's classes; only root resources ({@code @Path} on the class) are used
     * @return the table of their resource methods' templates
     */
    public static RouteTable of(Collection<Class<?>> classes) {
        Set<String> routes = new LinkedHashSet<>();
        for (Class<?> type : classes) {
            Path classPath = type.getAnnotation(Path.class);
            if (classPath == null) {
                continue;
            }
            for (Method method : type.getMethods()) {
                if (isResourceMethod(method)) {
                    routes.add(RouteTemplates.join(classPath, method.getAnnotation(Path.class)));
                }
            }
        }
        List<Template> templates = new ArrayList<>();
        for (String route : routes) {
            String[] segments = segments(route);
            int literals = 0;
            for (String segment : segments) {
                literals += isParameter(segment) ? 0 : 1;
            }
            templates.add(new Template(route, segments, literals));
        }
        templates.sort(Comparator.comparingInt(Template::literals).reversed().thenComparing(Template::route));
        return new RouteTable(List.copyOf(templates));
    }

    /**
     * @param path a request path relative to the application, with or without a leading slash
     * @return its route template, or {@link RouteTemplates#UNMATCHED}
     */
    public String match(String path) {
        String[] segments = segments(path == null ? "" : path);
        for (Template template : templates) {
            if (template.fits(segments)) {
                return template.route();
            }
        }
        return RouteTemplates.UNMATCHED;
    }

    /** @return how many templates are known */
    public int size() {
        return templates.size();
    }

    private static boolean isResourceMethod(Method method) {
        if (method.isAnnotationPresent(Path.class)) {
            return true;
        }
        for (Annotation annotation : method.getAnnotations()) {
            if (annotation.annotationType().isAnnotationPresent(HttpMethod.class)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isParameter(String segment) {
        return segment.startsWith("{") && segment.endsWith("}");
    }

    private static String[] segments(String path) {
        return Arrays.stream(path.split("/")).filter(segment -> !segment.isEmpty()).toArray(String[]::new);
    }
}
