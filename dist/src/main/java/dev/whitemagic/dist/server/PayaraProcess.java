package dev.whitemagic.dist.server;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;

/** How the launcher runs Payara Micro with the WAR ({@link ServerProcess}). */
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

    /** The application's data source: the name the WAR's payara-web.xml maps {@code java:app/jdbc/whitemagic} to. */
    static final String DATA_SOURCE = "jdbc/whitemagic";

    private static final String POOL = "whitemagic-pool";

    /**
     * Payara's commands after it booted, before it deploys the WAR: the application's data source, the server's as
     * on WildFly (not the WAR's). 2 to 32 connections; a request waits at most 3 s for one, then fails and is
     * answered 503 with Retry-After instead of queueing without bound (Payara's default is 60 s). A connection is
     * validated when handed out, at most every 10 s (otherwise every checkout costs a round trip before the request's
     * own statement), by a check bounded to one second ({@link #CONNECTION_VALIDATION}); one broken connection
     * closes them all, so a restarted database is reconnected at once.
     *
     * <p>Connection settings are {@code ${ENV=…}} references that Payara resolves from its environment (the
     * launcher's, with the embedded database's URL and user), so no password is written to disk or printed (a
     * {@code set} command would print the resolved value). PgJDBC sends the
     * statement timeout with every new connection ({@code -cstatement_timeout=…}: PostgreSQL's option syntax without
     * the blank, which a command line would split), and the socket, connect and login timeouts bound a database that
     * does not answer at all: the statement timeout is enforced by the database itself, so a hung database would hold
     * a request as long as it hangs. The socket timeout is one second above the statement timeout, so that a slow
     * statement is cancelled cleanly first; the login bound is short because the pool opens connections one after
     * another inside a single checkout while the database does not answer.
     */
    static final List<String> POSTBOOT_COMMANDS = List.of(
            "create-jdbc-connection-pool --datasourceclassname=org.postgresql.ds.PGSimpleDataSource"
                    + " --restype=javax.sql.DataSource --steadypoolsize=2 --maxpoolsize=32 --maxwait=3000"
                    + " --isconnectvalidatereq=true --validationmethod=custom-validation"
                    + " --validationclassname=" + PayaraProcess.CONNECTION_VALIDATION + " --failconnection=true"
                    + " --property " + String.join(":",
                            property("url", env("WM_DB_URL", "jdbc:postgresql://localhost:5432/whitemagic")),
                            property("user", env("WM_DB_USER", "whitemagic")),
                            property("password", env("WM_DB_PASSWORD", "whitemagic")),
                            property("options", "-cstatement_timeout=" + env("WM_DB_STATEMENT_TIMEOUT", "5s")),
                            property("socketTimeout", env("WM_DB_SOCKET_TIMEOUT_SECONDS", "6")),
                            property("connectTimeout", "3"),
                            property("loginTimeout", "2"))
                    + " " + POOL,
            "set resources.jdbc-connection-pool." + POOL + ".validate-atmost-once-period-in-seconds=10",
            "create-jdbc-resource --connectionpoolid=" + POOL + " " + DATA_SOURCE);

    /** {@code ${ENV=NAME:default}}: Payara's reference to an environment variable, resolved when the value is used. */
    private static String env(String name, String fallback) {
        return "${ENV=" + name + ":" + fallback + "}";
    }

    /**
     * One {@code name=value} of asadmin's {@code --property} list, whose separators (a colon between properties, the
     * first equals sign in each) are escaped with a backslash inside the value.
     */
    static String property(String name, String value) {
        return name + "=" + value.replace("\\", "\\\\").replace(":", "\\:").replace("=", "\\=");
    }

    private PayaraProcess() {
    }

    /**
     * The command line: {@code java <fixed options> <WM_JAVA_OPTS> -javaagent:<watch> -jar payara-micro.jar
     * --deploy whitemagic.war --contextroot / --port <port> --nohazelcast --disablephonehome --rootdir <dir>
     * --prebootcommandfile <file> --postbootcommandfile <file> --addlibs <jar>:<jar>}.
     *
     * @param prebootFile where {@link #writeCommands} wrote {@link #PREBOOT_COMMANDS}
     * @param postbootFile where {@link #writeCommands} wrote {@link #POSTBOOT_COMMANDS}
     * @param serverLibraries what the server itself must load: {@link #writeServerLibrary} and PgJDBC
     */
    static List<String> command(Path java, List<String> javaOptions, Path agentJar, Path payaraJar, Path war,
                                int port, Path rootDir, Path prebootFile, Path postbootFile,
                                List<Path> serverLibraries) {
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
                "--postbootcommandfile", postbootFile.toString(),
                "--addlibs", String.join(File.pathSeparator, serverLibraries.stream().map(Path::toString).toList())));
        return command;
    }

    /**
     * The connection pool's validation class, named in the data source ({@link #POSTBOOT_COMMANDS}). The pool loads
     * it through the
     * current thread's context class loader: on a request's thread that sees the WAR, but the pool's own timer
     * (which validates idle connections) sees only the server's libraries, and there the class would be missing, the
     * connection taken for dead, and every connection of the pool closed, those in use with them. So it goes into
     * the server's libraries too. Named, not referenced: the launcher does not load it.
     */
    static final String CONNECTION_VALIDATION = "dev.whitemagic.dist.pool.BoundedConnectionValidation";

    /**
     * Writes the jar of the classes the server itself must load ({@link #CONNECTION_VALIDATION}) to {@code jar}. It
     * goes on the server's class path together with PgJDBC ({@code lib/postgresql.jar}), which the server's pool
     * loads its driver from.
     */
    static Path writeServerLibrary(Path jar) {
        try {
            return ClassJar.write(jar, new Attributes(), CONNECTION_VALIDATION);
        } catch (IOException e) {
            throw new StartupFailure("cannot write " + jar + ": " + e, e);
        }
    }

    /** Writes asadmin commands to the file, one a line, for {@code --prebootcommandfile} or {@code --postboot…}. */
    static Path writeCommands(Path file, List<String> commands) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            return Files.write(file, commands, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new StartupFailure("cannot write " + file + ": " + e, e);
        }
    }
}
