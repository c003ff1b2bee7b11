package dev.whitemagic.persistence.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class MetricsTest {

    private final Metrics metrics = new Metrics();

    private String text() {
        return PrometheusText.write(metrics.families(), Metrics.SCOPE);
    }

    @Test
    void aCounter_isExposedWithHelpTypeAndItsScope_andCountsPerLabelValues() {
        Counter requests = metrics.counter("wm_test_requests_total", "Requests, by method", "method");
        requests.inc("GET");
        requests.inc("GET");
        requests.add(5, "POST");

        assertThat(text()).isEqualTo("""
                # HELP wm_test_requests_total Requests, by method
                # TYPE wm_test_requests_total counter
                wm_test_requests_total{method="GET",mp_scope="application"} 2
                wm_test_requests_total{method="POST",mp_scope="application"} 5
                """);
        assertThat(requests.value("GET")).isEqualTo(2);
        assertThat(requests.value("PUT")).isZero();
    }

    @Test
    void aFamilyWithoutLabels_isExposedAtZero_beforeItsFirstCount() {
        metrics.counter("wm_test_dropped_total", "Dropped");
        metrics.timer("wm_test_flush_duration_seconds", "Flush time");

        assertThat(text()).contains("wm_test_dropped_total{mp_scope=\"application\"} 0\n")
                .contains("wm_test_flush_duration_seconds_bucket{mp_scope=\"application\",le=\"+Inf\"} 0\n")
                .contains("wm_test_flush_duration_seconds_count{mp_scope=\"application\"} 0\n");
    }

    @Test
    void aLabelledFamily_canBeCreatedAtZeroForEveryValue() {
        Counter refusals = metrics.counter("wm_test_refusals_total", "Refusals", "plan");
        refusals.touch("free");
        refusals.touch("pro");

        assertThat(text()).contains("wm_test_refusals_total{plan=\"free\",mp_scope=\"application\"} 0\n")
                .contains("wm_test_refusals_total{plan=\"pro\",mp_scope=\"application\"} 0\n");
    }

    @Test
    void aTimer_isAHistogramInSeconds_withCumulativeBuckets() {
        Timer timer = metrics.timer("wm_test_duration_seconds", "Time", "route");
        timer.observe(Duration.ofMillis(3), "/a");
        timer.observe(Duration.ofMillis(600), "/a");
        timer.observe(Duration.ofSeconds(30), "/a");
        timer.observeNanos(-5, "/a");

        String text = text();

        assertThat(text).contains("# TYPE wm_test_duration_seconds histogram\n")
                .contains("wm_test_duration_seconds_bucket{route=\"/a\",mp_scope=\"application\",le=\"0.001\"} 1\n")
                .contains("wm_test_duration_seconds_bucket{route=\"/a\",mp_scope=\"application\",le=\"0.0025\"} 1\n")
                .contains("wm_test_duration_seconds_bucket{route=\"/a\",mp_scope=\"application\",le=\"0.005\"} 2\n")
                .contains("wm_test_duration_seconds_bucket{route=\"/a\",mp_scope=\"application\",le=\"0.5\"} 2\n")
                .contains("wm_test_duration_seconds_bucket{route=\"/a\",mp_scope=\"application\",le=\"1\"} 3\n")
                .contains("wm_test_duration_seconds_bucket{route=\"/a\",mp_scope=\"application\",le=\"10\"} 3\n")
                .contains("wm_test_duration_seconds_bucket{route=\"/a\",mp_scope=\"application\",le=\"+Inf\"} 4\n")
                .contains("wm_test_duration_seconds_sum{route=\"/a\",mp_scope=\"application\"} 30.603\n")
                .contains("wm_test_duration_seconds_count{route=\"/a\",mp_scope=\"application\"} 4\n");
        assertThat(timer.count("/a")).isEqualTo(4);
    }

    @Test
    void aDurationOnABound_countsInThatBucket() {
        Timer timer = metrics.timer("wm_test_duration_seconds", "Time");
        timer.observe(Duration.ofMillis(250));

        assertThat(text()).contains("wm_test_duration_seconds_bucket{mp_scope=\"application\",le=\"0.1\"} 0\n")
                .contains("wm_test_duration_seconds_bucket{mp_scope=\"application\",le=\"0.25\"} 1\n");
    }

    @Test
    void aGauge_isReadAtEveryScrape_fromItsLatestSource() {
        AtomicLong first = new AtomicLong(3);
        metrics.gauge("wm_test_buffered", "Buffered", first::get);
        assertThat(text()).contains("wm_test_buffered{mp_scope=\"application\"} 3\n");

        first.set(7);
        assertThat(text()).contains("wm_test_buffered{mp_scope=\"application\"} 7\n");

        metrics.gauge("wm_test_buffered", "Buffered", () -> 0.25);
        assertThat(text()).contains("wm_test_buffered{mp_scope=\"application\"} 0.25\n");
    }

    @Test
    void labelValuesAndHelp_areEscaped() {
        metrics.counter("wm_test_total", "Line one\nback\\slash", "route").inc("a\"b\\c\nd");

        assertThat(text()).contains("# HELP wm_test_total Line one\\nback\\\\slash\n")
                .contains("wm_test_total{route=\"a\\\"b\\\\c\\nd\",mp_scope=\"application\"} 1\n");
    }

    @Test
    void familiesAreWrittenInNameOrder_eachWithItsLinesTogether() {
        metrics.counter("wm_b_total", "B", "x").inc("1");
        metrics.counter("wm_a_total", "A", "x").inc("1");
        metrics.counter("wm_b_total", "B", "x").inc("2");

        assertThat(text()).isEqualTo("""
                # HELP wm_a_total A
                # TYPE wm_a_total counter
                wm_a_total{x="1",mp_scope="application"} 1
                # HELP wm_b_total B
                # TYPE wm_b_total counter
                wm_b_total{x="1",mp_scope="application"} 1
                wm_b_total{x="2",mp_scope="application"} 1
                """);
    }

    @Test
    void registeringANameAgain_givesTheSameFamily_butNotWithAnotherTypeOrLabels() {
        Counter first = metrics.counter("wm_test_total", "T", "a");

        assertThat(metrics.counter("wm_test_total", "T", "a")).isSameAs(first);
        assertThatThrownBy(() -> metrics.counter("wm_test_total", "T", "b"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> metrics.gauge("wm_test_total", "T", () -> 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void namesFollowPrometheusConventions_andLabelsMatchTheirCount() {
        assertThatThrownBy(() -> metrics.counter("wm_requests", "no _total")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> metrics.timer("wm_duration", "no unit")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> metrics.counter("wm.dotted_total", "dots")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> metrics.counter("wm_x_total", " ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> metrics.counter("wm_x_total", "scope", "mp_scope"))
                .isInstanceOf(IllegalArgumentException.class);
        Counter counter = metrics.counter("wm_y_total", "Y", "a", "b");
        assertThatThrownBy(() -> counter.inc("only-one")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> counter.add(-1, "a", "b")).isInstanceOf(IllegalArgumentException.class);
    }
}
