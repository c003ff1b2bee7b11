package dev.whitemagic.dist.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.whitemagic.dist.pool.BoundedConnectionValidation;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PayaraProcessTest {

    @Test
    void command_putsTheOperatorsOptionsAfterTheFixedOnesAndDeploysAtTheRoot() {
        List<String> command = PayaraProcess.command(Path.of("/jdk/bin/java"), List.of("-Xmx1g", "-Duser.timezone=Europe/Vienna"),
                Path.of("/data/runtime/watch.jar"), Path.of("/opt/wm/lib/payara-micro.jar"), Path.of("/opt/wm/whitemagic.war"),
                9090, Path.of("/data/runtime/payara"), Path.of("/data/runtime/payara-preboot.asadmin"),
                Path.of("/data/runtime/payara-postboot.asadmin"),
                List.of(Path.of("/data/runtime/server-library.jar"), Path.of("/opt/wm/lib/postgresql.jar")));

        assertThat(command).containsExactly(
                "/jdk/bin/java",
                "-Duser.timezone=UTC",
                "-Dhibernate.transaction.jta.platform=org.hibernate.engine.transaction.jta.platform.internal.SunOneJtaPlatform",
                "-Dliquibase.analytics.enabled=false",
                "-Dorg.glassfish.grizzly.http.STRICT_HEADER_VALUE_VALIDATION_RFC_9110=false",
                "-DDJL_CACHE_DIR=/data/runtime/djl",
                "-Dai.djl.offline=true",
                "-Xmx1g",
                "-Duser.timezone=Europe/Vienna",
                "-javaagent:/data/runtime/watch.jar",
                "-jar", "/opt/wm/lib/payara-micro.jar",
                "--deploy", "/opt/wm/whitemagic.war",
                "--contextroot", "/",
                "--port", "9090",
                "--nohazelcast",
                "--disablephonehome",
                "--rootdir", "/data/runtime/payara",
                "--prebootcommandfile", "/data/runtime/payara-preboot.asadmin",
                "--postbootcommandfile", "/data/runtime/payara-postboot.asadmin",
                "--addlibs", "/data/runtime/server-library.jar:/opt/wm/lib/postgresql.jar");
    }

    @Test
    void postbootCommands_createTheDataSourceTheWarMaps_withoutAnyPasswordWrittenDown() {
        assertThat(PayaraProcess.POSTBOOT_COMMANDS.get(0)).startsWith("create-jdbc-connection-pool ")
                .contains("--maxpoolsize=32", "--maxwait=3000", "--validationclassname=" + PayaraProcess.CONNECTION_VALIDATION)
                .contains(":password=${ENV\\=WM_DB_PASSWORD\\:whitemagic}:")
                .contains(":options=-cstatement_timeout\\=${ENV\\=WM_DB_STATEMENT_TIMEOUT\\:5s}:")
                .endsWith(" whitemagic-pool");
        assertThat(PayaraProcess.POSTBOOT_COMMANDS).last().isEqualTo(
                "create-jdbc-resource --connectionpoolid=whitemagic-pool " + PayaraProcess.DATA_SOURCE);
    }

    @Test
    void property_escapesAsadminsSeparatorsInTheValue() {
        assertThat(PayaraProcess.property("url", "jdbc:postgresql://db:5432/wm?a=b"))
                .isEqualTo("url=jdbc\\:postgresql\\://db\\:5432/wm?a\\=b");
        assertThat(PayaraProcess.property("x", "a\\b")).isEqualTo("x=a\\\\b");
    }

    @Test
    void serverLibrary_holdsTheConnectionValidationThePoolLoads(@TempDir Path directory) throws Exception {
        assertThat(PayaraProcess.CONNECTION_VALIDATION).isEqualTo(BoundedConnectionValidation.class.getName());
        Path jar = PayaraProcess.writeServerLibrary(directory.resolve("server-library.jar"));
        try (JarFile library = new JarFile(jar.toFile())) {
            assertThat(library.stream().map(JarEntry::getName))
                    .contains("dev/whitemagic/dist/pool/BoundedConnectionValidation.class");
        }
    }
}
