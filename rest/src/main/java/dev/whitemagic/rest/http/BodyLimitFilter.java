package dev.whitemagic.rest.http;

import dev.whitemagic.rest.error.PayloadTooLargeException;
import jakarta.annotation.Priority;
import dev.whitemagic.rest.RestConfig;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.ext.Provider;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Refuses bodies over {@code wm.http.max-body-bytes}: at once when {@code Content-Length} says so,
 * and while reading when the body is chunked or the header lied.
 */
@Provider
@PreMatching
@Priority(Priorities.AUTHENTICATION - 100)
public class BodyLimitFilter implements ContainerRequestFilter {

    @Inject
    RestConfig config;

    @Override
    public void filter(ContainerRequestContext context) throws IOException {
        long maxBodyBytes = config.maxBodyBytes();
        if (context.getLength() > maxBodyBytes) {
            throw new PayloadTooLargeException(maxBodyBytes);
        }
        if (context.hasEntity()) {
            context.setEntityStream(new LimitedInputStream(context.getEntityStream(), maxBodyBytes));
        }
    }

    /** Counts what is read and fails as soon as the count passes the limit. */
    static final class LimitedInputStream extends FilterInputStream {

        private final long limit;
        private long count;

        LimitedInputStream(InputStream in, long limit) {
            super(in);
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                counted(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                counted(n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            counted(skipped);
            return skipped;
        }

        private void counted(long n) throws PayloadTooLargeException {
            count += n;
            if (count > limit) {
                throw new PayloadTooLargeException(limit);
            }
        }
    }
}
