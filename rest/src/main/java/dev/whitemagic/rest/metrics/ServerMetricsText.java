package dev.whitemagic.rest.metrics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Puts the server's own metrics (the {@code base} and {@code vendor} scopes) in order for a scrape of every scope:
 * each family's lines together, under its one {@code # HELP} and {@code # TYPE}, each series once. Payara Micro 6
 * writes the whole scrape with every base and vendor series twice, and a summary's {@code _mean} and {@code _max}
 * lines between its other lines, which Prometheus' parser refuses. Series of the {@code application} scope are left
 * out, and a family left without series with them: the application writes its own.
 */
final class ServerMetricsText {

    private static final String APPLICATION_SCOPE = "mp_scope=\"application\"";

    /** One family: its comment lines and its samples, each series (the line up to its value) once. */
    private static final class Family {
        String help;
        String type;
        final Map<String, String> samples = new LinkedHashMap<>();
    }

    private ServerMetricsText() {
    }

    static String regrouped(String text) {
        Map<String, Family> families = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty()) {
                continue;
            }
            if (trimmed.startsWith("#")) {
                comment(trimmed, families);
                continue;
            }
            String series = seriesOf(trimmed);
            String name = nameOf(series);
            Family family = families.computeIfAbsent(familyOf(name, families.keySet()), key -> new Family());
            if (trimmed.contains(APPLICATION_SCOPE)) {
                continue;
            }
            family.samples.putIfAbsent(series, trimmed);
        }
        StringBuilder out = new StringBuilder(text.length());
        families.forEach((name, family) -> {
            if (family.samples.isEmpty()) {
                return;
            }
            if (family.help != null) {
                out.append("# HELP ").append(name).append(' ').append(family.help).append('\n');
            }
            if (family.type != null) {
                out.append("# TYPE ").append(name).append(' ').append(family.type).append('\n');
            }
            family.samples.values().forEach(sample -> out.append(sample).append('\n'));
        });
        return out.toString();
    }

    private static void comment(String line, Map<String, Family> families) {
        String[] parts = line.split(" ", 4);
        if (parts.length < 3 || !(parts[1].equals("HELP") || parts[1].equals("TYPE"))) {
            return;
        }
        Family family = families.computeIfAbsent(parts[2], key -> new Family());
        String text = parts.length == 4 ? parts[3] : "";
        if (parts[1].equals("HELP") && family.help == null) {
            family.help = text;
        } else if (parts[1].equals("TYPE") && family.type == null) {
            family.type = text;
        }
    }

    /** @return the sample line without its value (and timestamp): the series it is of */
    private static String seriesOf(String sample) {
        int labelsEnd = sample.lastIndexOf('}');
        int end = labelsEnd >= 0 ? labelsEnd + 1 : sample.indexOf(' ');
        return end > 0 ? sample.substring(0, end) : sample;
    }

    private static String nameOf(String series) {
        int labels = series.indexOf('{');
        return labels >= 0 ? series.substring(0, labels) : series;
    }

    /** A summary's or histogram's {@code _count}, {@code _sum} and {@code _bucket} lines belong to its family. */
    private static String familyOf(String sampleName, Set<String> known) {
        if (known.contains(sampleName)) {
            return sampleName;
        }
        for (String suffix : List.of("_count", "_sum", "_bucket")) {
            if (sampleName.endsWith(suffix)) {
                String base = sampleName.substring(0, sampleName.length() - suffix.length());
                if (known.contains(base)) {
                    return base;
                }
            }
        }
        return sampleName;
    }
}
