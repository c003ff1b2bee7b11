package dev.whitemagic.dist.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WildFlyProcessTest {

    @Test
    void command_runsJBossModulesDirectly_withItsOwnServerDirectory_thePortsAndTheOperatorsOptionsLast() {
        List<String> command = WildFlyProcess.command(Path.of("/jdk/bin/java"), List.of("-Xmx1g"),
                Path.of("/data/runtime/watch.jar"), Path.of("/opt/wm/wildfly"), Path.of("/data/runtime/wildfly"),
                9090, new WildFlyProcess.InternalPorts(40001, 40002, 40003));

        assertThat(command.get(0)).isEqualTo("/jdk/bin/java");
        assertThat(command).contains("-Duser.timezone=UTC", "-Dorg.jboss.logmanager.nocolor=true",
                "--add-opens=java.base/java.lang=ALL-UNNAMED", "-Dorg.wildfly.sigterm.suspend.timeout=30",
                "-Dlogging.configuration=file:/data/runtime/wildfly/configuration/logging.properties",
                "-DDJL_CACHE_DIR=/data/runtime/djl")
                .as("Payara's JTA platform must not reach WildFly")
                .noneMatch(option -> option.startsWith("-Dhibernate.transaction.jta.platform"));
        assertThat(command.subList(command.indexOf("-Xmx1g"), command.size())).containsExactly(
                "-Xmx1g",
                "-javaagent:/data/runtime/watch.jar",
                "-jar", "/opt/wm/wildfly/jboss-modules.jar",
                "-mp", "/opt/wm/wildfly/modules",
                "org.jboss.as.standalone",
                "-Djboss.home.dir=/opt/wm/wildfly",
                "-Djboss.server.base.dir=/data/runtime/wildfly",
                "-c", "standalone.xml",
                "-Djboss.bind.address=0.0.0.0",
                "-Djboss.http.port=9090",
                "-Djboss.management.http.port=40001",
                "-Dwm.txn.recovery.port=40002",
                "-Dwm.txn.status.port=40003");
    }

    @Test
    void prepare_copiesTheConfiguration_andPutsTheWarIntoDeployments(@TempDir Path directory) throws Exception {
        Path home = directory.resolve("wildfly");
        Files.createDirectories(home.resolve("standalone/configuration"));
        Files.writeString(home.resolve("standalone/configuration/standalone.xml"), "<server/>");
        Path war = Files.writeString(directory.resolve("whitemagic.war"), "war");
        Path serverDir = Files.createDirectories(directory.resolve("runtime/wildfly"));

        WildFlyProcess.prepare(home, war, serverDir);

        assertThat(serverDir.resolve("configuration/standalone.xml")).hasContent("<server/>");
        assertThat(serverDir.resolve("deployments/whitemagic.war")).hasContent("war");
        Files.writeString(serverDir.resolve("configuration/standalone.xml"), "<changed/>");
        assertThat(home.resolve("standalone/configuration/standalone.xml")).as("the distribution stays as built")
                .hasContent("<server/>");
    }

    @Test
    void transactionNodeId_isStablePerInstallation_differsBetweenThem_andFitsTheTransactionManager() {
        String one = WildFlyProcess.transactionNodeId(java.nio.file.Path.of("/srv/a/runtime/wildfly"));
        assertThat(one).startsWith("wm-").hasSizeLessThanOrEqualTo(23).isNotEqualTo("1");
        assertThat(WildFlyProcess.transactionNodeId(java.nio.file.Path.of("/srv/a/runtime/wildfly"))).isEqualTo(one);
        assertThat(WildFlyProcess.transactionNodeId(java.nio.file.Path.of("/srv/b/runtime/wildfly"))).isNotEqualTo(one);
    }
}
