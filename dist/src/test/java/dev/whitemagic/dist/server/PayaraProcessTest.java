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
                Path.of("/data/runtime/server-library.jar"));

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
                "--addlibs", "/data/runtime/server-library.jar");
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
