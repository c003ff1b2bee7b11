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
        assertThat(config.corsAllowedOrigins()).as("no cross-origin calls unless configured").isEmpty();
    }

    @Test
    void corsOrigins_areACommaSeparatedListOfOrigins_orAStar() {
        RestConfig config = new RestConfig();
        config.corsAllowedOrigins = Optional.of(" https://app.example.com, http://localhost:3000 ,,http://[::1]:8080");

        config.check();

        assertThat(config.corsAllowedOrigins())
                .containsExactlyInAnyOrder("https://app.example.com", "http://localhost:3000", "http://[::1]:8080");
        config.corsAllowedOrigins = Optional.of("*");
        assertThat(config.corsAllowedOrigins()).containsExactly("*");
    }

    @Test
    void aCorsEntryThatIsNotAnOrigin_failsTheStart_namingIt() {
        for (String wrong : new String[] {"https://app.example.com/", "https://app.example.com/path", "app.example.com",
                "ftp://app.example.com", "https://APP.example.com", "https://*.example.com", "null"}) {
            RestConfig config = new RestConfig();
            config.corsAllowedOrigins = Optional.of("https://ok.example.com," + wrong);

            assertThatThrownBy(config::check).as(wrong).isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("configuration wm.http.cors.allowed-origins = " + wrong
                            + " is not allowed: expected a comma-separated list of origins");
        }
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
