package dev.whitemagic.dist.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;

/**
 * Payara Micro with the WAR, run as a child process: a JVM of its own is simpler and smaller than
 * Payara's in-process API, and it can be stopped like any server.
 */
final class PayaraProcess {

    /** Set for every start: the JVM's zone, Hibernate's JTA platform on Payara, no Liquibase analytics. */
    static final List<String> FIXED_JVM_OPTIONS = List.of(
            "-Duser.timezone=UTC",
            "-Dhibernate.transaction.jta.platform=org.hibernate.engine.transaction.jta.platform.internal.SunOneJtaPlatform",
            "-Dliquibase.analytics.enabled=false",
            // Payara's HTTP layer refuses every header byte above 0x7F (it reads them as negative) with a bare 400;
            // with its strict value check off they reach the application, which refuses control characters itself
            // (RequestShape) with problem details.
            "-Dorg.glassfish.grizzly.http.STRICT_HEADER_VALUE_VALIDATION_RFC_9110=false");

    private static final String HTTP = "set configs.config.server-config.network-config.protocols.protocol"
            + ".http-listener.http.";

    /**
     * Payara's settings applied before it boots: no {@code Server: Payara Micro} header on the answers, which would
     * tell every client which server and release line to aim at; and gzip for the JSON, YAML and Prometheus text
     * answers of 1 KB or more when the client accepts it (a page of memories, the OpenAPI document and a scrape of
     * {@code /metrics} shrink several times).
     */
    static final List<String> PREBOOT_COMMANDS = List.of(
            HTTP + "server-header=false",
            // TRACE reaches the application, which refuses it with 405 problem details instead of a bare 400.
            HTTP + "trace-enabled=true",
            // Request line and headers up to 32 KB reach the application, which answers past its own limits (8 KB
            // target, 16 KB headers) with 414 and 431 problem details; beyond 32 KB the server answers a bare 400.
            HTTP + "header-buffer-length-bytes=32768",
            // A GET or DELETE with a body reaches the application (which ignores the body) instead of a bare 400.
            HTTP + "allow-payload-for-undefined-http-methods=true",
            HTTP + "compression=on",
            HTTP + "compression-min-size-bytes=1024",
            HTTP + "compressable-mime-type=application/json,application/problem+json,application/yaml,text/plain");

    private final Process process;
    private final ConsoleRelay console;

    private PayaraProcess(Process process, ConsoleRelay console) {
        this.process = process;
        this.console = console;
    }

    /**
     * The command line: {@code java <fixed options> <WM_JAVA_OPTS> -javaagent:<watch> -jar payara-micro.jar
     * --deploy whitemagic.war --contextroot / --port <port> --nohazelcast --disablephonehome --rootdir <dir>
     * --prebootcommandfile <file> --addlibs <jar>}.
     *
     * @param prebootFile where {@link #writePrebootCommands} wrote {@link #PREBOOT_COMMANDS}
     * @param serverLibrary the classes the server itself must load ({@link #writeServerLibrary})
     */
    static List<String> command(Path java, List<String> javaOptions, Path agentJar, Path payaraJar, Path war,
                                int port, Path rootDir, Path prebootFile, Path serverLibrary) {
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.addAll(FIXED_JVM_OPTIONS);
        // The embedding model's tokenizer unpacks its native library into DJL's cache: under the runtime directory
        // rather than the user's home. It never downloads anything (offline).
        command.add("-DDJL_CACHE_DIR=" + rootDir.resolveSibling("djl"));
        command.add("-Dai.djl.offline=true");
        command.addAll(javaOptions);
        command.add("-javaagent:" + agentJar);
        command.addAll(List.of(
                "-jar", payaraJar.toString(),
                "--deploy", war.toString(),
                "--contextroot", "/",
                "--port", Integer.toString(port),
                "--nohazelcast",
                "--disablephonehome",
                "--rootdir", rootDir.toString(),
                "--prebootcommandfile", prebootFile.toString(),
                "--addlibs", serverLibrary.toString()));
        return command;
    }

    /**
     * The connection pool's validation class, named in the WAR's data source. The pool loads it through the
     * current thread's context class loader: on a request's thread that sees the WAR, but the pool's own timer
     * (which validates idle connections) sees only the server's libraries, and there the class would be missing, the
     * connection taken for dead, and every connection of the pool closed, those in use with them. So it goes into
     * the server's libraries too. Named, not referenced: the launcher does not load it.
     */
    static final String CONNECTION_VALIDATION = "dev.whitemagic.dist.pool.BoundedConnectionValidation";

    /** Writes the jar of the classes the server itself must load ({@link #CONNECTION_VALIDATION}) to {@code jar}. */
    static Path writeServerLibrary(Path jar) {
        try {
            return ClassJar.write(jar, new Attributes(), CONNECTION_VALIDATION);
        } catch (IOException e) {
            throw new StartupFailure("cannot write " + jar + ": " + e, e);
        }
    }

    /** Writes {@link #PREBOOT_COMMANDS} to the file, one a line, for {@code --prebootcommandfile}. */
    static Path writePrebootCommands(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            return Files.write(file, PREBOOT_COMMANDS, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new StartupFailure("cannot write " + file + ": " + e, e);
        }
    }

    /**
     * Starts Payara Micro with a fresh root directory (Payara keeps configuration and deployments there
     * across runs, and everything it needs comes from the command line and the environment).
     */
    static PayaraProcess start(List<String> command, Path rootDir, Map<String, String> extraEnvironment,
                               ConsoleRelay console) {
        try {
            DisposableDirectory.emptied(rootDir);
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            // stdin stays a pipe that nobody writes to: ParentDeathWatch sees it close when the launcher dies
            builder.redirectInput(ProcessBuilder.Redirect.PIPE);
            builder.environment().putAll(extraEnvironment);
            Process process = builder.start();
            console.relay(process.getInputStream(), "payara-console");
            return new PayaraProcess(process, console);
        } catch (IOException e) {
            throw new StartupFailure("could not start Payara Micro: " + e.getMessage(), e);
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    int exitCode() {
        return process.exitValue();
    }

    int waitFor() throws InterruptedException {
        return process.waitFor();
    }

    /** Waits until Payara ends or {@code millis} have passed; 0 does not wait. */
    void waitFor(long millis) throws InterruptedException {
        if (millis > 0) {
            process.waitFor(millis, TimeUnit.MILLISECONDS);
        }
    }

    ConsoleRelay console() {
        return console;
    }

    /**
     * Sends SIGTERM, which runs Payara's orderly shutdown (readiness down, requests finish, buffers flushed),
     * and kills the process if it has not ended within {@code grace}.
     *
     * @return whether Payara ended by itself within the grace period
     */
    boolean stop(Duration grace) {
        if (!process.isAlive()) {
            return true;
        }
        process.destroy();
        try {
            if (process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                return true;
            }
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        return false;
    }
}
