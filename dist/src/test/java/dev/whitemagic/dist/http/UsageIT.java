package dev.whitemagic.dist.http;

import static dev.whitemagic.dist.http.ProblemAssert.assertProblem;
import static dev.whitemagic.dist.http.TestAccounts.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.whitemagic.dist.SharedServer;
import dev.whitemagic.dist.http.TestAccounts.Account;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Usage metering through HTTP: every request made with a key becomes a usage record, visible in
 * {@code GET /api/v1/usage} within about a second (the shared server flushes the buffer every second).
 */
class UsageIT {

    private static final String USAGE = "/api/v1/usage";
    private static final Duration VISIBLE_WITHIN = Duration.ofSeconds(3);

    private final ApiClient api = new ApiClient(SharedServer.baseUrl().toString());

    private ApiClient.Reply get(String path, String key) {
        return api.get(path, "Authorization", bearer(key));
    }

    private ApiClient.Reply send(String method, String path, String key, HttpRequest.BodyPublisher body) {
        return api.send(method, path, body, "Authorization", bearer(key), "Content-Type", "application/json");
    }

    /** The report of yesterday and today (UTC), so a test that runs across midnight still sees all its requests. */
    private JsonObject usage(String key) {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        ApiClient.Reply reply = get(USAGE + "?from=" + today.minusDays(1) + "&to=" + today.plusDays(1), key);
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        return reply.json();
    }

    /** Requests per route over the whole report, the report's own calls left out. */
    private static Map<String, Long> byEndpoint(JsonObject usage) {
        Map<String, Long> counts = new HashMap<>();
        for (JsonObject day : usage.getJsonArray("days").getValuesAs(JsonObject.class)) {
            day.getJsonObject("by_endpoint").forEach((route, count) ->
                    counts.merge(route, ((JsonNumber) count).longValue(), Long::sum));
        }
        counts.remove(USAGE);
        return counts;
    }

    private static long sum(JsonObject usage, String field) {
        return usage.getJsonArray("days").getValuesAs(JsonObject.class).stream()
                .mapToLong(day -> day.getJsonNumber(field).longValue()).sum();
    }

    /** Polls the report until it shows the expected requests (its own calls aside), or fails after a while. */
    private JsonObject awaitUsage(String key, Map<String, Long> expected) {
        long deadline = System.nanoTime() + VISIBLE_WITHIN.toNanos();
        JsonObject usage = usage(key);
        while (!byEndpoint(usage).equals(expected) && System.nanoTime() < deadline) {
            sleep(200);
            usage = usage(key);
        }
        assertThat(byEndpoint(usage)).as("requests per route in " + usage).isEqualTo(expected);
        return usage;
    }

    @Test
    void everyRequest_isCountedUnderItsRouteTemplate_errorsIncluded() {
        Account account = TestAccounts.create(api);
        String key = account.key();
        String missing = "/api/v1/memories/" + UUID.randomUUID();
        usage(key); // a report call before the others, so it is written with them

        assertThat(get("/api/v1/tags", key).status()).isEqualTo(200);
        assertThat(get("/api/v1/tags", key).status()).isEqualTo(200);
        assertProblem(get(missing, key), 404, "not_found");
        assertProblem(get("/api/v1/memories/" + UUID.randomUUID(), key), 404, "not_found");
        assertProblem(get("/api/v1/memories/not-a-uuid", key), 404, "not_found");
        assertProblem(send("POST", "/api/v1/memories", key, HttpRequest.BodyPublishers.ofString("{}")), 400,
                "validation_failed");
        assertProblem(send("POST", missing, key, HttpRequest.BodyPublishers.noBody()), 405, "method_not_allowed");
        assertProblem(send("POST", "/api/v1/memories", key,
                HttpRequest.BodyPublishers.ofByteArray(new byte[1024 * 1024 + 1])), 413, "payload_too_large");
        assertProblem(get("/api/v1/nosuch/" + UUID.randomUUID(), key), 404, "not_found");

        JsonObject usage = awaitUsage(key, Map.of(
                "/api/v1/tags", 2L,
                "/api/v1/memories/{id}", 4L,
                "/api/v1/memories", 2L,
                "unmatched", 1L));

        long reportCalls = sum(usage, "requests") - 9;
        assertThat(reportCalls).as("the earlier report calls are metered too").isPositive();
        assertThat(sum(usage, "errors")).as("every answer of 400 or more").isEqualTo(7);
        JsonObject today = usage.getJsonArray("days").getValuesAs(JsonObject.class).stream()
                .filter(day -> day.getInt("requests") > 0).reduce((first, second) -> second).orElseThrow();
        assertThat(today.getJsonNumber("avg_response_ms").doubleValue()).isPositive();
    }

