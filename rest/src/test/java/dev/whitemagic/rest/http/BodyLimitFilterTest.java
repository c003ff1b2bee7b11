package dev.whitemagic.rest.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.whitemagic.rest.error.PayloadTooLargeException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

class BodyLimitFilterTest {

    private static InputStream limited(int size, long limit) {
        return new BodyLimitFilter.LimitedInputStream(new ByteArrayInputStream(new byte[size]), limit);
    }

    @Test
    void bodyAtTheLimit_isReadWhole() throws IOException {
        assertThat(limited(1024, 1024).readAllBytes()).hasSize(1024);
    }

    @Test
    void bodyOneByteOverTheLimit_failsWhileReading() {
        assertThatThrownBy(() -> limited(1025, 1024).readAllBytes())
                .isInstanceOf(PayloadTooLargeException.class)
                .hasMessageContaining("1024");
    }

    @Test
    void byteByByteReading_isCountedToo() throws IOException {
        try (InputStream in = limited(11, 10)) {
            for (int i = 0; i < 10; i++) {
                assertThat(in.read()).isZero();
            }
            assertThatThrownBy(in::read).isInstanceOf(PayloadTooLargeException.class);
        }
    }

    @Test
    void skipping_isCountedToo() {
        assertThatThrownBy(() -> limited(100, 10).skip(50)).isInstanceOf(PayloadTooLargeException.class);
    }
}
