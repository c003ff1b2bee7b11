package dev.whitemagic.rest.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ServerMetricsTextTest {

    @Test
    void everySeriesOnce_underItsFamily_andApplicationSeriesLeftOut() {
        String payara = """
                # TYPE cpu_load gauge
                # HELP cpu_load CPU load
                cpu_load{mp_scope="base"} 0.5
                # TYPE wm_x_seconds_mean gauge
                wm_x_seconds_mean{mp_scope="application",route="/a"} 1.0
                # HELP wm_x_seconds Time
                # TYPE wm_x_seconds summary
                wm_x_seconds{mp_scope="application",route="/a",quantile="0.5"} 1.0E9
                # TYPE thread_count gauge
                # HELP thread_count Threads
                thread_count{mp_scope="base"} 40
                # TYPE cpu_load gauge
                # HELP cpu_load CPU load
                cpu_load{mp_scope="base"} 0.75
                # TYPE gc_time_seconds summary
                gc_time_seconds{mp_scope="base",quantile="0.5"} 1.0
                thread_count{mp_scope="base"} 41
                gc_time_seconds_count{mp_scope="base"} 3
                gc_time_seconds_sum{mp_scope="base"} 2.0
                """;

        assertThat(ServerMetricsText.regrouped(payara)).isEqualTo("""
                # HELP cpu_load CPU load
                # TYPE cpu_load gauge
                cpu_load{mp_scope="base"} 0.5
                # HELP thread_count Threads
                # TYPE thread_count gauge
                thread_count{mp_scope="base"} 40
                # TYPE gc_time_seconds summary
                gc_time_seconds{mp_scope="base",quantile="0.5"} 1.0
                gc_time_seconds_count{mp_scope="base"} 3
                gc_time_seconds_sum{mp_scope="base"} 2.0
                """);
    }

    @Test
    void nothing_staysNothing() {
        assertThat(ServerMetricsText.regrouped("")).isEmpty();
        assertThat(ServerMetricsText.regrouped("# just a comment\n\n")).isEmpty();
    }
}
