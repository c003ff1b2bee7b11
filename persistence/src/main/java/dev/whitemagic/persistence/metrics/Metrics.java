package dev.whitemagic.persistence.metrics;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;

/**
 * The application's metrics: counters, gauges and timers registered by name, exposed in the Prometheus text format
 * by {@link PrometheusText} with the label {@code mp_scope="application"}.
 * <p>
 * The application keeps its own registry rather than MicroProfile Metrics' application scope: it runs the same on
 * every server (WildFly has no MicroProfile Metrics), and its exposition is exact — durations in seconds with real
 * buckets, a help text on every family, every family's lines together — where Payara Micro 6's writer gives timer
 * quantiles in nanoseconds and a {@code _mean} family without help. The server's own scopes ({@code base},
 * {@code vendor}) stay with the server.
 * <p>
 * Registering a name again returns the family already registered (a gauge then reads from the new source);
 * registering it with another type or other labels is a programming error.
 */
@ApplicationScoped
public class Metrics {

    /** The label every exposed series carries, as MicroProfile Metrics gives it, so queries can tell scopes apart. */
    public static final String SCOPE_LABEL = "mp_scope";

    public static final String SCOPE = "application";

    private final ConcurrentMap<String, MetricFamily<?>> families = new ConcurrentSkipListMap<>();

    /** @return the counter {@code name} (ending in {@code _total}) with these label names */
    public Counter counter(String name, String help, String... labelNames) {
        return register(Counter.class, name, List.of(labelNames), () -> new Counter(name, help, List.of(labelNames)));
    }

    /** @return the timer {@code name} (ending in {@code _seconds}) with these label names */
    public Timer timer(String name, String help, String... labelNames) {
        return register(Timer.class, name, List.of(labelNames), () -> new Timer(name, help, List.of(labelNames)));
    }

    /** Registers the gauge {@code name}, read from {@code source} at every scrape. */
    public Gauge gauge(String name, String help, DoubleSupplier source) {
        Gauge gauge = register(Gauge.class, name, List.of(), () -> new Gauge(name, help, source));
        gauge.readFrom(source);
        return gauge;
    }

    /** @return every family, by name */
    public Collection<MetricFamily<?>> families() {
        return families.values();
    }

    /** @return the family {@code name}, or {@code null} */
    public MetricFamily<?> family(String name) {
        return families.get(name);
    }

    private <F extends MetricFamily<?>> F register(Class<F> type, String name, List<String> labelNames,
                                                   Supplier<F> create) {
        MetricFamily<?> registered = families.get(name);
        if (registered == null) {
            F created = create.get();
            registered = families.putIfAbsent(name, created);
            if (registered == null) {
                return created;
            }
        }
        if (!type.isInstance(registered) || !registered.labelNames().equals(labelNames)) {
            throw new IllegalArgumentException("metric " + name + " is already a " + registered.type()
                    + " with the labels " + registered.labelNames());
        }
        return type.cast(registered);
    }
}
