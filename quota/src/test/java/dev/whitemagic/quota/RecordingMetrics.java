package dev.whitemagic.quota;

import java.lang.reflect.Proxy;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * A metric registry for tests outside a container: it records counters by name and tags (as
 * {@code name{tag=value,...}}, tags sorted) and the gauges registered, and refuses every other call.
 */
final class RecordingMetrics {

    private final Map<String, AtomicLong> counters = new ConcurrentHashMap<>();
    private final Map<String, Supplier<Number>> gauges = new ConcurrentHashMap<>();

    final MetricRegistry registry = (MetricRegistry) Proxy.newProxyInstance(MetricRegistry.class.getClassLoader(),
            new Class<?>[] {MetricRegistry.class}, (proxy, method, args) -> {
                if (method.getDeclaringClass() == Object.class) {
                    return objectMethod(proxy, method.getName(), args);
                }
                if (method.getName().equals("counter") && args.length == 2 && args[0] instanceof Metadata metadata) {
                    return counter(key(metadata.getName(), (Tag[]) args[1]));
                }
                if (method.getName().equals("gauge") && args.length == 4 && args[0] instanceof Metadata metadata) {
                    Object object = args[1];
                    @SuppressWarnings("unchecked")
                    Function<Object, Number> read = (Function<Object, Number>) args[2];
                    gauges.put(key(metadata.getName(), (Tag[]) args[3]), () -> read.apply(object));
                    return null;
                }
                throw new UnsupportedOperationException("not recorded: " + method);
            });

    /** @return the count of a counter, 0 if it was never incremented */
    long count(String name, String... tagPairs) {
        AtomicLong count = counters.get(name + tags(tagPairs));
        return count == null ? 0 : count.get();
    }

    /** @return every counter recorded, as name{tags} to count */
    Map<String, Long> counts() {
        Map<String, Long> all = new TreeMap<>();
        counters.forEach((key, value) -> all.put(key, value.get()));
        return all;
    }

    /** @return the gauge's current value */
    Number gauge(String name) {
        Supplier<Number> gauge = gauges.get(name + "{}");
        if (gauge == null) {
            throw new AssertionError("no gauge " + name + " registered; gauges: " + gauges.keySet());
        }
        return gauge.get();
    }

    private Counter counter(String key) {
        AtomicLong count = counters.computeIfAbsent(key, k -> new AtomicLong());
        return (Counter) Proxy.newProxyInstance(Counter.class.getClassLoader(), new Class<?>[] {Counter.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "inc" -> {
                        count.addAndGet(args == null ? 1 : (Long) args[0]);
                        yield null;
                    }
                    case "getCount" -> count.get();
                    case "toString", "hashCode", "equals" -> objectMethod(proxy, method.getName(), args);
                    default -> throw new UnsupportedOperationException("not recorded: " + method);
                });
    }

    private static Object objectMethod(Object proxy, String name, Object[] args) {
        return switch (name) {
            case "toString" -> "RecordingMetrics proxy";
            case "hashCode" -> System.identityHashCode(proxy);
            default -> proxy == args[0];
        };
    }

    private static String key(String name, Tag[] tags) {
        return name + "{" + Arrays.stream(tags == null ? new Tag[0] : tags)
                .map(tag -> tag.getTagName() + "=" + tag.getTagValue()).sorted().collect(Collectors.joining(","))
                + "}";
    }

    private static String tags(String... pairs) {
        Tag[] tags = new Tag[pairs.length / 2];
        for (int i = 0; i < tags.length; i++) {
            tags[i] = new Tag(pairs[2 * i], pairs[2 * i + 1]);
        }
        return key("", tags);
    }
}
