package dev.whitemagic.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class QuotaConfigTest {

    @Test
    void theDefaults_areAllowed() {
        QuotaConfig config = new QuotaConfig();

        config.check();

        assertThat(config.leaseMax()).isEqualTo(100);
        assertThat(config.leaseHold()).isEqualTo(Duration.ofMillis(500));
        assertThat(config.usageRetentionDays()).isEqualTo(90);
        assertThat(config.usageBufferSize()).isEqualTo(10_000);
        assertThat(config.usageFlushInterval()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void aRetentionBelowOneDay_failsTheStart_namingKeyValueAndWhatIsAllowed() {
        QuotaConfig config = new QuotaConfig();
        config.usageRetentionDays = 0;

        assertThatThrownBy(config::check).isInstanceOf(IllegalStateException.class)
                .hasMessage("configuration wm.usage.retention-days = 0 is not allowed: expected a whole number from 1 "
                        + "to 3650");
    }

    @Test
    void aFlushFasterThanTenMilliseconds_failsTheStart() {
        QuotaConfig config = new QuotaConfig();
        config.usageFlushMillis = 5;

        assertThatThrownBy(config::check).hasMessageContaining("wm.usage.flush-millis = 5");
    }
}
