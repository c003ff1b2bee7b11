package dev.whitemagic.rest.pages;

import dev.whitemagic.rest.error.Problem;
import dev.whitemagic.rest.error.ProblemCode;
import dev.whitemagic.rest.http.RequestIds;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Locale;
import java.util.Optional;

/**
 * Serves the pages for people: {@code /docs} (Swagger UI over {@code /openapi}) and {@code /dashboard} (the key owner's
 * page), each an {@code index.html} with its scripts and styles beside it.
 *
 * <p>A servlet of its own because JAX-RS, mapped to {@code /*}, would answer every other path; the more specific
 * mappings here win. The files are read from the class path once and answered with an {@code ETag} (304 when the
 * browser has them), gzipped for clients that accept it, and with a {@code Content-Security-Policy} that allows
 * nothing from elsewhere: the pages work without internet and an injected script could not run or send a key away.
 * Only GET and HEAD are answered; any other method is 405 problem details, a missing file 404.
 */
@WebServlet(name = "pages", urlPatterns = {"/docs", "/docs/*", "/dashboard", "/dashboard/*"})
public class PagesServlet extends HttpServlet {

    /** The dashboard's policy: its own scripts, styles and API only. */
    static final String DASHBOARD_POLICY = "default-src 'self'; img-src 'self' data:; base-uri 'none'; "
            + "form-action 'self'; frame-ancestors 'none'";
    /**
     * Swagger UI's: the same, but its React components set inline styles and its stylesheet draws icons from
     * {@code data:} URIs.
     */
    static final String DOCS_POLICY = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
            + "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
    private static final String SWAGGER_UI_PREFIX = "swagger-ui/";

    private transient PageAssets assets;

    @Override
    public void init() throws ServletException {
        assets = new PageAssets(PagesServlet.class.getClassLoader());
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response)
            throws IOException, ServletException {
        String method = request.getMethod();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            response.setHeader("Allow", "GET, HEAD");
            Problem.of(ProblemCode.METHOD_NOT_ALLOWED, "a page answers only GET and HEAD", request.getRequestURI(),
                    RequestIds.of(request)).writeTo(response);
            return;
        }
        boolean docs = request.getServletPath().equals("/docs");
        String file = fileName(request.getPathInfo());
        Optional<PageAsset> asset;
        if (docs && file.startsWith(SWAGGER_UI_PREFIX)) {
            asset = assets.swaggerUi(file.substring(SWAGGER_UI_PREFIX.length()));
        } else {
            asset = assets.own(docs ? "docs" : "dashboard", file);
        }
        if (asset.isEmpty()) {
            Problem.of(ProblemCode.NOT_FOUND, "no such page", request.getRequestURI(), RequestIds.of(request))
                    .writeTo(response);
            return;
        }
        write(asset.get(), docs ? DOCS_POLICY : DASHBOARD_POLICY, request, response, method.equals("HEAD"));
    }

    /** {@code /docs} and {@code /docs/} are the page itself; {@code /docs/x.js} names a file beside it. */
    private static String fileName(String pathInfo) {
        if (pathInfo == null || pathInfo.equals("/")) {
            return "index.html";
        }
        return pathInfo.substring(1);
    }

    private static void write(PageAsset asset, String policy, HttpServletRequest request, HttpServletResponse response,
            boolean headOnly) throws IOException {
        response.setHeader("Content-Security-Policy", policy);
        response.setHeader("Referrer-Policy", "no-referrer");
        response.setHeader("X-Frame-Options", "DENY");
        // small files that change with each release: always asked again, answered 304 while unchanged
        response.setHeader("Cache-Control", "no-cache");
        boolean gzip = asset.gzipped() != null && acceptsGzip(request);
        // each encoding is its own representation with its own tag; either one still current is a 304
        response.setHeader("ETag", "\"" + asset.etag() + (gzip ? "-gzip\"" : "\""));
        String ifNoneMatch = request.getHeader("If-None-Match");
        if (ifNoneMatch != null && (ifNoneMatch.contains("\"" + asset.etag()) || ifNoneMatch.strip().equals("*"))) {
            response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
            return;
        }
        response.setContentType(asset.contentType());
        byte[] body = gzip ? asset.gzipped() : asset.bytes();
        if (gzip) {
            response.setHeader("Content-Encoding", "gzip");
        }
        response.setContentLength(body.length);
        if (!headOnly) {
            try (OutputStream out = response.getOutputStream()) {
                out.write(body);
            }
        }
    }

    private static boolean acceptsGzip(HttpServletRequest request) {
        String accepted = request.getHeader("Accept-Encoding");
        if (accepted == null) {
            return false;
        }
        String lower = accepted.toLowerCase(Locale.ROOT).replace(" ", "");
        return lower.contains("gzip") && !lower.matches(".*gzip;q=0(\\.0*)?(,.*|$)");
    }
}
