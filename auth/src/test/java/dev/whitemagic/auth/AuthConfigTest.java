package dev.whitemagic.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.whitemagic.auth.key.KeyEnvironment;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AuthConfigTest {

    @Test
    void theDefaults_areAllowed() {
        AuthConfig config = new AuthConfig();

        config.check();

        assertThat(config.keyEnvironment()).isEqualTo(KeyEnvironment.PROD);
        assertThat(config.cacheTtl()).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.failedAttemptsPerMinute()).isEqualTo(60);
        assertThat(config.adminTokens()).isEmpty();
    }

    @Test
    void aMisconfiguredKeyEnvironment_failsTheStart_namingKeyValueAndWhatIsAllowed() {
        AuthConfig config = AuthConfigs.withKeyEnvironment("live");

        assertThatThrownBy(config::check).isInstanceOf(IllegalStateException.class)
                .hasMessage("configuration wm.key.environment = live is not allowed: expected prod, test or dev");
    }

    @Test
    void aNumberOutOfRange_failsTheStart() {
        AuthConfig config = new AuthConfig();
        config.failedAttemptsPerMinute = 0;

        assertThatThrownBy(config::check).isInstanceOf(IllegalStateException.class)
                .hasMessage("configuration wm.auth.failed-attempts-per-minute = 0 is not allowed: expected a whole "
                        + "number from 1 to 1000000");
    }

    @Test
    void theAdminToken_isNeverShown() {
        AuthConfig config = new AuthConfig();
        config.adminToken = Optional.of("s3cret");
        config.cacheTtlSeconds = -1;

        assertThatThrownBy(config::check).message().doesNotContain("s3cret");
    }
}
