package dev.whitemagic.rest.error;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AllowHeaderTest {

    @Test
    void aResourceWithGet_listsHeadToo_asJaxRsAnswersIt() {
        assertThat(WebApplicationExceptionMapper.withHead("GET, OPTIONS")).isEqualTo("HEAD, GET, OPTIONS");
        assertThat(WebApplicationExceptionMapper.withHead("OPTIONS,GET,PATCH")).isEqualTo("HEAD, OPTIONS, GET, PATCH");
    }

    @Test
    void otherwise_theListStaysAsItIs() {
        assertThat(WebApplicationExceptionMapper.withHead("POST, OPTIONS")).isEqualTo("POST, OPTIONS");
        assertThat(WebApplicationExceptionMapper.withHead("HEAD, GET, OPTIONS")).isEqualTo("HEAD, GET, OPTIONS");
    }
}
