package dev.whitemagic.dist.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.whitemagic.dist.SharedServer;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** What an operator's dashboards read from {@code /metrics?scope=application}. */
class MetricsIT {

    private final ApiClient api = new ApiClient(SharedServer.baseUrl().toString());

    private String scrape() {
        return api.get("/metrics?scope=application", "Accept", "text/plain").body();
    }

    @Test
    void everyRefusalCounter_isThereFromTheStart_forEveryLabelValue() {
        String text = scrape();

        for (String plan : List.of("free", "starter", "pro", "enterprise")) {
            for (String window : List.of("minute", "day", "month")) {
                assertThat(text).as(window + "/" + plan).containsPattern("wm_ratelimit_refusals_total\\{(?=[^}]*plan=\""
                        + plan + "\")(?=[^}]*window=\"" + window + "\")[^}]*} \\d");
            }
            for (String cap : List.of("memories", "storage")) {
                assertThat(text).as(cap + "/" + plan).containsPattern("wm_quota_refusals_total\\{(?=[^}]*cap=\""
                        + cap + "\")(?=[^}]*plan=\"" + plan + "\")[^}]*} \\d");
            }
        }
    }

    @Test
    void requestDurations_sumMeanAndMax_areInSeconds() {
        for (int i = 0; i < 5; i++) {
            assertThat(api.get("/api/v1/version").status()).isEqualTo(200);
        }
        String text = scrape();

        for (String series : List.of("_sum", "_mean", "_max")) {
            double value = sample(text, "wm_http_request_duration_seconds" + series, "/api/v1/version");
            assertThat(value).as(series + " of a few fast requests, in seconds").isPositive().isLessThan(60.0);
        }
        assertThat(text).contains("# HELP wm_http_request_duration_seconds Time to answer a request");
    }

    private static double sample(String text, String family, String route) {
        Matcher matcher = Pattern.compile("(?m)^" + Pattern.quote(family) + "\\{(?=[^}]*route=\"" + Pattern.quote(route)
                + "\")(?=[^}]*status_class=\"2xx\")[^}]*} (\\S+)$").matcher(text);
        assertThat(matcher.find()).as(family + " for " + route).isTrue();
        return Double.parseDouble(matcher.group(1));
    }
}
