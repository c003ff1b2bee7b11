package dev.whitemagic.auth.throttle;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.whitemagic.auth.AuthConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Counts failed authentications per client address in fixed one-minute windows and blocks an address for the rest
 * of its window once it reaches the limit ({@code wm.auth.failed-attempts-per-minute}, default 60).
 * <p>
 * Why a fixed window of our own rather than Bucket4j: this guards against guessing, where precision does not
 * matter (at worst twice the limit passes around a window boundary, which is nothing against 26 random base62
 * characters), while an exact Retry-After (the end of the window) and a plain {@link Clock} for tests do; a token
 * bucket would instead let a blocked guesser back in at one attempt per refill. The whole state is one small record
 * per address, in a bounded Caffeine map whose entries expire with their window.
 */
@ApplicationScoped
public class FailedAuthentications {

    static final Duration WINDOW = Duration.ofMinutes(1);
    private static final Duration MINIMUM_RETRY = Duration.ofSeconds(1);

    private final Clock clock;
    private final int limit;
    private final Cache<String, Window> windows;

    /** One address's failures in the window that started at {@code start}. */
    private record Window(Instant start, int failures) {
        Instant end() {
            return start.plus(WINDOW);
        }
    }

    /** For the CDI client proxy only. */
    protected FailedAuthentications() {
        this.clock = null;
        this.limit = 0;
        this.windows = null;
    }

    @Inject
    FailedAuthentications(Clock clock, AuthConfig config) {
        this(clock, config.failedAttemptsPerMinute(), config.failedAttemptsMaxAddresses());
    }

    FailedAuthentications(Clock clock, int limit, long maxAddresses) {
        if (limit < 1) {
            throw new IllegalArgumentException("wm.auth.failed-attempts-per-minute must be positive, was " + limit);
        }
        if (maxAddresses < 1) {
            throw new IllegalArgumentException("wm.auth.failed-attempts.max-addresses must be positive, was "
                    + maxAddresses);
        }
        this.clock = clock;
        this.limit = limit;
        // Expiry follows the same clock as the windows, so tests that move the clock see addresses forgotten.
        this.windows = Caffeine.newBuilder()
                .expireAfterWrite(WINDOW)
                .executor(Runnable::run)
                .maximumSize(maxAddresses)
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
                .build();
    }

    /**
     * @param clientAddress the address the failures are counted for
     * @return empty if the address may try to authenticate; else how long until it may try again (at least one
     *         second, rounded up to whole seconds, for {@code Retry-After})
     */
    public Optional<Duration> blockedFor(String clientAddress) {
        Window window = windows.getIfPresent(clientAddress);
        Instant now = clock.instant();
        if (window == null || window.failures() < limit || !now.isBefore(window.end())) {
            return Optional.empty();
        }
        Duration left = Duration.between(now, window.end());
        long seconds = left.getSeconds() + (left.getNano() > 0 ? 1 : 0);
        Duration retry = Duration.ofSeconds(seconds);
        return Optional.of(retry.compareTo(MINIMUM_RETRY) < 0 ? MINIMUM_RETRY : retry);
    }

    /** Counts one failed authentication from the address. */
    public void recordFailure(String clientAddress) {
        Instant now = clock.instant();
        windows.asMap().compute(clientAddress, (address, window) ->
                window == null || !now.isBefore(window.end())
                        ? new Window(now, 1)
                        : new Window(window.start(), window.failures() + 1));
    }
}
