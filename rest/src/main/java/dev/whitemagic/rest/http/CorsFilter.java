package dev.whitemagic.rest.http;

import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Answers CORS preflights and marks the answers of cross-origin calls ({@link Cors}); the authentication mechanism,
 * which answers some requests before any filter, marks those itself.
 */
@WebFilter(filterName = "cors", urlPatterns = "/api/*", asyncSupported = true)
public class CorsFilter extends HttpFilter {

    @Inject
    Cors cors;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (cors.answerPreflight(request, response)) {
            return;
        }
        cors.addHeaders(request, response);
        chain.doFilter(request, response);
    }
}
