package dev.whitemagic.auth.key;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.whitemagic.domain.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class KeyEnvironmentTest {

    @Test
    void parse_valueRoundTrips() {
        assertThat(KeyEnvironment.PROD.value()).isEqualTo("prod");
        assertThat(KeyEnvironment.parse("prod")).isSameAs(KeyEnvironment.PROD);
        assertThat(KeyEnvironment.parse("test")).isSameAs(KeyEnvironment.TEST);
        assertThat(KeyEnvironment.parse("dev")).isSameAs(KeyEnvironment.DEV);
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "live", "PROD", "prod "})
    void parse_unknown_isInvalidInputOnEnvironment(String value) {
        assertThatThrownBy(() -> KeyEnvironment.parse(value))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.field()).isEqualTo("environment"));
    }
}