    @Test
    void report_isEveryDayOfTheDefaultPeriod_oldestFirst_withZeroDays() {
        Account account = TestAccounts.create(api);
        LocalDate before = LocalDate.now(ZoneOffset.UTC);

        ApiClient.Reply reply = get(USAGE, account.key());

        LocalDate after = LocalDate.now(ZoneOffset.UTC);
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        assertThat(reply.header("Content-Type")).startsWith("application/json");
        List<JsonObject> days = reply.json().getJsonArray("days").getValuesAs(JsonObject.class);
        assertThat(days).hasSize(30);
        LocalDate last = LocalDate.parse(days.get(29).getString("date"));
        assertThat(last).isIn(before, after);
        for (int i = 0; i < days.size(); i++) {
            JsonObject day = days.get(i);
            assertThat(day.keySet()).containsExactlyInAnyOrder("date", "requests", "errors", "avg_response_ms",
                    "by_endpoint");
            assertThat(LocalDate.parse(day.getString("date"))).isEqualTo(last.minusDays(29 - i));
            // A new account has made no request before this one, which is not in the report yet.
            assertThat(day.getInt("requests")).isZero();
            assertThat(day.getInt("errors")).isZero();
            assertThat(day.getJsonNumber("avg_response_ms").doubleValue()).isZero();
            assertThat(day.getJsonObject("by_endpoint")).isEmpty();
        }
    }

    @Test
    void anotherUsersRequests_areNeverInTheReport() {
        Account busy = TestAccounts.create(api);
        Account quiet = TestAccounts.create(api);
        for (int i = 0; i < 3; i++) {
            assertThat(get("/api/v1/stats", busy.key()).status()).isEqualTo(200);
        }
        awaitUsage(busy.key(), Map.of("/api/v1/stats", 3L));

        JsonObject quietUsage = usage(quiet.key());

        assertThat(byEndpoint(quietUsage)).isEmpty();
        assertThat(sum(quietUsage, "errors")).isZero();
    }

    @Test
    void aKeyWithoutUsageRead_isRefused() {
        Account account = TestAccounts.create(api);
        String reader = TestAccounts.createKey(api, account.key(),
                "{\"name\":\"reader\",\"scopes\":[\"memories:read\"]}").getString("key");

        assertProblem(get(USAGE, reader), 403, "insufficient_scope");
    }

    @Test
    void malformedDates_areValidationFailures_namingTheField() {
        Account account = TestAccounts.create(api);

        JsonObject badFrom = assertProblem(get(USAGE + "?from=2026-13-01", account.key()), 400, "validation_failed");
        assertThat(badFrom.getJsonArray("errors").getJsonObject(0).getString("field")).isEqualTo("from");
        JsonObject badTo = assertProblem(get(USAGE + "?from=2026-01-01&to=31-01-2026", account.key()), 400,
                "validation_failed");
        assertThat(badTo.getJsonArray("errors").getJsonObject(0).getString("field")).isEqualTo("to");
    }

