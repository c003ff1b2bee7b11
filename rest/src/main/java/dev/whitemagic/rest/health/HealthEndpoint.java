package dev.whitemagic.rest.health;

import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonBuilderFactory;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;
import org.eclipse.microprofile.health.Startup;

/**
 * {@code /health}, {@code /health/live}, {@code /health/ready} and {@code /health/started} on the application's own
 * port, in MicroProfile Health's JSON ({@code {"status", "checks": [{"name", "status", "data"}]}}, 503 when a check
 * is DOWN), from the application's {@link HealthCheck} beans.
 *
 * <p>Payara answers these paths itself, before any application sees them, so there this filter never runs. WildFly
 * serves MicroProfile Health only on its management port (localhost, another port), so there this filter is what a
 * load balancer or orchestrator on the public port reaches, with the same checks and the same answers.
 */
@WebFilter(filterName = "health", urlPatterns = {"/health", "/health/*"}, asyncSupported = true)
public class HealthEndpoint extends HttpFilter {

    private static final Logger LOG = Logger.getLogger(HealthEndpoint.class.getName());
    private static final JsonBuilderFactory JSON = Json.createBuilderFactory(Map.of());
    private static final String UP = HealthCheckResponse.Status.UP.name();
    private static final String DOWN = HealthCheckResponse.Status.DOWN.name();

    @Inject
    @Any
    Instance<HealthCheck> checks;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        boolean head = "HEAD".equals(request.getMethod());
        List<Annotation> kinds = kinds(request.getServletPath() + Optional.ofNullable(request.getPathInfo()).orElse(""));
        if ((!head && !"GET".equals(request.getMethod())) || kinds == null) {
            chain.doFilter(request, response);
            return;
        }
        JsonArrayBuilder results = JSON.createArrayBuilder();
        boolean up = true;
        for (Annotation kind : kinds) {
            for (HealthCheck check : checks.select(kind)) {
                JsonObject result = result(check);
                up &= UP.equals(result.getString("status"));
                results.add(result);
            }
        }
        byte[] body = JSON.createObjectBuilder()
                .add("status", up ? UP : DOWN)
                .add("checks", results)
                .build().toString().getBytes(StandardCharsets.UTF_8);
        response.setStatus(up ? HttpServletResponse.SC_OK : HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        response.setContentType("application/json");
        response.setHeader("Cache-Control", "no-store");
        response.setContentLength(body.length);
        if (!head) {
            response.getOutputStream().write(body);
        }
    }

    /** The kinds of checks a path asks for, all of them for {@code /health}; null for a path that is not one. */
    private static List<Annotation> kinds(String path) {
        return switch (path) {
            case "/health", "/health/" -> List.of(Liveness.Literal.INSTANCE, Readiness.Literal.INSTANCE,
                    Startup.Literal.INSTANCE);
            case "/health/live" -> List.of(Liveness.Literal.INSTANCE);
            case "/health/ready" -> List.of(Readiness.Literal.INSTANCE);
            case "/health/started" -> List.of(Startup.Literal.INSTANCE);
            default -> null;
        };
    }

    /** One check's answer; a check that fails is DOWN under its class's name, its failure logged by class only. */
    private static JsonObject result(HealthCheck check) {
        HealthCheckResponse answer;
        try {
            answer = check.call();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "health check {0} failed: {1}",
                    new Object[] {check.getClass().getSimpleName(), e.getClass().getName()});
            return JSON.createObjectBuilder().add("name", check.getClass().getSimpleName()).add("status", DOWN).build();
        }
        JsonObjectBuilder result = JSON.createObjectBuilder()
                .add("name", answer.getName())
                .add("status", answer.getStatus() == HealthCheckResponse.Status.UP ? UP : DOWN);
        answer.getData().filter(data -> !data.isEmpty()).ifPresent(data -> {
            JsonObjectBuilder fields = JSON.createObjectBuilder();
            // as strings, the way Payara's own health endpoint writes them: the same answer from either server
            data.forEach((name, value) -> fields.add(name, String.valueOf(value)));
            result.add("data", fields);
        });
        return result.build();
    }
}
