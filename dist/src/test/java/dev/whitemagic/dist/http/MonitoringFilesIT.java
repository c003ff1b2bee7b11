package dev.whitemagic.dist.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.whitemagic.dist.SharedServer;
import dev.whitemagic.dist.deploy.DeployFiles;
import dev.whitemagic.dist.deploy.PromQlNames;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The alerting rules and the Grafana dashboard read what the server really exposes: every metric their PromQL names
 * is in a scrape of {@code /metrics} of the packaged server.
 */
class MonitoringFilesIT {

    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\(\\s*([A-Za-z_:][\\w:]*)\\s*,");

    private final ApiClient api = new ApiClient(SharedServer.baseUrl().toString());

    /** Every name a query may use: families, their samples, and a histogram's bucket, sum and count lines. */
    private Set<String> exposedNames() {
        api.get("/api/v1/version");
        ApiClient.Reply reply = api.get("/metrics", "Accept", "text/plain");
        assertThat(reply.status()).isEqualTo(200);
        Set<String> names = new HashSet<>();
        new PrometheusTextCheck(reply.body()).families().forEach((name, family) -> {
            names.add(name);
            family.samples.forEach(sample -> names.add(sample.name()));
            if ("histogram".equals(family.type)) {
                List.of("_bucket", "_sum", "_count").forEach(suffix -> names.add(name + suffix));
            }
        });
        return names;
    }

    private static JsonObject dashboard() {
        try (JsonReader reader = Json.createReader(new StringReader(DeployFiles.read(DeployFiles.DASHBOARD)))) {
            return reader.readObject();
        }
    }

    /** Each query of the dashboard's panels (rows' panels included), by panel title and query. */
    private static Map<String, String> dashboardQueries(JsonArray panels) {
        Map<String, String> queries = new LinkedHashMap<>();
        for (JsonValue value : panels) {
            JsonObject panel = value.asJsonObject();
            if (panel.containsKey("panels")) {
                queries.putAll(dashboardQueries(panel.getJsonArray("panels")));
            }
            if (panel.containsKey("targets")) {
                for (JsonValue target : panel.getJsonArray("targets")) {
                    String expr = target.asJsonObject().getString("expr");
                    queries.put(panel.getString("title") + " / " + expr, expr);
                }
            }
        }
        return queries;
    }

    private static void assertNamesExposed(Map<String, String> queries, Set<String> exposed) {
        List<String> unknown = new ArrayList<>();
        queries.forEach((where, expr) -> {
            Set<String> names = PromQlNames.of(expr);
            assertThat(names).as("metrics named by " + where).isNotEmpty();
            names.stream().filter(name -> !exposed.contains(name)).forEach(name -> unknown.add(name + " in " + where));
        });
        assertThat(unknown).as("names that /metrics does not expose").isEmpty();
    }

    @Test
    void everyMetricTheDashboardQueries_isExposed() {
        JsonObject dashboard = dashboard();
        Map<String, String> queries = dashboardQueries(dashboard.getJsonArray("panels"));
        assertThat(queries).as("the dashboard's queries").hasSizeGreaterThan(10);
        Set<String> exposed = exposedNames();

        assertNamesExposed(queries, exposed);
        for (JsonValue variable : dashboard.getJsonObject("templating").getJsonArray("list")) {
            JsonObject query = variable.asJsonObject();
            if ("query".equals(query.getString("type"))) {
                Matcher labelValues = LABEL_VALUES.matcher(query.getString("definition"));
                assertThat(labelValues.find()).as("variable " + query.getString("name")).isTrue();
                assertThat(exposed).as("variable " + query.getString("name")).contains(labelValues.group(1));
            }
        }
    }

    @Test
    void theDashboardShows_requestsLatencyAuthenticationLimitsUsageAndMemories() {
        Set<String> named = new HashSet<>();
        dashboardQueries(dashboard().getJsonArray("panels")).values()
                .forEach(expr -> named.addAll(PromQlNames.of(expr)));

        assertThat(named).contains("wm_http_requests_total", "wm_http_request_duration_seconds_bucket",
                "wm_auth_attempts_total", "wm_ratelimit_refusals_total", "wm_quota_refusals_total",
                "wm_usage_records_buffered", "wm_usage_records_written_total", "wm_usage_records_dropped_total",
                "wm_memories_stored", "wm_embeddings_pending", "wm_database_busy_total");
    }

    @Test
    void everyMetricTheAlertsRead_isExposed() {
        Map<String, String> queries = new LinkedHashMap<>();
        DeployFiles.alertRules().forEach(rule -> queries.put((String) rule.get("alert"), (String) rule.get("expr")));

        assertNamesExposed(queries, exposedNames());
    }
}
