package dev.whitemagic.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RestConfigTest {

    @Test
    void theDefaults_areAllowed() {
        RestConfig config = new RestConfig();

        config.check();

        assertThat(config.maxBodyBytes()).isEqualTo(1_048_576);
        assertThat(config.accessFlushInterval()).isEqualTo(Duration.ofSeconds(15));
        assertThat(config.whopEventRetention()).isEqualTo(Duration.ofDays(90));
        assertThat(config.whopWebhookSecrets()).isEmpty();
    }

    @Test
    void aWebhookRetentionBelowOneDay_failsTheStart_namingKeyValueAndWhatIsAllowed() {
        RestConfig config = new RestConfig();
        config.whopEventRetentionDays = 0;

        assertThatThrownBy(config::check).isInstanceOf(IllegalStateException.class)
                .hasMessage("configuration wm.whop.event-retention-days = 0 is not allowed: expected a whole number "
                        + "from 1 to 3650");
    }

    @Test
    void theWebhookSecret_isNeverShown() {
        RestConfig config = new RestConfig();
        config.whopWebhookSecret = Optional.of("whsec_s3cret");
        config.maxBodyBytes = 0;

        assertThatThrownBy(config::check).hasMessageContaining("wm.http.max-body-bytes = 0").message()
                .doesNotContain("whsec_s3cret");
    }
}
