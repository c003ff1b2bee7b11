package dev.whitemagic.auth;

import static dev.whitemagic.persistence.ConfigCheck.range;
import static dev.whitemagic.persistence.ConfigCheck.require;

import dev.whitemagic.auth.key.KeyEnvironment;
import dev.whitemagic.domain.InvalidInputException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The auth module's configuration, the only place it is read. Every value is checked when the application starts:
 * a wrong one fails the deployment with a message naming the key, the value and what is allowed. The fields start
 * at the defaults, so a test outside a container can use {@code new AuthConfig()} and change what it needs.
 */
@ApplicationScoped
public class AuthConfig {

    private static final long MAX_ENTRIES = 100_000_000L;

    @Inject
    @ConfigProperty(name = "wm.key.environment", defaultValue = "prod")
    String keyEnvironment = "prod";

    @Inject
    @ConfigProperty(name = "wm.auth.cache.ttl-seconds", defaultValue = "300")
    long cacheTtlSeconds = 300;

    @Inject
    @ConfigProperty(name = "wm.auth.cache.max-entries", defaultValue = "100000")
    long cacheMaxEntries = 100_000;

    @Inject
    @ConfigProperty(name = "wm.auth.unknown-keys.ttl-seconds", defaultValue = "60")
    long unknownKeysTtlSeconds = 60;

    @Inject
    @ConfigProperty(name = "wm.auth.unknown-keys.max-entries", defaultValue = "100000")
    long unknownKeysMaxEntries = 100_000;

    @Inject
    @ConfigProperty(name = "wm.auth.usage.flush-seconds", defaultValue = "15")
    long usageFlushSeconds = 15;

    @Inject
    @ConfigProperty(name = "wm.auth.failed-attempts-per-minute", defaultValue = "60")
    long failedAttemptsPerMinute = 60;

    @Inject
    @ConfigProperty(name = "wm.auth.failed-attempts.max-addresses", defaultValue = "100000")
    long failedAttemptsMaxAddresses = 100_000;

    @Inject
    @ConfigProperty(name = "wm.admin.token")
    Optional<String> adminToken = Optional.empty();

    @Inject
    @ConfigProperty(name = "wm.admin.local-token")
    Optional<String> adminLocalToken = Optional.empty();

    void check(@Observes @Initialized(ApplicationScoped.class) Object started) {
        check();
    }

    /**
     * @throws IllegalStateException naming the first key whose value is not allowed
     */
    public void check() {
        keyEnvironment();
        range("wm.auth.cache.ttl-seconds", cacheTtlSeconds, 1, 86_400);
        range("wm.auth.cache.max-entries", cacheMaxEntries, 1, MAX_ENTRIES);
        range("wm.auth.unknown-keys.ttl-seconds", unknownKeysTtlSeconds, 1, 86_400);
        range("wm.auth.unknown-keys.max-entries", unknownKeysMaxEntries, 1, MAX_ENTRIES);
        range("wm.auth.usage.flush-seconds", usageFlushSeconds, 1, 3_600);
        range("wm.auth.failed-attempts-per-minute", failedAttemptsPerMinute, 1, 1_000_000);
        range("wm.auth.failed-attempts.max-addresses", failedAttemptsMaxAddresses, 1, MAX_ENTRIES);
    }

    /** The environment of a key made without one: {@code prod}, {@code test} or {@code dev}. */
    public KeyEnvironment keyEnvironment() {
        try {
            return KeyEnvironment.parse(keyEnvironment);
        } catch (InvalidInputException e) {
            // A configuration mistake, not a client's: never a 400 on a field the client did not send.
            require("wm.key.environment", keyEnvironment, false, "prod, test or dev");
            throw e;
        }
    }

    /** How long a verified key is served from memory at most (invalidations evict it sooner). */
    public Duration cacheTtl() {
        return Duration.ofSeconds(cacheTtlSeconds);
    }

    public long cacheMaxEntries() {
        return cacheMaxEntries;
    }

    /** How long a hash that matched no key is refused without a query. */
    public Duration unknownKeysTtl() {
        return Duration.ofSeconds(unknownKeysTtlSeconds);
    }

    public long unknownKeysMaxEntries() {
        return unknownKeysMaxEntries;
    }

    /** How often the last use of keys is written. */
    public Duration usageFlushInterval() {
        return Duration.ofSeconds(usageFlushSeconds);
    }

    /** Failed authentications one address may make per minute before it is refused with 429. */
    public int failedAttemptsPerMinute() {
        return (int) failedAttemptsPerMinute;
    }

    public long failedAttemptsMaxAddresses() {
        return failedAttemptsMaxAddresses;
    }

    /** The admin tokens, comma-separated; empty when the admin API is off. A secret: never shown in a message. */
    public Optional<String> adminTokens() {
        return adminToken;
    }

    /**
     * The packaged server's own admin token for commands run on the same machine ({@code create-user}): set by the
     * launcher at each start, kept in a file only its user can read, accepted only from a loopback address. A secret.
     */
    public Optional<String> adminLocalToken() {
        return adminLocalToken;
    }
}
