package dev.whitemagic.rest.security;

import dev.whitemagic.auth.CredentialGoneException;
import dev.whitemagic.auth.admin.AdminPrincipal;
import dev.whitemagic.auth.admin.AdminTokens;
import dev.whitemagic.auth.cache.KeyVerification;
import dev.whitemagic.auth.key.Caller;
import dev.whitemagic.auth.key.Scope;
import dev.whitemagic.auth.throttle.FailedAuthentications;
import dev.whitemagic.auth.usage.KeyUsageRecorder;
import dev.whitemagic.persistence.health.DatabaseOutage;
import dev.whitemagic.persistence.limits.DatabaseBusy;
import dev.whitemagic.persistence.metrics.Counter;
import dev.whitemagic.persistence.metrics.Metrics;
import dev.whitemagic.rest.error.Problem;
import dev.whitemagic.rest.error.ProblemCode;
import dev.whitemagic.rest.http.Cors;
import dev.whitemagic.rest.http.HttpDates;
import dev.whitemagic.rest.http.RequestIds;
import dev.whitemagic.rest.http.RequestShape;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;

/**
 * Authenticates every request under {@code /api/v1} and every {@code POST /mcp}: an API key
 * ({@code Authorization: Bearer} or {@code X-API-Key}) for the API and the MCP endpoint, an operator token for
 * {@code /api/v1/admin}. A verified key becomes a
 * {@link Caller} whose scopes are its groups, so resources declare what they need with
 * {@code @RolesAllowed}.
 *
 * <p>Verification costs no database round trip on the hot path: the key's shape and checksum are checked
 * in memory, verified keys and recently unknown hashes are cached, and a client that keeps failing is
 * refused before any of that. Failures are answered here, before the application sees the request,
 * and all alike, so a caller cannot tell which check failed.
 */
@ApplicationScoped
public class ApiKeyAuthenticationMechanism implements HttpAuthenticationMechanism {

    private static final String API = "/api/v1/";
    private static final String ADMIN = "/api/v1/admin";
    private static final String MCP = "/mcp";
    private static final Set<String> PUBLIC = Set.of("/api/v1/version");
    private static final String CHALLENGE = CredentialGoneException.CHALLENGE;
    private static final Logger LOG = Logger.getLogger(ApiKeyAuthenticationMechanism.class.getName());

    static final String ATTEMPTS = "wm_auth_attempts_total";

    /** Every outcome counted, so that each series exists at 0 before its first attempt. */
    static final List<String> OUTCOMES = List.of("success", "missing", "invalid", "unavailable", "throttled", "admin",
            "admin_refused");

    @Inject
    KeyVerification verification;

    @Inject
    FailedAuthentications failures;

    @Inject
    KeyUsageRecorder usage;

    @Inject
    AdminTokens adminTokens;

    @Inject
    Clock clock;

    @Inject
    Metrics metrics;

    @Inject
    Cors cors;

    @Inject
    DatabaseOutage outage;

    private volatile Counter attempts;

    @Override
    public AuthenticationStatus validateRequest(HttpServletRequest request, HttpServletResponse response,
                                                HttpMessageContext context) {
        String rawPath = request.getRequestURI();
        Optional<Problem> outOfShape = RequestShape.refusal(request);
        if (outOfShape.isPresent()) {
            // Before anything reads the target or a header. The connection ends with the answer.
            edgeHeaders(request, response);
            response.setHeader("Connection", "close");
            write(response, outOfShape.get());
            return AuthenticationStatus.SEND_FAILURE;
        }
        Optional<String> notCanonical = CanonicalPaths.whyNot(rawPath);
        if (notCanonical.isPresent()) {
            // Refused before the prefix check below, which such a path could slip past, and before routing.
            edgeHeaders(request, response);
            write(response, Problem.invalid("the request path is not in canonical form: " + notCanonical.get(),
                    List.of(new Problem.FieldError("path", notCanonical.get())), rawPath, RequestIds.of(request)));
            return AuthenticationStatus.SEND_FAILURE;
        }
        String path = rawPath.substring(request.getContextPath().length());
        if (path.equals(MCP)) {
            // Only POST carries MCP messages; the other methods are refused (405) without reading a key, and so
            // are neither limited nor metered.
            if (!request.getMethod().equals("POST")) {
                return context.doNothing();
            }
            edgeHeaders(request, response);
            if (!cors.admits(request)) {
                write(response, Problem.of(ProblemCode.FORBIDDEN, "this origin may not call the MCP endpoint"
                        + " (wm.http.cors.allowed-origins)", rawPath, RequestIds.of(request)));
                return AuthenticationStatus.SEND_FAILURE;
            }
            return apiKey(request, response, context);
        }
        if (!path.startsWith(API) || PUBLIC.contains(path)) {
            return context.doNothing();
        }
        edgeHeaders(request, response);
        if (path.equals(ADMIN) || path.startsWith(ADMIN + "/")) {
            return admin(request, response, context);
        }
        if (request.getMethod().equals("OPTIONS")) {
            // Asks which methods a route has (a CORS preflight asks it without credentials): it reads and changes
            // nothing, so it needs no key and counts against no limit.
            return context.doNothing();
        }
        return apiKey(request, response, context);
    }

    /** Filters run after this mechanism: answers written here need the edge headers (and CORS's) too. */
    private void edgeHeaders(HttpServletRequest request, HttpServletResponse response) {
        response.setHeader(RequestIds.HEADER, RequestIds.of(request));
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Date", HttpDates.now());
        cors.addHeaders(request, response);
    }