    @Test
    void reversedPeriods_andPeriodsOver92Days_areValidationFailures() {
        Account account = TestAccounts.create(api);

        assertProblem(get(USAGE + "?from=2026-05-02&to=2026-05-01", account.key()), 400, "validation_failed");
        assertProblem(get(USAGE + "?from=2026-01-01&to=2026-04-03", account.key()), 400, "validation_failed");
        ApiClient.Reply longest = get(USAGE + "?from=2026-01-01&to=2026-04-02", account.key());
        assertThat(longest.status()).as(longest.toString()).isEqualTo(200);
        List<JsonObject> days = longest.json().getJsonArray("days").getValuesAs(JsonObject.class);
        assertThat(days).hasSize(92);
        assertThat(days.get(0).getString("date")).isEqualTo("2026-01-01");
        assertThat(days.get(91).getString("date")).isEqualTo("2026-04-02");
    }

    @Test
    void metrics_countTheRecordsWritten_andTagNoUserOrKey() {
        Account account = TestAccounts.create(api);
        assertThat(get("/api/v1/tags", account.key()).status()).isEqualTo(200);
        awaitUsage(account.key(), Map.of("/api/v1/tags", 1L));

        String text = api.get("/metrics?scope=application", "Accept", "text/plain").body();

        assertThat(text).containsPattern("wm_usage_records_written_total\\{[^}]*} [1-9]");
        assertThat(text).containsPattern("wm_usage_records_buffered\\{[^}]*} \\d");
        assertThat(text).containsPattern("wm_usage_records_dropped_total\\{[^}]*} 0");
        assertThat(text).containsPattern("wm_usage_flush_duration_seconds_count\\{[^}]*} [1-9]");
        assertThat(text.lines().filter(line -> line.startsWith("wm_usage_")))
                .allMatch(line -> !line.contains(account.userId())
                        && !line.contains(account.keyId()) && !line.contains("user") && !line.contains("key"));
    }

    @Test
    void metrics_reportEveryWriteBehindBuffer_alike() {
        Account account = TestAccounts.create(api);
        assertThat(get("/api/v1/keys/self", account.key()).status()).isEqualTo(200);

        String text = api.get("/metrics?scope=application", "Accept", "text/plain").body();

        for (String buffer : List.of("wm_usage_records", "wm_keys_uses", "wm_memories_reads")) {
            assertThat(text).as(buffer).containsPattern(buffer + "_buffered\\{[^}]*} \\d")
                    .containsPattern(buffer + "_written_total\\{[^}]*} \\d")
                    .containsPattern(buffer + "_dropped_total\\{[^}]*} 0");
        }
        assertThat(text).contains("wm_keys_uses_flush_failures_total", "wm_memories_reads_flush_duration_seconds");
    }

    @Test
    void openApi_describesTheReport_withItsSchemaAndProblemAnswers() {
        JsonObject doc = api.get("/openapi", "Accept", "application/json").json();

        JsonObject operation = doc.getJsonObject("paths").getJsonObject(USAGE).getJsonObject("get");
        assertThat(operation.getJsonObject("responses").keySet()).contains("200", "400", "401", "403", "429", "500");
        assertThat(operation.getJsonArray("parameters").getValuesAs(JsonObject.class))
                .extracting(parameter -> parameter.getString("name")).containsExactlyInAnyOrder("from", "to");
        JsonObject schemas = doc.getJsonObject("components").getJsonObject("schemas");
        assertThat(schemas.getJsonObject("Usage").getJsonObject("properties").getJsonObject("days")
                .getJsonObject("items").getString("$ref")).endsWith("/UsageDay");
        JsonObject day = schemas.getJsonObject("UsageDay").getJsonObject("properties");
        assertThat(day.keySet()).containsExactlyInAnyOrder("date", "requests", "errors", "avg_response_ms",
                "by_endpoint");
        assertThat(day.getJsonObject("date").getString("format")).isEqualTo("date");
        assertThat(day.getJsonObject("requests").getString("type")).isEqualTo("integer");
        assertThat(day.getJsonObject("avg_response_ms").getString("type")).isEqualTo("number");
        assertThat(day.getJsonObject("by_endpoint").getJsonObject("additionalProperties").getString("type"))
                .isEqualTo("integer");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
