package dev.whitemagic.persistence.metrics;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * Durations, by label values, counted in fixed buckets and exposed as a Prometheus histogram in seconds
 * ({@code _bucket} with {@code le}, {@code _sum}, {@code _count}); quantiles come from {@code histogram_quantile}
 * over any set of nodes, which per-node quantiles cannot give.
 */
public final class Timer extends MetricFamily<Timer.Series> {

    /** Upper bounds in seconds: 1 ms to 10 s, covering a cached read to a statement timeout. */
    static final double[] BOUNDS = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

    private static final long[] BOUNDS_NANOS = new long[BOUNDS.length];

    static {
        for (int i = 0; i < BOUNDS.length; i++) {
            BOUNDS_NANOS[i] = Math.round(BOUNDS[i] * 1e9);
        }
    }

    /** One series: a count per bucket (the last one above every bound) and the sum in nanoseconds. */
    static final class Series {
        final LongAdder[] buckets = new LongAdder[BOUNDS.length + 1];
        final LongAdder sumNanos = new LongAdder();

        Series() {
            for (int i = 0; i < buckets.length; i++) {
                buckets[i] = new LongAdder();
            }
        }

        void observe(long nanos) {
            long clamped = Math.max(0, nanos);
            int bucket = 0;
            while (bucket < BOUNDS_NANOS.length && clamped > BOUNDS_NANOS[bucket]) {
                bucket++;
            }
            buckets[bucket].increment();
            sumNanos.add(clamped);
        }
    }

    Timer(String name, String help, List<String> labelNames) {
        super(name, help, labelNames, values -> new Series());
        if (!name.endsWith("_seconds")) {
            throw new IllegalArgumentException("a timer's name ends with _seconds: " + name);
        }
    }

    @Override
    public String type() {
        return "histogram";
    }

    /** Counts one duration of {@code nanos} nanoseconds (a negative one as 0) in the series of these values. */
    public void observeNanos(long nanos, String... labelValues) {
        series(labelValues).observe(nanos);
    }

    public void observe(Duration duration, String... labelValues) {
        observeNanos(duration.toNanos(), labelValues);
    }

    /** @return how many durations the series of these label values counted */
    public long count(String... labelValues) {
        Series series = series().get(List.of(labelValues));
        if (series == null) {
            return 0;
        }
        long count = 0;
        for (LongAdder bucket : series.buckets) {
            count += bucket.sum();
        }
        return count;
    }
}
