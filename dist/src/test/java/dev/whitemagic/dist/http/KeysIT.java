package dev.whitemagic.dist.http;

import static dev.whitemagic.dist.http.ProblemAssert.assertProblem;
import static dev.whitemagic.dist.http.TestAccounts.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.whitemagic.dist.SharedServer;
import dev.whitemagic.dist.http.TestAccounts.Account;
import jakarta.json.JsonObject;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeysIT {

    private final ApiClient api = new ApiClient(SharedServer.baseUrl().toString());

    private ApiClient.Reply post(String path, String key, String body) {
        return api.send("POST", path, HttpRequest.BodyPublishers.ofString(body), "Content-Type", "application/json",
                "Authorization", bearer(key));
    }

    private ApiClient.Reply delete(String path, String key) {
        return api.send("DELETE", path, HttpRequest.BodyPublishers.noBody(), "Authorization", bearer(key));
    }

    @Test
    void create_returnsTheKeyOnce_withMetadata_andNoStore() {
        Account account = TestAccounts.create(api);
        ApiClient.Reply reply = post("/api/v1/keys", account.key(),
                "{\"name\":\"ci\",\"environment\":\"test\",\"expires_in_days\":30}");
        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        assertThat(reply.header("Cache-Control")).isEqualTo("no-store");
        JsonObject body = reply.json();
        String key = body.getString("key");
        assertThat(key).matches("^wm_test_[A-Za-z0-9]{32}$");
        JsonObject apiKey = body.getJsonObject("api_key");
        assertThat(apiKey.getString("name")).isEqualTo("ci");
        assertThat(apiKey.getString("environment")).isEqualTo("test");
        assertThat(apiKey.getString("key_prefix")).isEqualTo(key.substring(0, 16));
        assertThat(apiKey.getBoolean("is_active")).isTrue();
        assertThat(apiKey.isNull("last_used_at")).isTrue();
        assertThat(apiKey.isNull("revoked_at")).isTrue();
        Instant expires = Instant.parse(apiKey.getString("expires_at"));
        assertThat(expires).isBetween(Instant.now().plus(Duration.ofDays(29)), Instant.now().plus(Duration.ofDays(31)));
        assertThat(apiKey.keySet()).containsExactlyInAnyOrder("id", "name", "key_prefix", "environment", "scopes",
                "is_active", "created_at", "last_used_at", "expires_at", "revoked_at");

        assertThat(api.get("/api/v1/keys/self", "Authorization", bearer(key)).status()).isEqualTo(200);
    }

    @Test
    void self_answersTheStoredKey_withItsUserAndPlan() {
        Account account = TestAccounts.create(api);
        JsonObject created = TestAccounts.createKey(api, account.key(),
                "{\"name\":\"whoami\",\"scopes\":[\"usage:read\",\"memories:read\"],\"expires_in_days\":30}");
        String key = created.getString("key");
        JsonObject stored = created.getJsonObject("api_key");

        for (int i = 0; i < 2; i++) { // the first verifies in the database, the second is answered from the cache
            ApiClient.Reply self = api.get("/api/v1/keys/self", "Authorization", bearer(key));
            assertThat(self.status()).as(self.toString()).isEqualTo(200);
            JsonObject body = self.json();
            for (String field : List.of("id", "name", "key_prefix", "environment")) {
                assertThat(body.getString(field)).as(field).isEqualTo(stored.getString(field));
            }
            for (String field : List.of("created_at", "expires_at")) {
                assertThat(Instant.parse(body.getString(field))).as(field)
                        .isEqualTo(Instant.parse(stored.getString(field)));
            }
            assertThat(body.getJsonArray("scopes")).isEqualTo(stored.getJsonArray("scopes"));
            assertThat(body.getBoolean("is_active")).isTrue();
            assertThat(body.isNull("revoked_at")).isTrue();
            assertThat(body.getString("plan_tier")).isEqualTo("free");
            assertThat(body.getString("user_id")).isEqualTo(account.userId());
            assertThat(body.keySet()).containsExactlyInAnyOrder("id", "name", "key_prefix", "environment", "scopes",
                    "is_active", "created_at", "last_used_at", "expires_at", "revoked_at", "user_id", "plan_tier");
            // this request is a use of the key: last_used_at is no older than the batching allows
            assertThat(body.isNull("last_used_at")).isFalse();
            assertThat(Instant.parse(body.getString("last_used_at"))).isAfter(Instant.now().minusSeconds(60));
        }
    }

    @Test
    void list_isNewestFirst_neverShowsKeysOrHashes_andHidesRevokedUnlessAsked() {
        Account account = TestAccounts.create(api);
        String second = TestAccounts.createKey(api, account.key(), "{\"name\":\"second\"}").getString("key");
        JsonObject third = TestAccounts.createKey(api, account.key(), "{\"name\":\"third\"}");
        assertThat(delete("/api/v1/keys/" + third.getJsonObject("api_key").getString("id"), account.key()).status())
                .isEqualTo(204);

        ApiClient.Reply active = api.get("/api/v1/keys", "Authorization", bearer(account.key()));
        assertThat(active.status()).isEqualTo(200);
        List<String> names = active.json().getJsonArray("items").getValuesAs(JsonObject.class).stream()
                .map(k -> k.getString("name")).toList();
        assertThat(names).containsExactly("second", "default");
        assertThat(active.body()).doesNotContain(account.key()).doesNotContain(second).doesNotContain("hash");

        ApiClient.Reply all = api.get("/api/v1/keys?include_inactive=true", "Authorization", bearer(account.key()));
        List<JsonObject> items = all.json().getJsonArray("items").getValuesAs(JsonObject.class);
        assertThat(items).extracting(k -> k.getString("name")).containsExactly("third", "second", "default");
        assertThat(items.get(0).getBoolean("is_active")).isFalse();
        assertThat(items.get(0).isNull("revoked_at")).isFalse();
    }

    @Test
    void anotherUsersKey_isNotFound_forRevokeAndRotate() {
        Account mine = TestAccounts.create(api);
        Account theirs = TestAccounts.create(api);
        assertProblem(delete("/api/v1/keys/" + theirs.keyId(), mine.key()), 404, "not_found");
        assertProblem(post("/api/v1/keys/" + theirs.keyId() + "/rotate", mine.key(), "{}"), 404, "not_found");
        assertProblem(delete("/api/v1/keys/00000000-0000-0000-0000-000000000000", mine.key()), 404, "not_found");
        assertThat(api.get("/api/v1/keys/self", "Authorization", bearer(theirs.key())).status()).isEqualTo(200);
    }

    @Test
    void readOnlyKey_cannotWriteNorManageKeys_butCanAskWhoItIs() {
        Account account = TestAccounts.create(api);
        String readOnly = TestAccounts.createKey(api, account.key(),
                "{\"name\":\"reader\",\"scopes\":[\"memories:read\"]}").getString("key");

        assertProblem(api.get("/api/v1/keys", "Authorization", bearer(readOnly)), 403, "insufficient_scope");
        assertProblem(post("/api/v1/keys", readOnly, "{\"name\":\"x\"}"), 403, "insufficient_scope");
        ApiClient.Reply self = api.get("/api/v1/keys/self", "Authorization", bearer(readOnly));
        assertThat(self.status()).isEqualTo(200);
        assertThat(self.json().getJsonArray("scopes").getString(0)).isEqualTo("memories:read");
    }

    @Test
    void aKeyCannotGrantScopesItLacks() {
        Account account = TestAccounts.create(api);
        String manager = TestAccounts.createKey(api, account.key(),
                "{\"name\":\"manager\",\"scopes\":[\"keys:manage\"]}").getString("key");

        assertProblem(post("/api/v1/keys", manager, "{\"name\":\"x\",\"scopes\":[\"memories:write\"]}"), 403,
                "insufficient_scope");
        JsonObject narrowed = TestAccounts.createKey(api, manager, "{\"name\":\"y\"}");
        assertThat(narrowed.getJsonObject("api_key").getJsonArray("scopes").getValuesAs(
                jakarta.json.JsonString.class)).extracting(jakarta.json.JsonString::getString).containsExactly("keys:manage");
    }

    @Test
    void invalidCreateRequests_areValidationFailures_namingTheField() {
        Account account = TestAccounts.create(api);
        assertThat(assertProblem(post("/api/v1/keys", account.key(), "{\"name\":\"\"}"), 400, "validation_failed")
                .getJsonArray("errors").getJsonObject(0).getString("field")).isEqualTo("name");
        assertThat(assertProblem(post("/api/v1/keys", account.key(), "{\"name\":\"" + "n".repeat(101) + "\"}"), 400,
                "validation_failed").getJsonArray("errors").getJsonObject(0).getString("field")).isEqualTo("name");
        assertThat(assertProblem(post("/api/v1/keys", account.key(), "{\"name\":\"a\",\"expires_in_days\":0}"), 400,
                "validation_failed").getJsonArray("errors").getJsonObject(0).getString("field"))
                .isEqualTo("expires_in_days");
        assertProblem(post("/api/v1/keys", account.key(), "{\"name\":\"a\",\"expires_in_days\":3651}"), 400,
                "validation_failed");
        assertThat(assertProblem(post("/api/v1/keys", account.key(), "{\"name\":\"a\",\"environment\":\"live\"}"), 400,
                "validation_failed").getJsonArray("errors").getJsonObject(0).getString("field")).isEqualTo("environment");
        assertThat(assertProblem(post("/api/v1/keys", account.key(), "{\"name\":\"a\",\"scopes\":[\"admin\"]}"), 400,
                "validation_failed").getJsonArray("errors").getJsonObject(0).getString("field")).isEqualTo("scopes");
        assertProblem(post("/api/v1/keys", account.key(), "{\"name\":\"a\",\"expires_at\":\"2001-01-01T00:00:00Z\"}"),
                400, "validation_failed");
        assertProblem(post("/api/v1/keys", account.key(), "{\"name\":\"a\",\"expires_at\":\"yesterday\"}"), 400,
                "validation_failed");
    }

    @Test
    void malformedJson_wrongTypes_emptyBody_andWrongMediaType_areClientErrors() {
        Account account = TestAccounts.create(api);
        assertProblem(post("/api/v1/keys", account.key(), "{\"name\":"), 400, "validation_failed");
        assertProblem(post("/api/v1/keys", account.key(), "[1,2]"), 400, "validation_failed");
        assertProblem(post("/api/v1/keys", account.key(), "{\"name\":\"a\",\"expires_in_days\":\"soon\"}"), 400,
                "validation_failed");
        assertProblem(post("/api/v1/keys", account.key(), ""), 400, "validation_failed");
        ApiClient.Reply text = api.send("POST", "/api/v1/keys", HttpRequest.BodyPublishers.ofString("name=a"),
                "Content-Type", "text/plain", "Authorization", bearer(account.key()));
        assertProblem(text, 415, "unsupported_media_type");
    }

    @Test
    void chunkedBodyOverTheLimit_isPayloadTooLarge() {
        Account account = TestAccounts.create(api);
        byte[] big = ("{\"name\":\"" + "a".repeat(1024 * 1024 + 10) + "\"}").getBytes();
        ApiClient.Reply reply = api.send("POST", "/api/v1/keys",
                HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(big)),
                "Content-Type", "application/json", "Authorization", bearer(account.key()));
        assertProblem(reply, 413, "payload_too_large");
    }

    @Test
    void rotation_keepsNameEnvironmentScopesAndExpiry_andTheOldKeyWorksUntilTheGraceEnds() throws Exception {
        Account account = TestAccounts.create(api);
        JsonObject original = TestAccounts.createKey(api, account.key(),
                "{\"name\":\"rotating\",\"environment\":\"dev\",\"scopes\":[\"keys:manage\",\"memories:read\"],"
                        + "\"expires_in_days\":10}");
        String oldKey = original.getString("key");
        String oldId = original.getJsonObject("api_key").getString("id");

        ApiClient.Reply rotated = post("/api/v1/keys/" + oldId + "/rotate", account.key(), "{\"grace_period_seconds\":3}");
        assertThat(rotated.status()).as(rotated.toString()).isEqualTo(201);
        assertThat(rotated.header("Cache-Control")).isEqualTo("no-store");
        JsonObject body = rotated.json();
        String newKey = body.getString("key");
        JsonObject newMeta = body.getJsonObject("api_key");
        assertThat(newKey).startsWith("wm_dev_").isNotEqualTo(oldKey);
        assertThat(newMeta.getString("name")).isEqualTo("rotating");
        assertThat(newMeta.getString("environment")).isEqualTo("dev");
        assertThat(newMeta.getJsonArray("scopes")).hasSize(2);
        assertThat(newMeta.getString("expires_at")).isEqualTo(original.getJsonObject("api_key").getString("expires_at"));
        Instant previousExpires = Instant.parse(body.getString("previous_key_expires_at"));
        assertThat(previousExpires).isBetween(Instant.now(), Instant.now().plusSeconds(5));

        assertThat(api.get("/api/v1/keys/self", "Authorization", bearer(oldKey)).status()).isEqualTo(200);
        assertThat(api.get("/api/v1/keys/self", "Authorization", bearer(newKey)).status()).isEqualTo(200);
        Thread.sleep(Math.max(0, Duration.between(Instant.now(), previousExpires).toMillis()) + 500);
        assertProblem(api.get("/api/v1/keys/self", "Authorization", bearer(oldKey)), 401, "invalid_api_key");
        assertThat(api.get("/api/v1/keys/self", "Authorization", bearer(newKey)).status()).isEqualTo(200);
    }

    @Test
    void rotationWithoutGrace_stopsTheOldKeyAtOnce_andGraceIsBounded() {
        Account account = TestAccounts.create(api);
        JsonObject original = TestAccounts.createKey(api, account.key(), "{\"name\":\"r\"}");
        String oldId = original.getJsonObject("api_key").getString("id");
        assertProblem(post("/api/v1/keys/" + oldId + "/rotate", account.key(), "{\"grace_period_seconds\":604801}"),
                400, "validation_failed");
        assertThat(post("/api/v1/keys/" + oldId + "/rotate", account.key(), "{}").status()).isEqualTo(201);
        assertProblem(api.get("/api/v1/keys/self", "Authorization", bearer(original.getString("key"))), 401,
                "invalid_api_key");
    }

    // --- a key never obtains more than it has

    private static String idOf(JsonObject created) {
        return created.getJsonObject("api_key").getString("id");
    }

    private List<String> keyIds(String key) {
        return api.get("/api/v1/keys?include_inactive=true", "Authorization", bearer(key)).json().getJsonArray("items")
                .stream().map(item -> item.asJsonObject().getString("id")).toList();
    }

    @Test
    void aKeysManageOnlyKey_cannotRotateAFullKey_andObtainsNoKey() {
        Account account = TestAccounts.create(api);
        String keysOnly = TestAccounts.createKey(api, account.key(), "{\"name\":\"km\",\"scopes\":[\"keys:manage\"]}")
                .getString("key");
        List<String> before = keyIds(account.key());

        ApiClient.Reply rotated = post("/api/v1/keys/" + account.keyId() + "/rotate", keysOnly,
                "{\"grace_period_seconds\":60}");

        JsonObject problem = assertProblem(rotated, 403, "insufficient_scope");
        assertThat(problem.getString("detail")).contains("memories:read", "memories:write", "usage:read");
        assertThat(rotated.body()).doesNotContain("wm_prod_");
        assertThat(keyIds(account.key())).containsExactlyInAnyOrderElementsOf(before);
        // the full key is untouched: no grace period started
        assertThat(api.get("/api/v1/keys/self", "Authorization", bearer(account.key())).json().isNull("expires_at"))
                .isTrue();
        // nor one with any scope it lacks; one within its own scopes it may rotate
        String readOnly = TestAccounts.createKey(api, account.key(),
                "{\"name\":\"r\",\"scopes\":[\"memories:read\"]}").getJsonObject("api_key").getString("id");
        assertThat(post("/api/v1/keys/" + readOnly + "/rotate", keysOnly, "{}").status()).isEqualTo(403);
        String narrow = TestAccounts.createKey(api, account.key(),
                "{\"name\":\"k2\",\"scopes\":[\"keys:manage\"]}").getJsonObject("api_key").getString("id");
        assertThat(post("/api/v1/keys/" + narrow + "/rotate", keysOnly, "{}").status()).isEqualTo(201);
    }

    @Test
    void aChildKey_neverOutlivesItsCreator() {
        Account account = TestAccounts.create(api);
        JsonObject parent = TestAccounts.createKey(api, account.key(), "{\"name\":\"day\",\"expires_in_days\":1}");
        String parentKey = parent.getString("key");
        Instant parentExpiry = Instant.parse(parent.getJsonObject("api_key").getString("expires_at"));

        JsonObject child = TestAccounts.createKey(api, parentKey, "{\"name\":\"child\"}");
        assertThat(Instant.parse(child.getJsonObject("api_key").getString("expires_at"))).isEqualTo(parentExpiry);
        JsonObject explicitNull = TestAccounts.createKey(api, parentKey, "{\"name\":\"child\",\"expires_at\":null}");
        assertThat(Instant.parse(explicitNull.getJsonObject("api_key").getString("expires_at")))
                .isEqualTo(parentExpiry);

        List<String> before = keyIds(account.key());
        JsonObject longer = assertProblem(post("/api/v1/keys", parentKey, "{\"name\":\"x\",\"expires_in_days\":30}"),
                400, "validation_failed");
        assertThat(longer.getJsonArray("errors").getJsonObject(0).getString("field")).isEqualTo("expires_in_days");
        assertThat(longer.getString("detail")).contains("outlive");
        JsonObject later = assertProblem(post("/api/v1/keys", parentKey,
                "{\"name\":\"x\",\"expires_at\":\"" + parentExpiry.plusSeconds(1) + "\"}"), 400, "validation_failed");
        assertThat(later.getJsonArray("errors").getJsonObject(0).getString("field")).isEqualTo("expires_at");
        assertThat(keyIds(account.key())).containsExactlyInAnyOrderElementsOf(before);

        // a shorter life is fine, and so is any life for a child of a key that never expires
        assertThat(post("/api/v1/keys", parentKey, "{\"name\":\"short\",\"expires_at\":\""
                + parentExpiry.minusSeconds(3600) + "\"}").status()).isEqualTo(201);
        assertThat(TestAccounts.createKey(api, account.key(), "{\"name\":\"free\"}").getJsonObject("api_key")
                .isNull("expires_at")).isTrue();
    }

    @Test
    void aKeyCannotRotateAKeyThatOutlivesIt() {
        Account account = TestAccounts.create(api);
        String dayKey = TestAccounts.createKey(api, account.key(), "{\"name\":\"day\",\"expires_in_days\":1}")
                .getString("key");

        JsonObject problem = assertProblem(post("/api/v1/keys/" + account.keyId() + "/rotate", dayKey, "{}"), 403,
                "forbidden");
        assertThat(problem.getString("detail")).contains("outlives");
        assertThat(api.get("/api/v1/keys/self", "Authorization", bearer(account.key())).status()).isEqualTo(200);
    }

    @Test
    void aKeyInItsGracePeriod_readsAndWrites_butIsNotRotatedTwice_norManagesKeys() {
        Account account = TestAccounts.create(api);
        JsonObject original = TestAccounts.createKey(api, account.key(), "{\"name\":\"deploy\"}");
        String oldKey = original.getString("key");
        String oldId = idOf(original);
        ApiClient.Reply first = post("/api/v1/keys/" + oldId + "/rotate", account.key(), "{\"grace_period_seconds\":600}");
        assertThat(first.status()).as(first.toString()).isEqualTo(201);
        String successorId = first.json().getJsonObject("api_key").getString("id");
        List<String> afterFirst = keyIds(account.key());

        // a second rotation, by another key or by the rotated key itself, makes no second live successor
        JsonObject again = assertProblem(post("/api/v1/keys/" + oldId + "/rotate", account.key(),
                "{\"grace_period_seconds\":600}"), 409, "conflict");
        assertThat(again.getString("detail")).contains("successor");
        assertProblem(post("/api/v1/keys/" + oldId + "/rotate", oldKey, "{}"), 409, "conflict");
        // the replaced key still reads and writes until its grace ends
        assertThat(api.get("/api/v1/memories", "Authorization", bearer(oldKey)).status()).isEqualTo(200);
        assertThat(post("/api/v1/memories", oldKey, "{\"title\":\"t\",\"content\":\"c\"}").status()).isEqualTo(201);
        // but it cannot mint or rotate keys
        assertThat(assertProblem(post("/api/v1/keys", oldKey, "{\"name\":\"child\"}"), 403, "forbidden")
                .getString("detail")).contains("successor");
        assertProblem(post("/api/v1/keys/" + account.keyId() + "/rotate", oldKey, "{}"), 403, "forbidden");
        assertThat(keyIds(account.key())).containsExactlyInAnyOrderElementsOf(afterFirst);
        // the successor is the key to rotate
        assertThat(post("/api/v1/keys/" + successorId + "/rotate", account.key(), "{}").status()).isEqualTo(201);
    }

    @Test
    void openApi_describesTheRulesOfKeyCreationAndRotation() {
        JsonObject paths = api.get("/openapi", "Accept", "application/json").json().getJsonObject("paths");
        JsonObject create = paths.getJsonObject("/api/v1/keys").getJsonObject("post").getJsonObject("responses");
        JsonObject rotate = paths.getJsonObject("/api/v1/keys/{id}/rotate").getJsonObject("post")
                .getJsonObject("responses");
        assertThat(create.getJsonObject("403").getString("description")).contains("insufficient_scope", "forbidden");
        assertThat(create.getJsonObject("400").getString("description")).contains("expiry");
        assertThat(rotate.getJsonObject("403").getString("description")).contains("insufficient_scope", "outlives");
        assertThat(rotate.getJsonObject("409").getString("description")).contains("rotated already");
    }
}
