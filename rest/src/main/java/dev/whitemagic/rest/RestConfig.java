package dev.whitemagic.rest;

import static dev.whitemagic.persistence.ConfigCheck.range;
import static dev.whitemagic.persistence.ConfigCheck.require;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The rest module's configuration (Whop's product map, read key by key, is {@code WhopProducts}'). Every value is
 * checked when the application starts: a wrong one fails the deployment with a message naming the key, the value and
 * what is allowed. The fields start at the defaults, for tests outside a container.
 */
@ApplicationScoped
public class RestConfig {

    /** An origin as a browser sends it: lower-case scheme and host, an optional port, nothing after. */
    private static final Pattern ORIGIN = Pattern.compile(
            "https?://(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)(?:\\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*(?::[0-9]{1,5})?"
                    + "|https?://\\[[0-9a-f:.]+](?::[0-9]{1,5})?");

    @Inject
    @ConfigProperty(name = "wm.http.max-body-bytes", defaultValue = "1048576")
    long maxBodyBytes = 1_048_576;

    @Inject
    @ConfigProperty(name = "wm.shutdown.signal-file")
    Optional<String> shutdownSignalFile = Optional.empty();

    @Inject
    @ConfigProperty(name = "wm.memories.access-flush-seconds", defaultValue = "15")
    long accessFlushSeconds = 15;

    @Inject
    @ConfigProperty(name = "wm.whop.webhook-secret")
    Optional<String> whopWebhookSecret = Optional.empty();

    @Inject
    @ConfigProperty(name = "wm.whop.event-retention-days", defaultValue = "90")
    long whopEventRetentionDays = 90;

    @Inject
    @ConfigProperty(name = "wm.http.cors.allowed-origins")
    Optional<String> corsAllowedOrigins = Optional.empty();

    void check(@Observes @Initialized(ApplicationScoped.class) Object started) {
        check();
    }

    /**
     * @throws IllegalStateException naming the first key whose value is not allowed
     */
    public void check() {
        range("wm.http.max-body-bytes", maxBodyBytes, 1_024, 1_073_741_824);
        range("wm.memories.access-flush-seconds", accessFlushSeconds, 1, 3_600);
        range("wm.whop.event-retention-days", whopEventRetentionDays, 1, 3_650);
        corsAllowedOrigins();
    }

    /** The largest request body, in bytes; larger is answered 413. */
    public long maxBodyBytes() {
        return maxBodyBytes;
    }

    /** A file whose appearance turns readiness DOWN before a shutdown, if configured. */
    public Optional<String> shutdownSignalFile() {
        return shutdownSignalFile;
    }

    /** How often the reads of memories ({@code accessed_at}) are written. */
    public Duration accessFlushInterval() {
        return Duration.ofSeconds(accessFlushSeconds);
    }

    /** Whop's webhook secrets, comma-separated; empty when the webhook is off. A secret: never shown in a message. */
    public Optional<String> whopWebhookSecrets() {
        return whopWebhookSecret;
    }

    /**
     * The web origins whose pages may call the API from a browser (CORS), from the comma-separated
     * {@code wm.http.cors.allowed-origins}: each {@code http(s)://host[:port]} exactly as a browser sends it, or
     * {@code *} for any. None by default: browsers then refuse cross-origin calls.
     *
     * @throws IllegalStateException naming the key if an entry is not an origin
     */
    public Set<String> corsAllowedOrigins() {
        Set<String> origins = new LinkedHashSet<>();
        for (String entry : corsAllowedOrigins.orElse("").split(",")) {
            String origin = entry.strip();
            if (origin.isEmpty()) {
                continue;
            }
            require("wm.http.cors.allowed-origins", origin, origin.equals("*") || ORIGIN.matcher(origin).matches(),
                    "a comma-separated list of origins such as https://app.example.com or http://localhost:3000 "
                            + "(scheme, host and port only, no path or trailing slash), or *");
            origins.add(origin);
        }
        return Set.copyOf(origins);
    }

    /** How long a handled Whop event id is kept (so a repeat within it is recognised). */
    public Duration whopEventRetention() {
        return Duration.ofDays(whopEventRetentionDays);
    }
}
