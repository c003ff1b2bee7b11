package dev.whitemagic.rest.http;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import java.io.IOException;
import java.time.Duration;

/**
 * Counts the requests being served, so that a stopping application lets them finish before it flushes its buffers
 * and the data source goes ({@link BackgroundWork#contextDestroyed}).
 */
@WebFilter(filterName = "in-flight-requests", urlPatterns = "/*", asyncSupported = true)
public class InFlightRequests extends HttpFilter {

    @Inject
    Counter counter;

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        counter.enter();
        try {
            chain.doFilter(request, response);
        } finally {
            counter.leave();
        }
    }

    /** The number of requests in flight, shared by the filter and the shutdown. */
    @ApplicationScoped
    public static class Counter {

        private final Object lock = new Object();
        private int inFlight;

        void enter() {
            synchronized (lock) {
                inFlight++;
            }
        }

        void leave() {
            synchronized (lock) {
                inFlight--;
                if (inFlight <= 0) {
                    lock.notifyAll();
                }
            }
        }

        /** Requests being served right now. */
        public int inFlight() {
            synchronized (lock) {
                return inFlight;
            }
        }

        /**
         * Waits until no request is being served, at most {@code timeout}.
         *
         * @return the requests still in flight when it returned (0: all finished)
         */
        public int awaitNone(Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            synchronized (lock) {
                while (inFlight > 0) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        break;
                    }
                    lock.wait(Math.max(1, left / 1_000_000));
                }
                return inFlight;
            }
        }
    }
}
