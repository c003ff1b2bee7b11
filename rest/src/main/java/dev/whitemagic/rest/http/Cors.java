package dev.whitemagic.rest.http;

import dev.whitemagic.rest.RestConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Set;

/**
 * Cross-origin calls from browser pages (CORS) to {@code /api/v1} and {@code /mcp}, for the origins in
 * {@code wm.http.cors.allowed-origins} (none by default). A preflight ({@code OPTIONS} with {@code Origin} and
 * {@code Access-Control-Request-Method}) from such an origin is answered 204 without a key; the answers to its calls,
 * refusals included, say which origin may read them and which headers. The admin API is for servers, not pages: it
 * takes part in none of this. Keys travel in headers, never in cookies, so no credentials mode is offered.
 */
@ApplicationScoped
public class Cors {

    static final String API = "/api/v1/";
    static final String ADMIN = "/api/v1/admin";
    static final String MCP = "/mcp";

    /** The methods a page may call. */
    static final String METHODS = "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS";

    /** The request headers a page may send. */
    static final String REQUEST_HEADERS = "Authorization, X-API-Key, Content-Type, Idempotency-Key, If-Match, "
            + "If-None-Match, X-Request-ID, MCP-Protocol-Version, Mcp-Session-Id";

    /** The answer headers a page may read beyond the always-readable ones. */
    static final String EXPOSED_HEADERS = "ETag, Location, RateLimit, RateLimit-Policy, X-RateLimit-Limit, "
            + "X-RateLimit-Remaining, X-RateLimit-Reset, Retry-After, X-Request-ID, WWW-Authenticate";

    /** How long a browser may reuse a preflight's answer, in seconds. */
    static final String MAX_AGE = "600";

    private static final String DONE = Cors.class.getName() + ".done";

    @Inject
    RestConfig config;

    private volatile Set<String> allowed;

    /** For CDI. */
    protected Cors() {
    }

    /** For tests outside a container. */
    Cors(Set<String> allowed) {
        this.allowed = Set.copyOf(allowed);
    }

    private Set<String> allowed() {
        Set<String> origins = allowed;
        if (origins == null) {
            origins = config.corsAllowedOrigins();
            allowed = origins;
        }
        return origins;
    }

    /**
     * Says on the answer to a call under {@code /api/v1} from an allowed origin that the page may read it, and which
     * headers; {@code Vary: Origin} whenever cross-origin calls are on. Does nothing the second time for a request.
     */
    public void addHeaders(HttpServletRequest request, HttpServletResponse response) {
        if (allowed().isEmpty() || !covers(request) || request.getAttribute(DONE) != null) {
            return;
        }
        request.setAttribute(DONE, Boolean.TRUE);
        response.addHeader("Vary", "Origin");
        String origin = request.getHeader("Origin");
        if (origin != null && allows(origin)) {
            response.setHeader("Access-Control-Allow-Origin", allowed().contains("*") ? "*" : origin);
            response.setHeader("Access-Control-Expose-Headers", EXPOSED_HEADERS);
        }
    }

    /**
     * Answers a preflight from an allowed origin: 204 with the methods, headers and lifetime allowed.
     *
     * @return whether the request was a preflight answered here; if not, it goes on as usual
     */
    public boolean answerPreflight(HttpServletRequest request, HttpServletResponse response) {
        String origin = request.getHeader("Origin");
        if (!"OPTIONS".equals(request.getMethod()) || origin == null
                || request.getHeader("Access-Control-Request-Method") == null || allowed().isEmpty()
                || !covers(request) || !allows(origin)) {
            return false;
        }
        addHeaders(request, response);
        response.setStatus(HttpServletResponse.SC_NO_CONTENT);
        response.setHeader("Access-Control-Allow-Methods", METHODS);
        response.setHeader("Access-Control-Allow-Headers", REQUEST_HEADERS);
        response.setHeader("Access-Control-Max-Age", MAX_AGE);
        response.setHeader("Allow", METHODS);
        return true;
    }

    /**
     * Whether a request's {@code Origin} may call: any request without one (servers, command-line clients), and pages
     * from the allowed origins. The MCP transport requires refusing other origins, so that a page the user visits
     * cannot reach a local server through a rebound DNS name.
     */
    public boolean admits(HttpServletRequest request) {
        String origin = request.getHeader("Origin");
        return origin == null || !allowed().isEmpty() && allows(origin);
    }

    private boolean allows(String origin) {
        return allowed().contains("*") || allowed().contains(origin);
    }

    private static boolean covers(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return path.equals(MCP) || path.startsWith(API) && !path.equals(ADMIN) && !path.startsWith(ADMIN + "/");
    }
}
