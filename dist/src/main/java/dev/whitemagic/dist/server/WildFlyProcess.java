package dev.whitemagic.dist.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * How the launcher runs WildFly with the WAR ({@link ServerProcess}): the distribution the build unpacked and
 * configured next to the launcher ({@code wildfly/}, read only), with a server directory of its own under the runtime
 * directory (configuration copied from the distribution, logs, data and the one deployment), started the way
 * {@code bin/standalone.sh} starts it, without the shell in between, so that SIGTERM reaches WildFly itself.
 */
final class WildFlyProcess {

    /** The configuration the build prepared (data source, PostgreSQL module, the settings the WAR needs). */
    static final String SERVER_CONFIG = "standalone.xml";

    /** How long WildFly, on SIGTERM, waits for the requests in progress before it stops (it takes no new ones). */
    static final int SUSPEND_TIMEOUT_SECONDS = 30;

    /**
     * Set for every start: the JVM's zone, no Liquibase analytics, no colour codes in the console, and what
     * {@code standalone.sh} and its {@code common.sh} pass to a JDK 17 JVM (the packages WildFly's modules open or
     * reach into).
     */
    static final List<String> FIXED_JVM_OPTIONS = List.of(
            "-Duser.timezone=UTC",
            "-Dliquibase.analytics.enabled=false",
            "-Dorg.jboss.logmanager.nocolor=true",
            "-Djava.net.preferIPv4Stack=true",
            "-Djava.awt.headless=true",
            "-Djboss.modules.system.pkgs=org.jboss.byteman",
            "-Djdk.serialFilter=maxbytes=10485760;maxdepth=128;maxarray=100000;maxrefs=300000",
            "--add-exports=java.desktop/sun.awt=ALL-UNNAMED",
            "--add-exports=java.naming/com.sun.jndi.ldap=ALL-UNNAMED",
            "--add-exports=java.naming/com.sun.jndi.url.ldap=ALL-UNNAMED",
            "--add-exports=java.naming/com.sun.jndi.url.ldaps=ALL-UNNAMED",
            "--add-exports=jdk.naming.dns/com.sun.jndi.dns=ALL-UNNAMED",
            "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens=java.base/java.io=ALL-UNNAMED",
            "--add-opens=java.base/java.net=ALL-UNNAMED",
            "--add-opens=java.base/java.security=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.management/javax.management=ALL-UNNAMED",
            "--add-opens=java.naming/javax.naming=ALL-UNNAMED");

    private WildFlyProcess() {
    }

    /** The ports WildFly listens on besides the application's: management (localhost) and transaction recovery. */
    record InternalPorts(int management, int recovery, int recoveryStatus) {
    }

    /**
     * The transaction manager's node identifier: WildFly's default ("1") is the same on every server, which it warns
     * about at each start because two servers sharing one would recover each other's transactions. This one is the
     * same for the same installation on the same host across restarts and differs between hosts and data directories;
     * at most 23 bytes, as the transaction manager allows.
     */
    static String transactionNodeId(Path serverDir) {
        String host = System.getenv().getOrDefault("HOSTNAME", "");
        if (host.isBlank()) {
            try {
                host = java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.io.IOException e) {
                host = "localhost";
            }
        }
        return "wm-" + Integer.toHexString((host + "|" + serverDir.toAbsolutePath()).hashCode());
    }

    /**
     * The command line: {@code java <fixed options> <WM_JAVA_OPTS> -javaagent:<watch> -jar wildfly/jboss-modules.jar
     * -mp wildfly/modules org.jboss.as.standalone -Djboss.home.dir=… -Djboss.server.base.dir=<serverDir> -c
     * standalone.xml} with the ports as system properties.
     */
    static List<String> command(Path java, List<String> javaOptions, Path agentJar, Path wildflyHome, Path serverDir,
                                int port, InternalPorts ports) {
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.add("-D[Standalone]");
        command.addAll(FIXED_JVM_OPTIONS);
        command.add("-DDJL_CACHE_DIR=" + serverDir.resolveSibling("djl"));
        command.add("-Dai.djl.offline=true");
        command.add("-Dorg.jboss.boot.log.file=" + serverDir.resolve("log/server.log"));
        command.add("-Dlogging.configuration=file:" + serverDir.resolve("configuration/logging.properties"));
        command.add("-Dorg.wildfly.sigterm.suspend.timeout=" + SUSPEND_TIMEOUT_SECONDS);
        command.add("-Djboss.tx.node.id=" + transactionNodeId(serverDir));
        command.addAll(javaOptions);
        command.add("-javaagent:" + agentJar);
        command.addAll(List.of(
                "-jar", wildflyHome.resolve("jboss-modules.jar").toString(),
                "-mp", wildflyHome.resolve("modules").toString(),
                "org.jboss.as.standalone",
                "-Djboss.home.dir=" + wildflyHome,
                "-Djboss.server.base.dir=" + serverDir,
                "-c", SERVER_CONFIG,
                "-Djboss.bind.address=0.0.0.0",
                "-Djboss.http.port=" + port,
                "-Djboss.management.http.port=" + ports.management(),
                "-Dwm.txn.recovery.port=" + ports.recovery(),
                "-Dwm.txn.status.port=" + ports.recoveryStatus()));
        return command;
    }

    /**
     * Fills the emptied server directory: the distribution's configuration (WildFly writes to it, the distribution
     * stays as the build left it) and the WAR in {@code deployments}, where WildFly's scanner deploys it at boot.
     */
    static void prepare(Path wildflyHome, Path war, Path serverDir) throws IOException {
        Path configuration = Files.createDirectories(serverDir.resolve("configuration"));
        try (Stream<Path> files = Files.list(wildflyHome.resolve("standalone/configuration"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Files.copy(file, configuration.resolve(file.getFileName()));
            }
        }
        Path deployments = Files.createDirectories(serverDir.resolve("deployments"));
        Path deployment = deployments.resolve(war.getFileName());
        try {
            Files.createSymbolicLink(deployment, war);
        } catch (IOException | UnsupportedOperationException e) {
            Files.copy(war, deployment);
        }
    }
}
