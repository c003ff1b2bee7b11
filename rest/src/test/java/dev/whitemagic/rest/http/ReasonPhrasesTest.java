package dev.whitemagic.rest.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReasonPhrasesTest {

    @Test
    void onAServerWithoutGrizzly_nothingHappens() {
        ClassLoader withoutGrizzly = new ClassLoader(null) {
        };

        assertThat(ReasonPhrases.register(withoutGrizzly)).isFalse();
    }
}
