package dev.whitemagic.rest.metrics;

import java.lang.management.ClassLoadingMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.lang.management.OperatingSystemMXBean;
import java.lang.management.ThreadMXBean;
import java.util.Locale;

/**
 * The JVM's figures under MicroProfile Metrics' base names ({@code memory_usedHeap_bytes}, {@code thread_count},
 * {@code gc_total}…, label {@code mp_scope="base"}), for a server that has no MicroProfile Metrics of its own
 * (WildFly): an operator's dashboards and alerts on the base scope keep working whichever server runs the WAR.
 */
final class JvmBaseMetrics {

    private JvmBaseMetrics() {
    }

    /** The base scope in Prometheus text, read from the platform's management beans now. */
    static String text() {
        StringBuilder text = new StringBuilder(2048);
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        gauge(text, "memory_usedHeap_bytes", "Displays the amount of used heap memory in bytes.", heap.getUsed());
        gauge(text, "memory_committedHeap_bytes",
                "Displays the amount of memory in bytes that is committed for the Java virtual machine to use.",
                heap.getCommitted());
        gauge(text, "memory_maxHeap_bytes",
                "Displays the maximum amount of heap memory in bytes that can be used for memory management.",
                heap.getMax());
        gauge(text, "jvm_uptime_seconds", "Displays the time elapsed since the start of the Java virtual machine.",
                ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        gauge(text, "thread_count", "Displays the current number of live threads including both daemon and "
                + "non-daemon threads.", threads.getThreadCount());
        gauge(text, "thread_daemon_count", "Displays the current number of live daemon threads.",
                threads.getDaemonThreadCount());
        gauge(text, "thread_max_count", "Displays the peak live thread count since the Java virtual machine started.",
                threads.getPeakThreadCount());
        ClassLoadingMXBean classes = ManagementFactory.getClassLoadingMXBean();
        gauge(text, "classloader_loadedClasses_count",
                "Displays the number of classes that are currently loaded in the Java virtual machine.",
                classes.getLoadedClassCount());
        counter(text, "classloader_loadedClasses_total",
                "Displays the total number of classes that have been loaded since the Java virtual machine started.",
                classes.getTotalLoadedClassCount());
        counter(text, "classloader_unloadedClasses_total",
                "Displays the total number of classes unloaded since the Java virtual machine started.",
                classes.getUnloadedClassCount());
        OperatingSystemMXBean system = ManagementFactory.getOperatingSystemMXBean();
        gauge(text, "cpu_availableProcessors",
                "Displays the number of processors available to the Java virtual machine.",
                system.getAvailableProcessors());
        gauge(text, "cpu_systemLoadAverage", "Displays the system load average for the last minute.",
                system.getSystemLoadAverage());
        header(text, "gc_total", "counter", "Displays the total number of collections that have occurred.");
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            sample(text, "gc_total", collector.getName(), Math.max(0, collector.getCollectionCount()));
        }
        header(text, "gc_time_seconds_total", "counter",
                "Displays the approximate accumulated collection elapsed time in seconds.");
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            sample(text, "gc_time_seconds_total", collector.getName(),
                    Math.max(0, collector.getCollectionTime()) / 1000.0);
        }
        return text.toString();
    }

    private static void gauge(StringBuilder text, String name, String help, double value) {
        header(text, name, "gauge", help);
        sample(text, name, null, value);
    }

    private static void counter(StringBuilder text, String name, String help, double value) {
        header(text, name, "counter", help);
        sample(text, name, null, value);
    }

    private static void header(StringBuilder text, String name, String type, String help) {
        text.append("# HELP ").append(name).append(' ').append(help).append('\n');
        text.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private static void sample(StringBuilder text, String name, String collector, double value) {
        text.append(name).append('{');
        if (collector != null) {
            // collector names are the JVM's own ("Copy", "G1 Young Generation"): no quote or backslash to escape
            text.append("mp_scope=\"base\",name=\"").append(collector).append("\"}");
        } else {
            text.append("mp_scope=\"base\"}");
        }
        text.append(' ').append(String.format(Locale.ROOT, "%s", value)).append('\n');
    }
}
