package dev.whitemagic.dist.http;

import static dev.whitemagic.dist.http.ProblemAssert.assertProblem;
import static dev.whitemagic.dist.http.TestAccounts.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.whitemagic.dist.SharedServer;
import dev.whitemagic.dist.TestPlans;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /webhooks/whop} on the shared server (secret {@value SharedServer#WHOP_WEBHOOK_SECRET}, products
 * {@code prod_it_pro} and {@code prod_it_starter} mapped), and the complete deletion of an account. The webhook
 * without a secret (404) is tested at unit level ({@code WhopWebhookResourceTest}).
 */
class WhopWebhookIT {

    private static final String PATH = "/webhooks/whop";
    private static final String ADMIN = bearer(SharedServer.ADMIN_TOKEN);
    private static final String FREE_POLICY = "\"minute\";q=1000000;w=60";
    private static final String STARTER_POLICY = "\"minute\";q=" + TestPlans.STARTER_PER_MINUTE + ";w=60";

    private final ApiClient api = new ApiClient(SharedServer.baseUrl().toString());

    private final String membership = "mem_it_" + UUID.randomUUID();
    private final String whopUser = "user_it_" + UUID.randomUUID();

    // --- sending

    /** HMAC-SHA256 in hex, computed here independently of the server's code. */
    private static String sign(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    private ApiClient.Reply deliver(String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return deliver(bytes, sign(SharedServer.WHOP_WEBHOOK_SECRET, bytes));
    }

    private ApiClient.Reply deliver(byte[] body, String signature) {
        List<String> headers = new ArrayList<>(List.of("Content-Type", "application/json"));
        if (signature != null) {
            headers.addAll(List.of("X-Whop-Signature", signature));
        }
        return api.send("POST", PATH, HttpRequest.BodyPublishers.ofByteArray(body), headers.toArray(String[]::new));
    }

    private static String newEventId() {
        return "evt_it_" + UUID.randomUUID();
    }

    /** A membership event as Whop sends it; data members are added by the caller. */
    private static String event(String id, String type, long createdAtSeconds, JsonObjectBuilder data) {
        return Json.createObjectBuilder().add("id", id).add("type", type).add("created_at", createdAtSeconds)
                .add("data", data).build().toString();
    }

    private JsonObjectBuilder membershipData(String product) {
        JsonObjectBuilder data = Json.createObjectBuilder().add("id", membership)
                .add("user", Json.createObjectBuilder().add("id", whopUser).add("username", "it"));
        if (product != null) {
            data.add("product", Json.createObjectBuilder().add("id", product));
        }
        return data;
    }

    private static void assertAnswer(ApiClient.Reply reply, String json) {
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        assertThat(reply.header("Content-Type")).startsWith("application/json");
        assertThat(reply.header("X-Request-ID")).isNotBlank();
        assertThat(reply.json()).isEqualTo(Json.createReader(new java.io.StringReader(json)).readObject());
    }

    // --- admin and database

    private ApiClient.Reply admin(String method, String path, String body) {
        return api.send(method, path, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body), "Content-Type", "application/json", "Authorization", ADMIN);
    }

    /** A user made through the admin API with a Whop user id, and its key. */
    private JsonObject accountOfWhopUser() {
        String body = Json.createObjectBuilder().add("email", "whop-it-" + UUID.randomUUID() + "@example.com")
                .add("whop_user_id", whopUser).build().toString();
        ApiClient.Reply created = admin("POST", "/api/v1/admin/users", body);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json();
    }

    private static long rowsOf(String table, String column, String userId) {
        try (Connection connection = DriverManager.getConnection(SharedServer.jdbcUrl(), "postgres", "");
             PreparedStatement query = connection.prepareStatement(
                     "SELECT count(*) FROM " + table + " WHERE " + column + " = ?")) {
            query.setObject(1, UUID.fromString(userId));
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        } catch (SQLException e) {
            throw new AssertionError("counting " + table + " failed", e);
        }
    }

    // --- the tests

    @Test
    void upgradeThenDowngrade_isSeenByTheRateLimitHeadersOfTheNextRequests() {
        JsonObject account = accountOfWhopUser();
        String key = account.getString("key");
        String userId = account.getJsonObject("user").getString("id");
        ApiClient.Reply before = api.get("/api/v1/keys/self", "Authorization", bearer(key));
        assertThat(before.header("RateLimit-Policy")).startsWith(FREE_POLICY);
        long now = System.currentTimeMillis() / 1000;

        assertAnswer(deliver(event(newEventId(), "membership.went_valid", now, membershipData("prod_it_starter"))),
                "{\"processed\": true}");

        ApiClient.Reply upgraded = api.get("/api/v1/keys/self", "Authorization", bearer(key));
        assertThat(upgraded.json().getString("plan_tier")).isEqualTo("starter");
        assertThat(upgraded.header("RateLimit-Policy")).startsWith(STARTER_POLICY);
        JsonObject stored = admin("GET", "/api/v1/admin/users/" + userId, null).json();
        assertThat(stored.getString("whop_membership_id")).isEqualTo(membership);

        assertAnswer(deliver(event(newEventId(), "membership.went_invalid", now + 1, membershipData(null))),
                "{\"processed\": true}");

        ApiClient.Reply downgraded = api.get("/api/v1/keys/self", "Authorization", bearer(key));
        assertThat(downgraded.json().getString("plan_tier")).isEqualTo("free");
        assertThat(downgraded.header("RateLimit-Policy")).startsWith(FREE_POLICY);

        String metrics = api.get("/metrics?scope=application", "Accept", "text/plain").body();
        assertThat(metrics).as("deliveries by type and outcome, never by user")
                .containsPattern("wm_whop_events_total\\{(?=[^}]*outcome=\"applied\")"
                        + "(?=[^}]*type=\"membership\\.went_valid\")[^}]*} [1-9]")
                .doesNotContain(whopUser).doesNotContain(membership);
    }

    @Test
    void deletedMembership_putsTheUserOnFree_andForgetsTheMembership() {
        JsonObject account = accountOfWhopUser();
        String userId = account.getJsonObject("user").getString("id");
        long now = System.currentTimeMillis() / 1000;
        assertAnswer(deliver(event(newEventId(), "membership.went_valid", now, membershipData("prod_it_pro"))),
                "{\"processed\": true}");
        assertThat(admin("GET", "/api/v1/admin/users/" + userId, null).json().getString("plan_tier")).isEqualTo("pro");

        assertAnswer(deliver(event(newEventId(), "membership.deleted", now + 1, membershipData(null))),
                "{\"processed\": true}");

        JsonObject user = admin("GET", "/api/v1/admin/users/" + userId, null).json();
        assertThat(user.getString("plan_tier")).isEqualTo("free");
        assertThat(user.isNull("whop_membership_id")).isTrue();
        assertThat(user.getString("whop_user_id")).isEqualTo(whopUser);
    }

    @Test
    void created_forANewEmail_makesAUser_withItsQuota_andNoKey() {
        String email = "whop-new-" + UUID.randomUUID() + "@example.com";
        JsonObjectBuilder data = membershipData(null).add("email", email).add("product_id", "prod_it_pro");

        assertAnswer(deliver(event(newEventId(), "membership.created", System.currentTimeMillis() / 1000, data)),
                "{\"processed\": true}");

        ApiClient.Reply found = admin("GET", "/api/v1/admin/users?email=" + email.toUpperCase(), null);
        assertThat(found.json().getJsonArray("items")).hasSize(1);
        JsonObject user = found.json().getJsonArray("items").getJsonObject(0);
        assertThat(user.getString("plan_tier")).isEqualTo("pro");
        assertThat(user.getString("whop_user_id")).isEqualTo(whopUser);
        assertThat(user.getString("whop_membership_id")).isEqualTo(membership);
        assertThat(rowsOf("api_keys", "user_id", user.getString("id"))).as("keys minted by a webhook").isZero();
        assertThat(rowsOf("quotas", "user_id", user.getString("id"))).isEqualTo(1);
    }

    @Test
    void aRepeatedEvent_isADuplicate_andAnOlderOneIsStale() {
        accountOfWhopUser();
        long now = System.currentTimeMillis() / 1000;
        String upgrade = event(newEventId(), "membership.went_valid", now, membershipData("prod_it_pro"));
        assertAnswer(deliver(upgrade), "{\"processed\": true}");

        assertAnswer(deliver(upgrade), "{\"processed\": false, \"duplicate\": true}");
        assertAnswer(deliver(event(newEventId(), "membership.went_invalid", now - 60, membershipData(null))),
                "{\"processed\": false, \"stale\": true}");
    }

    @Test
    void anEventWithoutATime_appliesOnlyUntilATimedOneWasApplied_thenIsStale() {
        JsonObject account = accountOfWhopUser();
        String key = account.getString("key");
        String userId = account.getJsonObject("user").getString("id");
        // Before any timed event, an untimed one is the membership's only news: it applies.
        assertAnswer(deliver(untimedEvent("membership.went_valid", membershipData("prod_it_starter"))),
                "{\"processed\": true}");
        assertThat(planOf(userId)).isEqualTo("starter");
        long now = System.currentTimeMillis() / 1000;
        assertAnswer(deliver(event(newEventId(), "membership.went_valid", now, membershipData("prod_it_pro"))),
                "{\"processed\": true}");
        assertThat(planOf(userId)).isEqualTo("pro");

        // It may be older than the timed one: it must not move the member back to free.
        assertAnswer(deliver(untimedEvent("membership.went_invalid", membershipData(null))),
                "{\"processed\": false, \"stale\": true}");
        assertThat(planOf(userId)).isEqualTo("pro");
        assertThat(api.get("/api/v1/me", "Authorization", bearer(key)).json().getJsonObject("user")
                .getString("plan_tier")).isEqualTo("pro");
        // A newer timed event still applies.
        assertAnswer(deliver(event(newEventId(), "membership.went_invalid", now + 1, membershipData(null))),
                "{\"processed\": true}");
        assertThat(planOf(userId)).isEqualTo("free");
    }

    private static String untimedEvent(String type, JsonObjectBuilder data) {
        return Json.createObjectBuilder().add("id", newEventId()).add("type", type).add("data", data).build()
                .toString();
    }

    private String planOf(String userId) {
        return admin("GET", "/api/v1/admin/users/" + userId, null).json().getString("plan_tier");
    }

    @Test
    void anUnknownType_isNotProcessed_andNeverBecomesADuplicate() {
        String payment = Json.createObjectBuilder().add("id", newEventId()).add("type", "payment.succeeded")
                .add("data", Json.createObjectBuilder().add("amount", 100)).build().toString();

        assertAnswer(deliver(payment), "{\"processed\": false}");
        assertAnswer(deliver(payment), "{\"processed\": false}");
    }

    @Test
    void aMissingOrWrongSignature_is401InvalidSignature_andProcessesNothing() {
        JsonObject account = accountOfWhopUser();
        String userId = account.getJsonObject("user").getString("id");
        byte[] body = event(newEventId(), "membership.went_valid", System.currentTimeMillis() / 1000,
                membershipData("prod_it_pro")).getBytes(StandardCharsets.UTF_8);
        byte[] other = "{}".getBytes(StandardCharsets.UTF_8);

        assertProblem(deliver(body, null), 401, "invalid_signature");
        assertProblem(deliver(body, sign("not-the-secret", body)), 401, "invalid_signature");
        assertProblem(deliver(body, sign(SharedServer.WHOP_WEBHOOK_SECRET, other)), 401, "invalid_signature");
        assertProblem(deliver(body, "not hex at all"), 401, "invalid_signature");
        assertProblem(deliver("not json".getBytes(StandardCharsets.UTF_8), null), 401, "invalid_signature");
        assertThat(admin("GET", "/api/v1/admin/users/" + userId, null).json().getString("plan_tier")).isEqualTo("free");

        assertAnswer(deliver(body, "sha256=" + sign(SharedServer.WHOP_WEBHOOK_SECRET, body).toUpperCase()),
                "{\"processed\": true}");
        assertThat(admin("GET", "/api/v1/admin/users/" + userId, null).json().getString("plan_tier")).isEqualTo("pro");
    }

    @Test
    void signedBodiesThatAreNoEvent_are400ValidationFailed_namingTheField() {
        assertProblem(deliver("not json"), 400, "validation_failed");
        assertProblem(deliver(""), 400, "validation_failed");
        assertProblem(deliver("[{\"id\":\"e\",\"type\":\"membership.updated\"}]"), 400, "validation_failed");
        assertThat(field(deliver("{\"type\":\"membership.updated\"}"))).isEqualTo("id");
        assertThat(field(deliver("{\"id\":\"" + newEventId() + "\"}"))).isEqualTo("type");
        assertThat(field(deliver("{\"id\":\"" + newEventId() + "\",\"type\":\"membership.updated\","
                + "\"created_at\":\"last tuesday\"}"))).isEqualTo("created_at");
        assertThat(field(deliver("{\"id\":\"" + newEventId() + "\",\"type\":\"membership.updated\","
                + "\"data\":{\"id\":\"m\\u0000\"}}"))).isEqualTo("data.id");
    }

    private static String field(ApiClient.Reply reply) {
        return assertProblem(reply, 400, "validation_failed").getJsonArray("errors").getJsonObject(0).getString("field");
    }

    @Test
    void aBodyOverTheLimit_is413() {
        byte[] huge = ("{\"id\":\"" + "x".repeat(1_048_576) + "\"}").getBytes(StandardCharsets.UTF_8);
        assertProblem(deliver(huge, sign(SharedServer.WHOP_WEBHOOK_SECRET, huge)), 413, "payload_too_large");
    }

    @Test
    void openApi_documentsTheWebhook() {
        JsonObject doc = api.get("/openapi", "Accept", "application/json").json();
        JsonObject post = doc.getJsonObject("paths").getJsonObject(PATH).getJsonObject("post");
        assertThat(post.getJsonObject("responses").keySet()).contains("200", "400", "401", "404", "413")
                .doesNotContain("403", "415", "429");
        JsonObject event = schema(doc, post.getJsonObject("requestBody").getJsonObject("content")
                .getJsonObject("application/json").getJsonObject("schema"));
        assertThat(event.getJsonObject("properties").keySet()).contains("id", "type", "created_at", "timestamp", "data");
        assertThat(event.getJsonArray("required").getValuesAs(jakarta.json.JsonString::getString))
                .containsExactlyInAnyOrder("id", "type");
        assertThat(schema(doc, event.getJsonObject("properties").getJsonObject("data")).getJsonObject("properties")
                .keySet()).contains("id", "user", "email", "product_id", "product", "plan");
        JsonObject answer = schema(doc, post.getJsonObject("responses").getJsonObject("200").getJsonObject("content")
                .getJsonObject("application/json").getJsonObject("schema"));
        assertThat(answer.getJsonObject("properties").keySet()).containsExactlyInAnyOrder("processed", "duplicate",
                "stale");
        assertThat(post.getJsonObject("responses").getJsonObject("401").toString()).contains("invalid_signature");
    }

    /** The schema itself, following a reference to the components. */
    private static JsonObject schema(JsonObject doc, JsonObject schema) {
        if (!schema.containsKey("$ref")) {
            return schema;
        }
        String name = schema.getString("$ref").substring("#/components/schemas/".length());
        return doc.getJsonObject("components").getJsonObject("schemas").getJsonObject(name);
    }

    @Test
    void deletingAnAccount_leavesNoRowOfItInAnyTable_andItsKeyAnswers401AtOnce() {
        JsonObject account = accountOfWhopUser();
        String key = account.getString("key");
        String userId = account.getJsonObject("user").getString("id");
        ApiClient.Reply memory = api.send("POST", "/api/v1/memories", HttpRequest.BodyPublishers.ofString(
                        "{\"title\":\"kept\",\"content\":\"until deleted\",\"tags\":[\"t\"]}"), "Content-Type",
                "application/json", "Authorization", bearer(key), "Idempotency-Key", "once-" + UUID.randomUUID());
        assertThat(memory.status()).as(memory.toString()).isEqualTo(201);
        assertThat(admin("POST", "/api/v1/admin/users/" + userId + "/keys", "{\"name\":\"second\"}").status())
                .isEqualTo(201);
        String[][] tables = {{"users", "id"}, {"api_keys", "user_id"}, {"quotas", "user_id"},
                {"memories", "user_id"}, {"idempotency_keys", "user_id"}, {"usage_records", "user_id"}};
        for (String[] table : tables) {
            if (!table[0].equals("usage_records")) {
                assertThat(rowsOf(table[0], table[1], userId)).as("before: " + table[0]).isPositive();
            }
        }

        assertThat(admin("DELETE", "/api/v1/admin/users/" + userId, null).status()).isEqualTo(204);

        assertProblem(api.get("/api/v1/keys/self", "Authorization", bearer(key)), 401, "invalid_api_key");
        for (String[] table : tables) {
            assertThat(rowsOf(table[0], table[1], userId)).as(table[0]).isZero();
        }
        assertProblem(admin("GET", "/api/v1/admin/users/" + userId, null), 404, "not_found");
    }
}
