package dev.whitemagic.persistence.metrics;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * One metric family: a name, a help text, a type and the series it holds, one per combination of label values.
 *
 * @param <S> what one series keeps
 */
public abstract sealed class MetricFamily<S> permits Counter, Gauge, Timer {

    private static final Pattern NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    private final String name;
    private final String help;
    private final List<String> labelNames;
    private final Map<List<String>, S> series = new ConcurrentHashMap<>();
    private final Function<List<String>, S> newSeries;

    MetricFamily(String name, String help, List<String> labelNames, Function<List<String>, S> newSeries) {
        this.name = checkedName(name);
        this.help = Objects.requireNonNull(help, "help");
        if (help.isBlank()) {
            throw new IllegalArgumentException("metric " + name + " needs a help text");
        }
        labelNames.forEach(MetricFamily::checkedName);
        if (labelNames.contains(Metrics.SCOPE_LABEL)) {
            throw new IllegalArgumentException("the label " + Metrics.SCOPE_LABEL + " is added on exposition");
        }
        this.labelNames = List.copyOf(labelNames);
        this.newSeries = newSeries;
        if (labelNames.isEmpty()) {
            // A family without labels has one series, exposed at zero from the start.
            series(new String[0]);
        }
    }

    /** @return the family's name as exposed, with its unit and {@code _total} suffix */
    public String name() {
        return name;
    }

    public String help() {
        return help;
    }

    /** @return the Prometheus type: {@code counter}, {@code gauge} or {@code histogram} */
    public abstract String type();

    public List<String> labelNames() {
        return labelNames;
    }

    /** @return the series, by label values in the order of {@link #labelNames()} */
    Map<List<String>, S> series() {
        return series;
    }

    /**
     * @return the series of these label values, created (at zero) the first time
     * @throws IllegalArgumentException if the number of values is not the number of labels, or a value is null
     */
    S series(String... labelValues) {
        List<String> key = List.of(labelValues);
        S found = series.get(key);
        if (found != null) {
            return found;
        }
        if (labelValues.length != labelNames.size()) {
            throw new IllegalArgumentException(name + " takes the labels " + labelNames + ", not "
                    + labelValues.length + " values");
        }
        return series.computeIfAbsent(key, newSeries);
    }

    private static String checkedName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a metric or label name: " + name);
        }
        return name;
    }
}
