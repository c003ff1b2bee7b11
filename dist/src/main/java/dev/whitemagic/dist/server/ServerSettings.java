package dev.whitemagic.dist.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * What the launcher reads from its environment; every other variable reaches the application untouched.
 */
record ServerSettings(
        int port,
        Path dataDir,
        String dbUrl,
        String dbUser,
        String dbPassword,
        List<String> javaOptions,
        Duration startTimeout,
        int embeddedDbPort,
        Duration shutdownGrace,
        ServerRuntime runtime) {

    /**
     * Sized for a small machine and a small idle footprint (docs/CONFIGURATION.md): the serial collector (no
     * concurrent collector's data structures, and on one or two cores no slower), a heap that starts small and gives
     * back what it does not need after a full collection ({@code Min/MaxHeapFreeRatio}; all of it at once, not a
     * tenth at the first collection and more at later ones: {@code -ShrinkHeapInSteps}; the heap still grows as
     * needed without a full collection), and glibc's free native memory returned every
     * 5 s ({@code TrimNativeHeapInterval}, JDK 17.0.9 and later), so what start-up and the first requests needed is
     * back soon after, and an idle server does not sit on what the last burst of compilation freed.
     */
    static final String DEFAULT_JAVA_OPTS = "-Xms32m -Xmx384m -XX:+UseSerialGC -XX:MinHeapFreeRatio=10"
            + " -XX:MaxHeapFreeRatio=10 -XX:-ShrinkHeapInSteps -XX:MaxMetaspaceSize=256m"
            + " -XX:ReservedCodeCacheSize=96m -XX:MaxDirectMemorySize=64m -XX:TrimNativeHeapInterval=5000"
            + " -XX:+ExitOnOutOfMemoryError";

    /**
     * Reads the settings, treating blank values as unset.
     *
     * @throws IllegalArgumentException naming the variable whose value cannot be used
     */
    static ServerSettings from(Map<String, String> env) {
        return new ServerSettings(
                portNumber(env, "WM_PORT", 8080),
                Path.of(value(env, "WM_DATA_DIR", "./data")),
                value(env, "WM_DB_URL", null),
                value(env, "WM_DB_USER", null),
                env.get("WM_DB_PASSWORD"),
                Arrays.asList(value(env, "WM_JAVA_OPTS", DEFAULT_JAVA_OPTS).trim().split("\\s+")),
                Duration.ofSeconds(positiveNumber(env, "WM_START_TIMEOUT_SECONDS", 180)),
                portNumber(env, "WM_EMBEDDED_DB_PORT", 0),
                Duration.ofSeconds(nonNegativeNumber(env, "WM_SHUTDOWN_GRACE_SECONDS", 0)),
                ServerRuntime.parse(value(env, "WM_RUNTIME", "payara")));
    }

    /** The same settings with another HTTP port: a server started only for a command must not take the usual one. */
    ServerSettings withPort(int otherPort) {
        return new ServerSettings(otherPort, dataDir, dbUrl, dbUser, dbPassword, javaOptions, startTimeout,
                embeddedDbPort, shutdownGrace, runtime);
    }

    boolean embeddedDatabase() {
        return dbUrl == null;
    }

    Path embeddedDbDir() {
        return dataDir.resolve("postgres");
    }

    /** Disposable files: the application server's directory, PostgreSQL's binaries, the launcher lock. */
    Path runtimeDir() {
        return dataDir.resolve("runtime");
    }

    /** The full log of the last start, and the one before it. */
    Path logDir() {
        return dataDir.resolve("logs");
    }

    /**
     * Where a running launcher leaves its port and its local admin token for commands on the same machine; only its
     * user may read it, and it exists only while the server is ready.
     */
    Path localAdminFile() {
        return runtimeDir().resolve("local-admin.properties");
    }

    /** The lock a running launcher holds on its data directory. */
    Path lockFile() {
        return runtimeDir().resolve("launcher.lock");
    }

    /**
     * The file whose existence tells the application that it is about to be stopped (readiness DOWN): created on
     * SIGTERM, {@link #shutdownGrace} before the application server is stopped.
     */
    Path shutdownSignalFile() {
        return runtimeDir().resolve("shutting-down");
    }

    /** The database URL as it may be printed: a password given as a URL parameter is masked. */
    String printableDbUrl() {
        return dbUrl == null ? null : dbUrl.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }

    @Override
    public String toString() {
        return "ServerSettings[port=" + port + ", dataDir=" + dataDir + ", dbUrl=" + printableDbUrl()
                + ", dbUser=" + dbUser + ", javaOptions=" + javaOptions + ", startTimeout=" + startTimeout
                + ", embeddedDbPort=" + embeddedDbPort + ", shutdownGrace=" + shutdownGrace + ", runtime=" + runtime + "]";
    }

    private static String value(Map<String, String> env, String name, String fallback) {
        String value = env.get(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    private static int portNumber(Map<String, String> env, String name, int fallback) {
        int port = number(env, name, fallback);
        if (port < 0 || port > 65535 || (port == 0 && fallback != 0)) {
            throw new IllegalArgumentException(name + " must be a TCP port between 1 and 65535, not " + port);
        }
        return port;
    }

    private static int positiveNumber(Map<String, String> env, String name, int fallback) {
        int number = number(env, name, fallback);
        if (number <= 0) {
            throw new IllegalArgumentException(name + " must be a positive number, not " + number);
        }
        return number;
    }

    private static int nonNegativeNumber(Map<String, String> env, String name, int fallback) {
        int number = number(env, name, fallback);
        if (number < 0) {
            throw new IllegalArgumentException(name + " must be 0 or more, not " + number);
        }
        return number;
    }

    private static int number(Map<String, String> env, String name, int fallback) {
        String value = value(env, name, null);
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, not '" + value + "'");
        }
    }
}
