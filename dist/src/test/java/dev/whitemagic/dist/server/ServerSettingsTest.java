package dev.whitemagic.dist.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServerSettingsTest {

    @Test
    void from_emptyEnvironment_usesTheDefaults() {
        ServerSettings settings = ServerSettings.from(Map.of());

        assertThat(settings.port()).isEqualTo(8080);
        assertThat(settings.dataDir()).isEqualTo(Path.of("./data"));
        assertThat(settings.embeddedDatabase()).isTrue();
        assertThat(settings.embeddedDbDir()).isEqualTo(Path.of("./data/postgres"));
        assertThat(settings.embeddedDbPort()).isZero();
        assertThat(settings.javaOptions()).containsExactly("-Xms32m", "-Xmx384m", "-XX:+UseSerialGC",
                "-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=10", "-XX:-ShrinkHeapInSteps",
                "-XX:MaxMetaspaceSize=256m",
                "-XX:ReservedCodeCacheSize=96m", "-XX:MaxDirectMemorySize=64m", "-XX:TrimNativeHeapInterval=5000",
                "-XX:+ExitOnOutOfMemoryError");
        assertThat(settings.startTimeout()).isEqualTo(Duration.ofSeconds(180));
        assertThat(settings.shutdownGrace()).isZero();
        assertThat(settings.shutdownSignalFile()).isEqualTo(Path.of("./data/runtime/shutting-down"));
        assertThat(settings.runtime()).isEqualTo(ServerRuntime.PAYARA);
    }

    @Test
    void from_runtime_isPayaraOrWildFly_inAnyCase_andNothingElse() {
        assertThat(ServerSettings.from(Map.of("WM_RUNTIME", " WildFly ")).runtime()).isEqualTo(ServerRuntime.WILDFLY);
        assertThat(ServerSettings.from(Map.of("WM_RUNTIME", "payara")).runtime()).isEqualTo(ServerRuntime.PAYARA);
        assertThat(ServerSettings.from(Map.of("WM_RUNTIME", "")).runtime()).isEqualTo(ServerRuntime.PAYARA);
        assertThatThrownBy(() -> ServerSettings.from(Map.of("WM_RUNTIME", "tomcat")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("WM_RUNTIME must be payara or wildfly, not 'tomcat'");
    }

    @Test
    void from_blankValues_areTreatedAsUnset() {
        ServerSettings settings = ServerSettings.from(Map.of("WM_PORT", " ", "WM_DB_URL", "", "WM_JAVA_OPTS", "  "));

        assertThat(settings.port()).isEqualTo(8080);
        assertThat(settings.embeddedDatabase()).isTrue();
        assertThat(settings.javaOptions()).contains("-Xmx384m");
    }

    @Test
    void from_givenValues_areUsed() {
        ServerSettings settings = ServerSettings.from(Map.of(
                "WM_PORT", "9090",
                "WM_DATA_DIR", "/var/lib/whitemagic",
                "WM_DB_URL", "jdbc:postgresql://db:5432/wm",
                "WM_JAVA_OPTS", " -Xmx1g   -XX:+UseSerialGC ",
                "WM_START_TIMEOUT_SECONDS", "30",
                "WM_EMBEDDED_DB_PORT", "55432",
                "WM_SHUTDOWN_GRACE_SECONDS", "7"));

        assertThat(settings.port()).isEqualTo(9090);
        assertThat(settings.dataDir()).isEqualTo(Path.of("/var/lib/whitemagic"));
        assertThat(settings.embeddedDatabase()).isFalse();
        assertThat(settings.javaOptions()).containsExactly("-Xmx1g", "-XX:+UseSerialGC");
        assertThat(settings.startTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.embeddedDbPort()).isEqualTo(55432);
        assertThat(settings.shutdownGrace()).isEqualTo(Duration.ofSeconds(7));
    }

    @Test
    void from_unusablePort_namesTheVariable() {
        assertThatIllegalArgumentException().isThrownBy(() -> ServerSettings.from(Map.of("WM_PORT", "eighty")))
                .withMessage("WM_PORT must be a whole number, not 'eighty'");
        assertThatIllegalArgumentException().isThrownBy(() -> ServerSettings.from(Map.of("WM_PORT", "0")))
                .withMessageStartingWith("WM_PORT must be a TCP port");
        assertThatIllegalArgumentException().isThrownBy(() -> ServerSettings.from(Map.of("WM_START_TIMEOUT_SECONDS", "-1")))
                .withMessageStartingWith("WM_START_TIMEOUT_SECONDS must be a positive number");
        assertThatIllegalArgumentException().isThrownBy(() -> ServerSettings.from(Map.of("WM_SHUTDOWN_GRACE_SECONDS", "-1")))
                .withMessageStartingWith("WM_SHUTDOWN_GRACE_SECONDS must be 0 or more");
    }

    @Test
    void printedForms_neverShowThePassword() {
        ServerSettings settings = ServerSettings.from(Map.of(
                "WM_DB_URL", "jdbc:postgresql://db/wm?user=wm&password=hunter2&ssl=true",
                "WM_DB_PASSWORD", "s3cret"));

        assertThat(settings.printableDbUrl()).isEqualTo("jdbc:postgresql://db/wm?user=wm&password=***&ssl=true");
        assertThat(settings.toString()).doesNotContain("hunter2").doesNotContain("s3cret");
    }
}
