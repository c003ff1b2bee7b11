package dev.whitemagic.dist.http;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rules a Prometheus server and {@code promtool check metrics} apply to a scrape in the text format 0.0.4, for
 * the tests: each family's lines together under at most one HELP and one TYPE, every series once, counters named
 * {@code _total}, histograms with cumulative buckets ending in {@code +Inf} equal to their {@code _count}, names in
 * snake case. {@link #problems} lists what breaks them.
 */
final class PrometheusTextCheck {

    private static final Pattern SAMPLE = Pattern.compile(
            "([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{((?:[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\]|\\\\.)*\",?)*)})? (\\S+)");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern SNAKE_CASE = Pattern.compile("[a-z_][a-z0-9_]*");

    /** A sample: its name, labels and value. */
    record Sample(String name, Map<String, String> labels, double value) {
    }

    /** A family as scraped. */
    static final class Family {
        String help;
        String type;
        final List<Sample> samples = new ArrayList<>();
    }

    private final Map<String, Family> families = new LinkedHashMap<>();
    private final List<String> problems = new ArrayList<>();

    PrometheusTextCheck(String text) {
        Set<String> closed = new HashSet<>();
        Set<String> seriesSeen = new HashSet<>();
        String current = null;
        for (String line : text.split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("# HELP ") || line.startsWith("# TYPE ")) {
                String[] parts = line.split(" ", 4);
                String name = parts[2];
                if (!name.equals(current)) {
                    enter(name, current, closed);
                    current = name;
                }
                Family family = families.computeIfAbsent(name, n -> new Family());
                String value = parts.length > 3 ? parts[3] : "";
                if (parts[1].equals("HELP")) {
                    if (family.help != null) {
                        problems.add("second HELP for " + name);
                    }
                    family.help = value;
                } else {
                    if (family.type != null) {
                        problems.add("second TYPE for " + name);
                    }
                    if (!family.samples.isEmpty()) {
                        problems.add("TYPE after samples for " + name);
                    }
                    family.type = value;
                }
                continue;
            }
            if (line.startsWith("#")) {
                continue;
            }
            Matcher sample = SAMPLE.matcher(line);
            if (!sample.matches()) {
                problems.add("not a sample line: " + line);
                continue;
            }
            String name = sample.group(1);
            String familyName = familyOf(name);
            if (!familyName.equals(current)) {
                enter(familyName, current, closed);
                current = familyName;
            }
            Map<String, String> labels = new LinkedHashMap<>();
            if (sample.group(3) != null) {
                Matcher label = LABEL.matcher(sample.group(3));
                while (label.find()) {
                    if (labels.put(label.group(1), label.group(2)) != null) {
                        problems.add("label " + label.group(1) + " twice: " + line);
                    }
                }
            }
            if (!seriesSeen.add(name + labels)) {
                problems.add("series twice: " + name + labels);
            }
            double value;
            try {
                value = parse(sample.group(4));
            } catch (NumberFormatException e) {
                problems.add("not a number: " + line);
                continue;
            }
            families.computeIfAbsent(familyName, n -> new Family()).samples.add(new Sample(name, labels, value));
        }
        families.forEach(this::lint);
    }

    private void enter(String family, String left, Set<String> closed) {
        if (left != null) {
            closed.add(left);
        }
        if (closed.contains(family)) {
            problems.add("the lines of " + family + " are not together");
        }
    }

    /** A histogram's or summary's {@code _bucket}, {@code _sum} and {@code _count} lines are of its family. */
    private String familyOf(String name) {
        for (String suffix : List.of("_bucket", "_sum", "_count")) {
            if (name.endsWith(suffix)) {
                Family family = families.get(name.substring(0, name.length() - suffix.length()));
                if (family != null && ("histogram".equals(family.type) || "summary".equals(family.type))) {
                    return name.substring(0, name.length() - suffix.length());
                }
            }
        }
        return name;
    }

    private void lint(String name, Family family) {
        if (family.help == null || family.help.isBlank()) {
            problems.add("no HELP for " + name);
        }
        if (family.type == null) {
            problems.add("no TYPE for " + name);
            return;
        }
        if (!SNAKE_CASE.matcher(name).matches()) {
            problems.add("not snake case: " + name);
        }
        if (family.type.equals("counter") && !name.endsWith("_total")) {
            problems.add("a counter without _total: " + name);
        }
        if (!family.type.equals("histogram") && !family.type.equals("summary") && name.endsWith("_count")) {
            problems.add("a " + family.type + " named _count: " + name);
        }
        if (family.type.equals("histogram")) {
            checkHistogram(name, family);
        }
    }

    private void checkHistogram(String name, Family family) {
        Map<Map<String, String>, List<Sample>> buckets = new HashMap<>();
        Map<Map<String, String>, Double> counts = new HashMap<>();
        for (Sample sample : family.samples) {
            Map<String, String> series = new HashMap<>(sample.labels());
            String le = series.remove("le");
            if (sample.name().equals(name + "_bucket")) {
                if (le == null) {
                    problems.add("a bucket without le: " + name);
                }
                buckets.computeIfAbsent(series, s -> new ArrayList<>()).add(sample);
            } else if (sample.name().equals(name + "_count")) {
                counts.put(series, sample.value());
            } else if (!sample.name().equals(name + "_sum")) {
                problems.add("a histogram sample that is none of _bucket, _sum, _count: " + sample.name());
            }
        }
        buckets.forEach((series, list) -> {
            double previous = -1;
            double previousCount = 0;
            for (Sample bucket : list) {
                double bound = parse(bucket.labels().get("le"));
                if (bound <= previous) {
                    problems.add("buckets not in increasing order: " + name + series);
                }
                if (bucket.value() < previousCount) {
                    problems.add("buckets not cumulative: " + name + series);
                }
                previous = bound;
                previousCount = bucket.value();
            }
            Sample last = list.get(list.size() - 1);
            if (!"+Inf".equals(last.labels().get("le"))) {
                problems.add("no +Inf bucket: " + name + series);
            } else if (!Double.valueOf(last.value()).equals(counts.get(series))) {
                problems.add("+Inf bucket is not the count: " + name + series);
            }
        });
    }

    private static double parse(String value) {
        return switch (value) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            case "NaN" -> Double.NaN;
            default -> Double.parseDouble(value);
        };
    }

    List<String> problems() {
        return problems;
    }

    Map<String, Family> families() {
        return families;
    }

    /** @return the value of the one sample of {@code name} with these labels (and maybe others) */
    double value(String name, Map<String, String> labels) {
        return families.values().stream().flatMap(family -> family.samples.stream())
                .filter(sample -> sample.name().equals(name))
                .filter(sample -> sample.labels().entrySet().containsAll(labels.entrySet()))
                .mapToDouble(Sample::value).findFirst()
                .orElse(0);
    }
}
