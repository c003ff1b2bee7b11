package dev.whitemagic.rest.http;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Gives every response of the application its {@code X-Request-ID} (the client's when sane),
 * {@code X-Content-Type-Options: nosniff}, {@code Vary: Accept-Encoding} (the server gzips larger answers for
 * clients that accept it, so caches must key on it) and the {@code Date} HTTP asks of a server with a clock (Payara
 * sends none), set before anything else can answer.
 */
@WebFilter(filterName = "request-id", urlPatterns = "/*", asyncSupported = true)
public class RequestIdFilter extends HttpFilter {

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        response.setHeader(RequestIds.HEADER, RequestIds.of(request));
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.addHeader("Vary", "Accept-Encoding");
        response.setHeader("Date", HttpDates.now());
        chain.doFilter(request, response);
    }
}