    private AuthenticationStatus apiKey(HttpServletRequest request, HttpServletResponse response,
                                        HttpMessageContext context) {
        PresentedKey presented = PresentedKey.of(request);
        if (presented.missing()) {
            count("missing");
            return refuse(request, response, ProblemCode.UNAUTHORIZED,
                    "an API key is required: Authorization: Bearer <key> or X-API-Key: <key>");
        }
        String address = request.getRemoteAddr();
        Optional<AuthenticationStatus> throttled = throttled(address, request, response);
        if (throttled.isPresent()) {
            return throttled.get();
        }
        Instant now = clock.instant();
        Optional<Caller> caller;
        if (presented.malformed()) {
            caller = Optional.empty();
        } else if (outage.ongoing()) {
            // The database cannot be reached: keys verified lately still work, others cannot be judged now.
            caller = verification.verifyFromMemory(presented.value(), now);
            if (caller.isEmpty()) {
                outage.refused();
                return unavailable(request, response);
            }
        } else {
            try {
                caller = verification.verify(presented.value(), now);
            } catch (RuntimeException e) {
                // A key not yet cached needs the database: busy or away, the key cannot be judged (not a 401).
                Optional<DatabaseBusy> busy = DatabaseBusy.of(e);
                if (busy.isEmpty()) {
                    throw e;
                }
                outage.report(e);
                LOG.warning(() -> "request " + RequestIds.of(request) + ": API key not verified, database "
                        + busy.get() + " (" + e.getClass().getName() + ")");
                return unavailable(request, response);
            }
        }
        if (caller.isEmpty()) {
            failures.recordFailure(address);
            count("invalid");
            return refuse(request, response, ProblemCode.INVALID_API_KEY, new CredentialGoneException().getMessage());
        }
        count("success");
        usage.used(caller.get(), now);
        return context.notifyContainerAboutLogin(caller.get(), Scope.values(caller.get().scopes()));
    }

    private AuthenticationStatus unavailable(HttpServletRequest request, HttpServletResponse response) {
        count("unavailable");
        response.setHeader("Retry-After", "1");
        return refuse(request, response, ProblemCode.SERVICE_UNAVAILABLE,
                "the service cannot verify API keys right now; retry shortly");
    }

    private AuthenticationStatus admin(HttpServletRequest request, HttpServletResponse response,
                                       HttpMessageContext context) {
        String address = request.getRemoteAddr();
        // Only as a bearer token: X-API-Key is where API keys go, and an admin token there is no admin credential.
        PresentedKey presented = PresentedKey.bearer(request);
        if (adminTokens.acceptsLocal(presented.value(), address)) {
            // the packaged server's own command on this machine (create-user)
            count("admin");
            return context.notifyContainerAboutLogin(new AdminPrincipal(), Set.of(AdminPrincipal.ROLE));
        }
        if (!adminTokens.enabled()) {
            // Without a configured token the admin API does not exist.
            write(response, Problem.of(ProblemCode.NOT_FOUND, "no resource at " + request.getRequestURI(),
                    request.getRequestURI(), RequestIds.of(request)));
            return AuthenticationStatus.SEND_FAILURE;
        }
        // Guesses at the admin token count against the same per-address limit as guesses at API keys.
        Optional<AuthenticationStatus> throttled = throttled(address, request, response);
        if (throttled.isPresent()) {
            return throttled.get();
        }
        if (presented.value() == null || !adminTokens.accepts(presented.value())) {
            if (!PresentedKey.of(request).missing()) {
                // A wrong credential is a guess; a request with none is not.
                failures.recordFailure(address);
            }
            count("admin_refused");
            return refuse(request, response, ProblemCode.UNAUTHORIZED,
                    "a valid admin token is required: Authorization: Bearer <token>");
        }
        count("admin");
        return context.notifyContainerAboutLogin(new AdminPrincipal(), Set.of(AdminPrincipal.ROLE));
    }

    /** A 429 when the address failed too often lately, before its credential is looked at; else empty. */
    private Optional<AuthenticationStatus> throttled(String address, HttpServletRequest request,
                                                     HttpServletResponse response) {
        Optional<Duration> blocked = failures.blockedFor(address);
        if (blocked.isEmpty()) {
            return Optional.empty();
        }
        count("throttled");
        response.setHeader("Retry-After", Long.toString(Math.max(1, blocked.get().toSeconds())));
        return Optional.of(refuse(request, response, ProblemCode.RATE_LIMITED,
                "too many failed authentications from this address; retry later"));
    }

    private AuthenticationStatus refuse(HttpServletRequest request, HttpServletResponse response, ProblemCode code,
                                        String detail) {
        if (code.status() == 401) {
            response.setHeader("WWW-Authenticate", CHALLENGE);
        }
        write(response, Problem.of(code, detail, request.getRequestURI(), RequestIds.of(request)));
        return AuthenticationStatus.SEND_FAILURE;
    }

    private static void write(HttpServletResponse response, Problem problem) {
        try {
            problem.writeTo(response);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the authentication answer", e);
        }
    }

    /** Creates the attempt counter of every outcome at 0; called once when the web application starts. */
    public void registerAttemptCounters() {
        OUTCOMES.forEach(attempts()::touch);
    }

    private void count(String outcome) {
        attempts().inc(outcome);
    }

    private Counter attempts() {
        Counter counter = attempts;
        if (counter == null) {
            counter = metrics.counter(ATTEMPTS, "Authentication attempts on /api/v1 and /mcp, by outcome", "outcome");
            attempts = counter;
        }
        return counter;
    }
}
