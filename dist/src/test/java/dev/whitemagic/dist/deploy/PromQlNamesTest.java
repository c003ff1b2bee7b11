package dev.whitemagic.dist.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PromQlNamesTest {

    @Test
    void names_leaveOutFunctionsLabelsRangesGroupingsAndNumbers() {
        assertThat(PromQlNames.of("histogram_quantile(0.99, sum by (le, route) (rate("
                + "wm_http_request_duration_seconds_bucket{instance=~\"$instance\",route!=\"unmatched\"}"
                + "[$__rate_interval]))) > 1e3"))
                .containsExactly("wm_http_request_duration_seconds_bucket");
        assertThat(PromQlNames.of("sum(rate(a_total{status_class=\"5xx\"}[5m])) / sum(rate(a_total[5m])) > 0.02"
                + " and on (instance) b_gauge offset 5m"))
                .containsExactly("a_total", "b_gauge");
        assertThat(PromQlNames.of("absent(wm_ready)")).containsExactly("wm_ready");
        assertThat(PromQlNames.of("max(wm_embeddings_pending) > 1000 and max(deriv(wm_embeddings_pending[30m])) >= 0"))
                .containsExactly("wm_embeddings_pending");
    }

    @Test
    void aLabelValueThatLooksLikeAName_isNotOne() {
        assertThat(PromQlNames.of("up{job=\"not_a_metric\"} == 0")).containsExactly("up");
    }
}
