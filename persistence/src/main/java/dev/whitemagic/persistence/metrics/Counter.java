package dev.whitemagic.persistence.metrics;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** A count that only goes up, by label values; exposed as a Prometheus counter. */
public final class Counter extends MetricFamily<LongAdder> {

    Counter(String name, String help, List<String> labelNames) {
        super(name, help, labelNames, values -> new LongAdder());
        if (!name.endsWith("_total")) {
            throw new IllegalArgumentException("a counter's name ends with _total: " + name);
        }
    }

    @Override
    public String type() {
        return "counter";
    }

    /** Adds one to the series of these label values. */
    public void inc(String... labelValues) {
        series(labelValues).increment();
    }

    /** Adds {@code amount} (not negative) to the series of these label values. */
    public void add(long amount, String... labelValues) {
        if (amount < 0) {
            throw new IllegalArgumentException("a counter does not go down: " + amount);
        }
        series(labelValues).add(amount);
    }

    /** Creates the series of these label values at 0, so that it is exposed before its first count. */
    public void touch(String... labelValues) {
        series(labelValues);
    }

    /** @return every series' count, by label values */
    public Map<List<String>, Long> counts() {
        Map<List<String>, Long> counts = new HashMap<>();
        series().forEach((values, adder) -> counts.put(values, adder.sum()));
        return counts;
    }

    /** @return the count of the series of these label values, 0 if it was never counted */
    public long value(String... labelValues) {
        LongAdder adder = series().get(List.of(labelValues));
        return adder == null ? 0 : adder.sum();
    }
}
