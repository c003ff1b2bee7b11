package dev.whitemagic.rest.metrics;

import dev.whitemagic.persistence.metrics.Metrics;
import dev.whitemagic.persistence.metrics.PrometheusText;
import dev.whitemagic.rest.http.CapturedResponse;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * {@code /metrics} in the Prometheus text format. {@code ?scope=application} is the application's own registry
 * ({@link Metrics}); without a scope, the server's {@code base} and {@code vendor} metrics (put in order by
 * {@link ServerMetricsText}) come first, then the application's; {@code ?scope=base} and {@code ?scope=vendor} are the
 * server's alone, in the same order and media type; another scope gets the server's own answer. On a server without
 * MicroProfile Metrics (WildFly), the base scope is the JVM's figures under MicroProfile's names
 * ({@link JvmBaseMetrics}) and the vendor scope is empty.
 */
@WebFilter(filterName = "metrics", urlPatterns = "/metrics", asyncSupported = true)
public class MetricsEndpoint extends HttpFilter {

    /** The scopes the server keeps: JVM and server figures. */
    private static final Set<String> SERVER_SCOPES = Set.of("base", "vendor");

    @Inject
    Metrics metrics;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        boolean head = "HEAD".equals(request.getMethod());
        if (!head && !"GET".equals(request.getMethod())) {
            chain.doFilter(request, response);
            return;
        }
        String scope = request.getParameter("scope");
        if (scope != null && !SERVER_SCOPES.contains(scope) && !scope.equals(Metrics.SCOPE)) {
            chain.doFilter(request, response);
            return;
        }
        String server = "";
        if (!Metrics.SCOPE.equals(scope)) {
            CapturedResponse capture = new CapturedResponse(response);
            chain.doFilter(request, capture);
            if (capture.getStatus() == HttpServletResponse.SC_OK) {
                server = ServerMetricsText.regrouped(new String(capture.body(), StandardCharsets.UTF_8));
            } else if (!"vendor".equals(scope)) {
                // no MicroProfile Metrics in this server: the JVM's base figures under their usual names
                server = JvmBaseMetrics.text();
            }
        }
        String application = scope == null || scope.equals(Metrics.SCOPE)
                ? PrometheusText.write(metrics.families(), Metrics.SCOPE) : "";
        byte[] body = (server + application).getBytes(StandardCharsets.UTF_8);
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType(PrometheusText.CONTENT_TYPE);
        response.setHeader("Cache-Control", "no-store");
        response.setContentLength(body.length);
        if (!head) {
            response.getOutputStream().write(body);
        }
    }
}
