package dev.whitemagic.quota;

import static dev.whitemagic.persistence.ConfigCheck.range;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The quota module's configuration of its own machinery (the plans' limits are read by {@link Plans}, key by key).
 * Every value is checked when the application starts: a wrong one fails the deployment with a message naming the
 * key, the value and what is allowed. The fields start at the defaults, for tests outside a container.
 */
@ApplicationScoped
public class QuotaConfig {

    @Inject
    @ConfigProperty(name = "wm.ratelimit.lease-max", defaultValue = "100")
    long leaseMax = 100;

    @Inject
    @ConfigProperty(name = "wm.ratelimit.lease-millis", defaultValue = "500")
    long leaseMillis = 500;

    @Inject
    @ConfigProperty(name = "wm.usage.retention-days", defaultValue = "90")
    long usageRetentionDays = 90;

    @Inject
    @ConfigProperty(name = "wm.usage.buffer-size", defaultValue = "10000")
    long usageBufferSize = 10_000;

    @Inject
    @ConfigProperty(name = "wm.usage.flush-millis", defaultValue = "1000")
    long usageFlushMillis = 1_000;

    void check(@Observes @Initialized(ApplicationScoped.class) Object started) {
        check();
    }

    /**
     * @throws IllegalStateException naming the first key whose value is not allowed
     */
    public void check() {
        range("wm.ratelimit.lease-max", leaseMax, 1, 1_000_000_000);
        range("wm.ratelimit.lease-millis", leaseMillis, 1, 3_600_000);
        range("wm.usage.retention-days", usageRetentionDays, 1, 3_650);
        range("wm.usage.buffer-size", usageBufferSize, 1, 10_000_000);
        range("wm.usage.flush-millis", usageFlushMillis, 10, 3_600_000);
    }

    /** The most requests one lease of a node may take from a user's window at once. */
    public long leaseMax() {
        return leaseMax;
    }

    /** How long an unused lease is held before it is given back. */
    public Duration leaseHold() {
        return Duration.ofMillis(leaseMillis);
    }

    /** How many UTC days of usage records are kept before the daily purge. */
    public int usageRetentionDays() {
        return (int) usageRetentionDays;
    }

    /** The most metered requests held in memory before new ones are dropped (and counted). */
    public int usageBufferSize() {
        return (int) usageBufferSize;
    }

    /** How often the usage buffer is written. */
    public Duration usageFlushInterval() {
        return Duration.ofMillis(usageFlushMillis);
    }
}
