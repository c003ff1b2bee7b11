package dev.whitemagic.dist;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The packaged server ({@code java -jar target/whitemagic-server.jar}) started as a child process of the
 * test JVM, with its whole console captured in {@code target/it-logs/<name>.log}; the server's full log is in
 * {@code <WM_DATA_DIR>/logs/server.log}, and {@link #log()} reads both.
 *
 * <pre>{@code
 * try (RunningServer server = RunningServer.start("orders", Map.of("WM_ADMIN_TOKEN", "secret"))) {
 *     HttpRequest.newBuilder(server.baseUrl().resolve("api/v1/version")) ...
 *     assertThat(server.log()).doesNotContain("SEVERE");
 * }
 * }</pre>
 *
 * <p>Variables named {@code WM_*} in the test JVM's environment are not passed on, so a developer's shell
 * cannot redirect a test to another database. Unless given, {@code WM_PORT} is a free port and
 * {@code WM_DATA_DIR} a fresh {@code target/it-data/<name>}.
 */
public final class RunningServer implements AutoCloseable {

    /** The start of the line the launcher prints once the application answers. */
    public static final String READY_LINE = "WhiteMagic Cloud is ready at ";
    public static final Duration DEFAULT_READY_TIMEOUT = Duration.ofMinutes(4);
    public static final Duration DEFAULT_STOP_TIMEOUT = Duration.ofSeconds(90);

    private static final Set<RunningServer> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(RunningServer::stopAllLeftOver, "running-server-cleanup"));
    }

    private final String name;
    private final int port;
    private final Path dataDir;
    private final Path logFile;
    private final Process process;

    private RunningServer(String name, int port, Path dataDir, Path logFile, Process process) {
        this.name = name;
        this.port = port;
        this.dataDir = dataDir;
        this.logFile = logFile;
        this.process = process;
    }

    /**
     * The system property that names the application server ({@code WM_RUNTIME}) of every server a test run starts
     * without naming one itself; unset, the launcher's default (Payara Micro). The build sets it for the run of the
     * HTTP tests against WildFly.
     */
    public static final String RUNTIME_PROPERTY = "wm.it.runtime";

    /** How the launcher's console names the application server of this test run. */
    public static String serverName() {
        return "wildfly".equals(System.getProperty(RUNTIME_PROPERTY)) ? "WildFly" : "Payara Micro";
    }

    /** Launches the server and waits up to {@link #DEFAULT_READY_TIMEOUT} until it is ready. */
    public static RunningServer start(String name, Map<String, String> environment) {
        return launch(name, environment).awaitReady(DEFAULT_READY_TIMEOUT);
    }

    /**
     * Launches the server without waiting for it.
     *
     * @param name names the log file and the default data directory; one name per server in a test run
     * @param environment {@code WM_*} variables for the server, on top of a free {@code WM_PORT} and a fresh
     *                    {@code WM_DATA_DIR} when those are not given
     */
    public static RunningServer launch(String name, Map<String, String> environment) {
        Map<String, String> env = new HashMap<>(environment);
        String runtime = System.getProperty(RUNTIME_PROPERTY, "");
        if (!runtime.isBlank() && !env.containsKey("WM_RUNTIME")) {
            // The same tests against another application server: its own logs and data beside the default run's.
            env.put("WM_RUNTIME", runtime);
            name = name + "-" + runtime;
        }
        int port = env.containsKey("WM_PORT") ? Integer.parseInt(env.get("WM_PORT")) : freePort();
        env.put("WM_PORT", Integer.toString(port));
        Path dataDir = env.containsKey("WM_DATA_DIR") ? Path.of(env.get("WM_DATA_DIR")) : freshDirectory(name);
        env.put("WM_DATA_DIR", dataDir.toString());
        Path logFile = buildDirectory().resolve("it-logs").resolve(name + ".log");
        try {
            Files.createDirectories(logFile.getParent());
            ProcessBuilder builder = new ProcessBuilder(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-jar", serverJar().toString())
                    .redirectErrorStream(true)
                    .redirectOutput(logFile.toFile());
            builder.environment().keySet().removeIf(variable -> variable.startsWith("WM_"));
            builder.environment().putAll(env);
            RunningServer server = new RunningServer(name, port, dataDir, logFile, builder.start());
            LIVE.add(server);
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("could not launch " + serverJar(), e);
        }
    }

    /**
     * Waits until the launcher has printed {@link #READY_LINE}.
     *
     * @throws AssertionError with the end of the log if the server exits or is not ready in time; it is then stopped
     */
    public RunningServer awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!log().contains(READY_LINE)) {
            if (!process.isAlive()) {
                throw new AssertionError("server '" + name + "' exited with code " + process.exitValue()
                        + " before it was ready; log " + logFile + ":\n" + logTail(60));
            }
            if (System.nanoTime() > deadline) {
                close();
                throw new AssertionError("server '" + name + "' was not ready within " + timeout.toSeconds()
                        + " s; log " + logFile + ":\n" + logTail(60));
            }
            sleep(200);
        }
        return this;
    }

    /**
     * Waits for the launcher to end by itself.
     *
     * @return its exit code
     * @throws AssertionError if it is still running after {@code timeout}
     */
    public int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("server '" + name + "' still runs after " + timeout.toSeconds()
                        + " s; log " + logFile + ":\n" + logTail(30));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for server '" + name + "'", e);
        }
        LIVE.remove(this);
        return process.exitValue();
    }

    /**
     * Sends SIGTERM, as an operator would, and waits up to {@link #DEFAULT_STOP_TIMEOUT} for the launcher to end.
     *
     * @return its exit code
     */
    public int stop() {
        return stop(DEFAULT_STOP_TIMEOUT);
    }

    /** Sends SIGTERM and waits up to {@code timeout}; a launcher still running then is killed and fails the call. */
    public int stop(Duration timeout) {
        process.destroy();
        try {
            return awaitExit(timeout);
        } catch (AssertionError e) {
            process.destroyForcibly();
            throw e;
        }
    }

    /**
     * Kills the launcher with SIGKILL, as the kernel's out-of-memory killer would: no shutdown hook runs, so
     * what it started is left to end by itself.
     *
     * @return its exit code
     */
    public int kill() {
        process.destroyForcibly();
        return awaitExit(Duration.ofSeconds(30));
    }

    /** Stops the server if it still runs, without checking how it ended. */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(DEFAULT_STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
        LIVE.remove(this);
    }

    /** {@code http://localhost:<port>/}; resolve relative paths against it: {@code baseUrl().resolve("api/v1/version")}. */
    public URI baseUrl() {
        return URI.create("http://localhost:" + port + "/");
    }

    public String name() {
        return name;
    }

    public int port() {
        return port;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** The file that receives everything the launcher, PostgreSQL and Payara Micro print. */
    public Path logFile() {
        return logFile;
    }

    /** Everything captured so far. */
    public String log() {
        return console() + serverLog();
    }

    /** What the launcher printed: its own lines and one line per warning or error of the server. */
    public String console() {
        try {
            return Files.readString(logFile, Charset.defaultCharset());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The full log of this start, {@code <WM_DATA_DIR>/logs/server.log}: everything the application server and the
     * embedded database printed. Empty until the launcher has created it.
     */
    public String serverLog() {
        Path file = dataDir.resolve("logs").resolve("server.log");
        try {
            return Files.exists(file) ? Files.readString(file, java.nio.charset.StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The pid of the launcher (Payara Micro and PostgreSQL run as its children). */
    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The launcher's exit code once it has ended. */
    public OptionalInt exitCode() {
        return process.isAlive() ? OptionalInt.empty() : OptionalInt.of(process.exitValue());
    }

    /** The packaged server: system property {@code wm.server.jar}, else {@code target/whitemagic-server.jar}. */
    public static Path serverJar() {
        return Path.of(System.getProperty("wm.server.jar", "target/whitemagic-server.jar")).toAbsolutePath();
    }

    /** {@code target/}, where the server jar lies and logs and data directories go. */
    public static Path buildDirectory() {
        return serverJar().getParent();
    }

    /** An empty {@code target/it-data/<name>}, emptied if a previous run left it. */
    public static Path freshDirectory(String name) {
        Path dir = buildDirectory().resolve("it-data").resolve(name);
        try {
            if (Files.exists(dir)) {
                try (Stream<Path> paths = Files.walk(dir)) {
                    for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(path);
                    }
                }
            }
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Ports already handed out in this test run: the system may offer a port again before its taker binds it. */
    private static final java.util.Set<Integer> HANDED_OUT = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * A TCP port nothing listens on right now and that this run has not handed out before (a server's HTTP port and
     * its embedded database's port were once the same one, chosen a moment apart).
     */
    public static int freePort() {
        while (true) {
            try (ServerSocket socket = new ServerSocket(0)) {
                if (HANDED_OUT.add(socket.getLocalPort())) {
                    return socket.getLocalPort();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private String logTail(int lines) {
        List<String> all = new ArrayList<>(log().lines().filter(line -> !line.isBlank()).toList());
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    /** Sleeps, turning an interruption into a test failure. */
    public static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** A test JVM that ends early (a failed fork, Ctrl-C) still stops the servers it started. */
    private static void stopAllLeftOver() {
        LIVE.forEach(server -> server.process.destroy());
        LIVE.forEach(server -> {
            try {
                server.process.waitFor(DEFAULT_STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    @Override
    public String toString() {
        return "RunningServer[" + name + ", " + baseUrl() + ", pid " + process.pid() + "]";
    }
}
