import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Where the CPU of a request goes, from async-profiler's collapsed stacks: one column per profiled endpoint, one row
 * per part of the request path, in microseconds of CPU (all threads, background work included) per answered request.
 * A row counts the samples whose stack holds a frame of that part (inclusive: a row includes what it calls, so rows
 * overlap and do not add up); the second table attributes each sample once, to the nearest frame that is not the JDK's.
 *
 * <p>{@code java bench/ProfileTable.java INTERVAL_US NAME=FILE.collapsed:REQUESTS ...} prints Markdown.
 */
public final class ProfileTable {

    private static final Map<String, String> PARTS = new LinkedHashMap<>();

    static {
        PARTS.put("Jakarta Security: Soteria's bridge module, incl. our mechanism",
                "org/glassfish/soteria|com/sun/enterprise/security|jaspic|ApiKeyAuthenticationMechanism");
        PARTS.put("&nbsp;&nbsp;Soteria's BeanManager lookup through JNDI, each request",
                "org/glassfish/soteria/cdi/CdiUtils.getBeanManager");
        PARTS.put("&nbsp;&nbsp;our mechanism: key check, caches, limiter, usage",
                "dev/whitemagic/rest/security/ApiKeyAuthenticationMechanism\\.");
        PARTS.put("&nbsp;&nbsp;&nbsp;&nbsp;the rate limiter (RequestLimiter.take)", "dev/whitemagic/quota/RequestLimiter\\.take");
        PARTS.put("NamingException created (a failed JNDI lookup), each request", "javax/naming/NamingException.<init>");
        PARTS.put("JAX-RS filter: request metrics (timing)", "RequestMetricsFilter");
        PARTS.put("JAX-RS filter: metering", "MeteringFilter");
        PARTS.put("JAX-RS filter: rate-limit headers", "RateLimitFilter");
        PARTS.put("JAX-RS filters: outage, body limit, query text, OPTIONS",
                "DatabaseOutageFilter|BodyLimitFilter|QueryTextFilter|OptionsAnswers");
        PARTS.put("resource method (use case, interceptors, JPA beneath)",
                "dev/whitemagic/rest/(keys|memories|version)/[A-Za-z]+Resource\\.[a-z]");
        PARTS.put("per-request injection of resources and filters (Weld + HK2)",
                "org/jboss/weld/injection/producer/ResourceInjector.inject|org/jvnet/hk2/internal/ClazzCreator.create");
        PARTS.put("CDI interceptors and proxies (Weld)",
                "org/jboss/weld/(interceptor|bean/proxy)|InterceptorMethodHandler|CombinedInterceptorAndDecoratorStackMethodHandler");
        PARTS.put("JTA (transactional interceptor, transaction manager)",
                "TransactionalInterceptor|com/sun/enterprise/transaction|JavaEETransactionManager");
        PARTS.put("Hibernate", "org/hibernate/");
        PARTS.put("PgJDBC and the pool", "org/postgresql/|com/sun/gjc/");
        PARTS.put("usage records written (write-behind)", "dev/whitemagic/persistence/writebehind/WriteBehind\\.");
        PARTS.put("JSON-B/JSON-P writing", "org/eclipse/yasson|org/eclipse/parsson");
        PARTS.put("java.util.logging", "java/util/logging");
        PARTS.put("Jersey (routing, providers, response writing)", "org/glassfish/jersey");
        PARTS.put("Grizzly and the servlet container (I/O, HTTP, filter chain)",
                "org/glassfish/grizzly|org/apache/catalina");
        PARTS.put("our servlet filters and what they call (request id, methods, CORS, in flight)",
                "dev/whitemagic/rest/http/RequestIdFilter");
    }

    private record Run(String name, List<String[]> stacks, List<Long> counts, double requests) {
    }

