package dev.whitemagic.quota;

import dev.whitemagic.persistence.metrics.Counter;
import dev.whitemagic.persistence.metrics.Gauge;
import dev.whitemagic.persistence.metrics.Metrics;
import java.util.Map;
import java.util.TreeMap;

/** The application's registry for tests outside a container, with the counts and gauges in an assertable form. */
final class RecordingMetrics {

    final Metrics registry = new Metrics();

    /** @return the count of a counter, 0 if it was never incremented */
    long count(String name, String... labelValues) {
        return registry.family(name) instanceof Counter counter ? counter.value(labelValues) : 0;
    }

    /** @return every counter series counted at least once, as {@code name{values,...}} to count */
    Map<String, Long> counts() {
        Map<String, Long> all = new TreeMap<>();
        registry.families().forEach(family -> {
            if (family instanceof Counter counter) {
                counter.counts().forEach((values, count) -> {
                    if (count > 0) {
                        all.put(family.name() + "{" + String.join(",", values) + "}", count);
                    }
                });
            }
        });
        return all;
    }

    /** @return the gauge's current value */
    double gauge(String name) {
        if (registry.family(name) instanceof Gauge gauge) {
            return gauge.value();
        }
        throw new AssertionError("no gauge " + name + " registered");
    }
}
