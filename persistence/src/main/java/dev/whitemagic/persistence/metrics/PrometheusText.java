package dev.whitemagic.persistence.metrics;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Writes metric families in the Prometheus text exposition format 0.0.4: for each family its {@code # HELP} and
 * {@code # TYPE} lines, then all its samples; label values and help texts escaped as the format asks.
 */
public final class PrometheusText {

    /** The media type of the format, as Prometheus asks for it. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private PrometheusText() {
    }

    /** @return the families in the text format, each series with {@code mp_scope="<scope>"} added */
    public static String write(Iterable<MetricFamily<?>> families, String scope) {
        StringBuilder out = new StringBuilder(8192);
        for (MetricFamily<?> family : families) {
            write(family, scope, out);
        }
        return out.toString();
    }

    static void write(MetricFamily<?> family, String scope, StringBuilder out) {
        String name = family.name();
        out.append("# HELP ").append(name).append(' ').append(escapeHelp(family.help())).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(family.type()).append('\n');
        List<String> labelNames = family.labelNames();
        if (family instanceof Gauge gauge) {
            sample(out, name, labels(labelNames, List.of(), scope), number(gauge.value()));
        } else if (family instanceof Counter counter) {
            for (Map.Entry<List<String>, LongAdder> series : sorted(counter.series())) {
                sample(out, name, labels(labelNames, series.getKey(), scope), Long.toString(series.getValue().sum()));
            }
        } else if (family instanceof Timer timer) {
            for (Map.Entry<List<String>, Timer.Series> series : sorted(timer.series())) {
                histogram(out, name, labels(labelNames, series.getKey(), scope), series.getValue());
            }
        }
    }

    private static void histogram(StringBuilder out, String name, String labels, Timer.Series series) {
        long cumulative = 0;
        for (int i = 0; i < series.buckets.length; i++) {
            cumulative += series.buckets[i].sum();
            String bound = i < Timer.BOUNDS.length ? plain(Timer.BOUNDS[i]) : "+Inf";
            sample(out, name + "_bucket", labels.substring(0, labels.length() - 1) + ",le=\"" + bound + "\"}",
                    Long.toString(cumulative));
        }
        sample(out, name + "_sum", labels, number(series.sumNanos.sum() / 1e9));
        sample(out, name + "_count", labels, Long.toString(cumulative));
    }

    private static <S> List<Map.Entry<List<String>, S>> sorted(Map<List<String>, S> series) {
        List<Map.Entry<List<String>, S>> entries = new ArrayList<>(series.entrySet());
        entries.sort((a, b) -> String.join("\u0000", a.getKey()).compareTo(String.join("\u0000", b.getKey())));
        return entries;
    }

    private static String labels(List<String> names, List<String> values, String scope) {
        StringBuilder labels = new StringBuilder("{");
        for (int i = 0; i < names.size(); i++) {
            labels.append(names.get(i)).append("=\"").append(escapeLabel(values.get(i))).append("\",");
        }
        return labels.append(Metrics.SCOPE_LABEL).append("=\"").append(escapeLabel(scope)).append("\"}").toString();
    }

    private static void sample(StringBuilder out, String name, String labels, String value) {
        out.append(name).append(labels).append(' ').append(value).append('\n');
    }

    static String number(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "+Inf" : "-Inf";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return Double.toString(value);
    }

    private static String plain(double bound) {
        return BigDecimal.valueOf(bound).stripTrailingZeros().toPlainString();
    }

    static String escapeLabel(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    static String escapeHelp(String help) {
        return help.replace("\\", "\\\\").replace("\n", "\\n");
    }
}
