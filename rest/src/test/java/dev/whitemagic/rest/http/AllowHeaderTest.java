package dev.whitemagic.rest.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AllowHeaderTest {

    @Test
    void aResourceWithGet_listsHeadToo_asJaxRsAnswersIt() {
        assertThat(AllowHeader.normalised("GET, OPTIONS")).isEqualTo("HEAD, GET, OPTIONS");
        assertThat(AllowHeader.normalised("OPTIONS,GET,PATCH")).isEqualTo("HEAD, OPTIONS, GET, PATCH");
    }

    @Test
    void otherwise_theListStaysAsItIs_spacedOnce() {
        assertThat(AllowHeader.normalised("POST, OPTIONS")).isEqualTo("POST, OPTIONS");
        assertThat(AllowHeader.normalised("HEAD,GET,OPTIONS")).isEqualTo("HEAD, GET, OPTIONS");
        assertThat(AllowHeader.normalised("GET,GET, ,HEAD")).isEqualTo("GET, HEAD");
    }
}
