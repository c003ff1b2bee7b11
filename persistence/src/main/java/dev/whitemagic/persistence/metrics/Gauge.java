package dev.whitemagic.persistence.metrics;

import java.util.List;
import java.util.function.DoubleSupplier;

/** A value read when the metrics are scraped, without labels; exposed as a Prometheus gauge. */
public final class Gauge extends MetricFamily<DoubleSupplier> {

    private volatile DoubleSupplier source;

    Gauge(String name, String help, DoubleSupplier source) {
        super(name, help, List.of(), values -> () -> Double.NaN);
        this.source = source;
    }

    @Override
    public String type() {
        return "gauge";
    }

    /** Reads from {@code source} from now on (a component started again registers its new state). */
    void readFrom(DoubleSupplier source) {
        this.source = source;
    }

    /** @return the current value */
    public double value() {
        return source.getAsDouble();
    }
}