    public static void main(String[] args) throws IOException {
        double intervalMicros = Double.parseDouble(args[0]);
        List<Run> runs = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            String[] nameRest = args[i].split("=", 2);
            int colon = nameRest[1].lastIndexOf(':');
            Path file = Path.of(nameRest[1].substring(0, colon));
            double requests = Double.parseDouble(nameRest[1].substring(colon + 1));
            List<String[]> stacks = new ArrayList<>();
            List<Long> counts = new ArrayList<>();
            for (String line : Files.readAllLines(file)) {
                int space = line.lastIndexOf(' ');
                if (space < 0) {
                    continue;
                }
                stacks.add(line.substring(0, space).split(";"));
                counts.add(Long.parseLong(line.substring(space + 1).trim()));
            }
            runs.add(new Run(nameRest[0], stacks, counts, requests));
        }
        StringBuilder header = new StringBuilder("| part of the request | ");
        StringBuilder rule = new StringBuilder("|---|");
        for (Run run : runs) {
            header.append(run.name()).append(" | ");
            rule.append("---:|");
        }
        if (runs.size() > 1) {
            header.append(runs.get(1).name()).append(" − ").append(runs.get(0).name()).append(" |");
            rule.append("---:|");
        }
        System.out.println("CPU µs per answered request (inclusive; rows overlap)\n");
        System.out.println(header);
        System.out.println(rule);
        row("**all CPU, every thread**", runs, intervalMicros, stack -> true);
        for (Map.Entry<String, String> part : PARTS.entrySet()) {
            Pattern pattern = Pattern.compile(part.getValue());
            row(part.getKey(), runs, intervalMicros, stack -> {
                for (String frame : stack) {
                    if (pattern.matcher(frame).find()) {
                        return true;
                    }
                }
                return false;
            });
        }
        System.out.println("\nEach sample once, to the nearest frame that is not the JDK's or the kernel's "
                + "(library by package, ours by class); the 15 largest differences\n");
        List<Map<String, Double>> owners = new ArrayList<>();
        TreeSet<String> keys = new TreeSet<>();
        for (Run run : runs) {
            Map<String, Double> byOwner = new HashMap<>();
            for (int s = 0; s < run.stacks().size(); s++) {
                String owner = owner(run.stacks().get(s));
                byOwner.merge(owner, run.counts().get(s) * intervalMicros / run.requests(), Double::sum);
            }
            owners.add(byOwner);
            keys.addAll(byOwner.keySet());
        }
        int cmp = Math.min(1, runs.size() - 1);
        List<String> sorted = new ArrayList<>(keys);
        sorted.sort((a, b) -> Double.compare(
                owners.get(cmp).getOrDefault(b, 0.0) - owners.get(0).getOrDefault(b, 0.0),
                owners.get(cmp).getOrDefault(a, 0.0) - owners.get(0).getOrDefault(a, 0.0)));
        System.out.println(header.toString().replace("part of the request", "nearest non-JDK frame"));
        System.out.println(rule);
        for (String key : sorted.subList(0, Math.min(15, sorted.size()))) {
            StringBuilder line = new StringBuilder("| `" + key + "` | ");
            for (Map<String, Double> byOwner : owners) {
                line.append(String.format(Locale.ROOT, "%.1f | ", byOwner.getOrDefault(key, 0.0)));
            }
            if (runs.size() > 1) {
                line.append(String.format(Locale.ROOT, "%+.1f |",
                        owners.get(1).getOrDefault(key, 0.0) - owners.get(0).getOrDefault(key, 0.0)));
            }
            System.out.println(line);
        }
    }

    private static String owner(String[] stack) {
        for (int i = stack.length - 1; i >= 0; i--) {
            String frame = stack[i];
            if (frame.startsWith("java/") || frame.startsWith("jdk/") || frame.startsWith("sun/")
                    || frame.startsWith("[") || frame.contains("::") || frame.endsWith("_[k]")
                    || !frame.contains("/")) {
                continue;
            }
            if (frame.startsWith("dev/whitemagic/")) {
                int dot = frame.lastIndexOf('.');
                return dot > 0 ? frame.substring(0, dot) : frame;
            }
            String[] parts = frame.split("/");
            return String.join("/", java.util.Arrays.copyOf(parts, Math.min(3, parts.length)));
        }
        return "(JDK, JVM or kernel only)";
    }

    private static void row(String label, List<Run> runs, double intervalMicros,
                            java.util.function.Predicate<String[]> selected) {
        StringBuilder line = new StringBuilder("| " + label + " | ");
        double[] values = new double[runs.size()];
        for (int r = 0; r < runs.size(); r++) {
            Run run = runs.get(r);
            long samples = 0;
            for (int s = 0; s < run.stacks().size(); s++) {
                if (selected.test(run.stacks().get(s))) {
                    samples += run.counts().get(s);
                }
            }
            values[r] = samples * intervalMicros / run.requests();
            line.append(String.format(Locale.ROOT, "%.1f | ", values[r]));
        }
        if (runs.size() > 1) {
            line.append(String.format(Locale.ROOT, "%+.1f |", values[1] - values[0]));
        }
        System.out.println(line);
    }
}
