package dev.whitemagic.dist.server;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Map;
import javax.management.ObjectName;

/**
 * Makes the launcher small once the server is ready: from then on it only waits for Payara Micro and relays its
 * console, but it runs with whatever JVM options {@code java -jar} got (usually none: on a large machine a G1 heap
 * of a quarter of the memory, which the unpacking of PostgreSQL's binaries has grown to a few hundred MB).
 * <p>
 * The launcher cannot choose its own options, but two of them are manageable at run time: with
 * {@code MaxHeapFreeRatio} at 10 % the full collection that follows gives back all but a sliver of the free heap, and
 * glibc then returns the freed native memory ({@code System.trim_native_heap}, JDK 17.0.9 and later). Either step is
 * skipped on a JVM that does not offer it; nothing here can fail the launch. One setting has to be made at the very
 * start instead ({@link #boundNioBufferCache}), before anything the launcher does keeps memory it need not.
 */
final class IdleFootprint {

    private static final String TRIM_OPTION = "-XX:TrimNativeHeapInterval";

    private IdleFootprint() {
    }

    /**
     * The options for Payara Micro's JVM (the launcher's own {@code java}) without {@code TrimNativeHeapInterval} if
     * that JVM does not know it (before JDK 17.0.9), where it would refuse to start.
     */
    static List<String> forThisJvm(List<String> javaOptions) {
        if (javaOptions.stream().noneMatch(option -> option.startsWith(TRIM_OPTION + "="))) {
            return javaOptions;
        }
        try {
            ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).getVMOption("TrimNativeHeapInterval");
            return javaOptions;
        } catch (RuntimeException | LinkageError unknown) {
            return javaOptions.stream().filter(option -> !option.startsWith(TRIM_OPTION + "=")).toList();
        }
    }

    /** glibc's variable for the most malloc arenas a process may have. */
    static final String MALLOC_ARENA_MAX = "MALLOC_ARENA_MAX";

    /**
     * The environment the application server's process gets on top of the launcher's: at most two malloc arenas
     * unless the operator's environment says otherwise. glibc gives each thread that allocates natively an arena
     * of its own, up to eight per core, and an arena keeps what it once held: the server's many threads (request
     * threads, ONNX Runtime's, the JIT compilers') left ~6 MB more resident after an idle minute than two arenas do.
     * The Java heap is not malloc's, so requests do not contend for the two arenas. Read by glibc when the process
     * starts, so it cannot be set for the launcher itself.
     */
    static Map<String, String> serverEnvironment(Map<String, String> launcherEnvironment) {
        return launcherEnvironment.containsKey(MALLOC_ARENA_MAX) ? Map.of() : Map.of(MALLOC_ARENA_MAX, "2");
    }

    /** Above this size a write's temporary direct buffer is freed after the write instead of kept by its thread. */
    static final String MAX_CACHED_NIO_BUFFER = "262144";

    /**
     * Unpacking PostgreSQL's binaries writes each file through an asynchronous file channel, on the JDK's shared
     * pool of up to a few threads that live on for a minute after their last write; each such thread keeps the
     * temporary direct buffer of its largest write (several MB) for as long as it lives: ~25 MB held after
     * ready for nothing. A cap on the cached size ({@code jdk.nio.maxCachedBufferSize}, read once when NIO first
     * needs a temporary buffer) frees larger buffers after each write. Must run before anything uses NIO; an
     * operator's own setting wins.
     */
    static void boundNioBufferCache() {
        if (System.getProperty("jdk.nio.maxCachedBufferSize") == null) {
            System.setProperty("jdk.nio.maxCachedBufferSize", MAX_CACHED_NIO_BUFFER);
        }
    }

    static void shrink() {
        try {
            HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            hotspot.setVMOption("MinHeapFreeRatio", "0");
            hotspot.setVMOption("MaxHeapFreeRatio", "10");
        } catch (RuntimeException | LinkageError notHotSpot) {
            // another JVM, or the option is not manageable there: the collection below still shrinks what it can
        }
        System.gc();
        try {
            ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"), "systemTrimNativeHeap",
                    new Object[0], new String[0]);
        } catch (Exception | LinkageError noSuchCommand) {
            // before JDK 17.0.9, or not glibc: the native heap keeps what it has
        }
    }
}
