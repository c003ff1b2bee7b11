package dev.whitemagic.rest.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.whitemagic.auth.key.ApiKeyFormat;
import dev.whitemagic.auth.key.ApiKeyHasher;
import dev.whitemagic.auth.key.CallerInvalidated;
import dev.whitemagic.auth.key.KeyFixtures;
import dev.whitemagic.auth.key.RecordedEvents;
import dev.whitemagic.auth.key.Scope;
import dev.whitemagic.persistence.TestClock;
import dev.whitemagic.domain.ConflictException;
import dev.whitemagic.domain.InvalidInputException;
import dev.whitemagic.domain.NotFoundException;
import dev.whitemagic.domain.user.User;
import dev.whitemagic.persistence.TestDatabase;
import dev.whitemagic.persistence.quota.QuotaRepository;
import dev.whitemagic.persistence.user.UserRepository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;

/** Accounts against the real schema, one transaction per call as in the container, on a test clock. */
class AccountsIT {

    // Late in the UTC day, so a quota dated in another zone would show.
    private static final Instant T0 = Instant.parse("2026-11-25T23:30:00Z");

    private final TestClock clock = new TestClock(T0);
    private final RecordedEvents<CallerInvalidated> events = new RecordedEvents<>();

    private <T> T accounts(Function<Accounts, T> work) {
        return TestDatabase.fromTransaction(em -> work.apply(new Accounts(clock, new UserRepository(em),
                new QuotaRepository(em), KeyFixtures.apiKeys(em, clock, events), events)));
    }

    private void inAccounts(Consumer<Accounts> work) {
        accounts(a -> {
            work.accept(a);
            return null;
        });
    }

    private static String uniqueEmail() {
        return "Account-" + UUID.randomUUID() + "@Example.com";
    }

    @Test
    void create_writesUserQuotaAndAnAllScopeFirstKey_inOneGo() {
        String email = uniqueEmail();
        String whop = UUID.randomUUID().toString();

        NewAccount account = accounts(a -> a.create(email, "pro", "user_" + whop, "mem_" + whop));

        User user = account.user();
        assertThat(user.getEmail()).isEqualTo(email);
        assertThat(user.getPlanTier()).isEqualTo("pro");
        assertThat(user.getWhopUserId()).isEqualTo("user_" + whop);
        assertThat(user.getWhopMembershipId()).isEqualTo("mem_" + whop);
        assertThat(user.getCreatedAt()).isEqualTo(T0);
        assertThat(TestDatabase.query("SELECT requests_today, last_reset_daily, last_reset_monthly FROM quotas"
                + " WHERE user_id = ?", user.getId())).singleElement().satisfies(row -> assertThat(row)
                .containsEntry("requests_today", 0)
                .containsEntry("last_reset_daily", java.sql.Date.valueOf(LocalDate.of(2026, 11, 25)))
                .containsEntry("last_reset_monthly", java.sql.Date.valueOf(LocalDate.of(2026, 11, 25))));
        assertThat(ApiKeyFormat.isValid(account.key().rawKey())).isTrue();
        assertThat(account.key().rawKey()).startsWith("wm_prod_");
        assertThat(account.key().apiKey().getName()).isEqualTo("default");
        assertThat(account.key().apiKey().getScopes()).containsExactlyElementsOf(Scope.values(Scope.all()));
        Map<String, Object> key = TestDatabase.query("SELECT user_id, key_hash FROM api_keys WHERE id = ?",
                account.key().apiKey().getId()).get(0);
        assertThat(key).containsEntry("user_id", user.getId())
                .containsEntry("key_hash", ApiKeyHasher.sha256Hex(account.key().rawKey()));
    }

    @Test
    void create_withoutTier_isOnFree() {
        assertThat(accounts(a -> a.create(uniqueEmail(), null, null, null)).user().getPlanTier()).isEqualTo("free");
    }

    @Test
    void create_duplicateEmail_inAnyCase_isAConflict_andCreatesNothing() {
        String email = uniqueEmail();
        inAccounts(a -> a.create(email, null, null, null));

        assertThatThrownBy(() -> inAccounts(a -> a.create(email.toLowerCase(), null, null, null)))
                .isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> inAccounts(a -> a.create(email, null, null, null)))
                .isInstanceOf(ConflictException.class);
        assertThat(TestDatabase.query("SELECT id FROM users WHERE lower(email) = lower(?)", email)).hasSize(1);
    }

    @Test
    void create_duplicateWhopIds_isAConflict() {
        String whop = UUID.randomUUID().toString();
        inAccounts(a -> a.create(uniqueEmail(), null, "user_" + whop, "mem_" + whop));

        assertThatThrownBy(() -> inAccounts(a -> a.create(uniqueEmail(), null, "user_" + whop, null)))
                .isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> inAccounts(a -> a.create(uniqueEmail(), null, null, "mem_" + whop)))
                .isInstanceOf(ConflictException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "no-at-sign", "two@@example.com", "spaces in@example.com", "nodot@example"})
    void create_invalidEmail_isInvalidInputOnEmail(String email) {
        assertThatThrownBy(() -> inAccounts(a -> a.create(email, null, null, null)))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("email"));
    }

    @Test
    void create_unknownTier_isInvalidInputOnPlanTier_andCreatesNothing() {
        String email = uniqueEmail();

        assertThatThrownBy(() -> inAccounts(a -> a.create(email, "gold", null, null)))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.field()).isEqualTo("plan_tier"));
        assertThat(this.<Optional<User>>accounts(a -> a.findByEmail(email))).isEmpty();
    }

    @Test
    void findByEmail_andGet_findTheAccount() {
        NewAccount account = accounts(a -> a.create(uniqueEmail(), null, null, null));

        assertThat(this.<Optional<User>>accounts(a -> a.findByEmail(account.user().getEmail().toUpperCase())))
                .map(User::getId).contains(account.user().getId());
        assertThat(accounts(a -> a.get(account.user().getId())).getEmail()).isEqualTo(account.user().getEmail());
        assertThatThrownBy(() -> accounts(a -> a.get(UUID.randomUUID()))).isInstanceOf(NotFoundException.class);
    }

    @Test
    void changePlan_storesTheTier_andFiresTheUserEvent() {
        UUID userId = accounts(a -> a.create(uniqueEmail(), null, null, null)).user().getId();
        clock.advance(Duration.ofMinutes(1));

        User changed = accounts(a -> a.changePlan(userId, "enterprise"));

        assertThat(changed.getPlanTier()).isEqualTo("enterprise");
        assertThat(TestDatabase.query("SELECT plan_tier, updated_at FROM users WHERE id = ?", userId).get(0))
                .containsEntry("plan_tier", "enterprise");
        assertThat(events.fired()).containsExactly(CallerInvalidated.user(userId));
    }

    @Test
    void changePlan_unknownTier_isInvalidInput_andChangesNothing() {
        UUID userId = accounts(a -> a.create(uniqueEmail(), "starter", null, null)).user().getId();

        assertThatThrownBy(() -> accounts(a -> a.changePlan(userId, "platinum")))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.field()).isEqualTo("plan_tier"));
        assertThat(accounts(a -> a.get(userId)).getPlanTier()).isEqualTo("starter");
        assertThat(events.fired()).isEmpty();
    }

    @Test
    void changePlan_unknownUser_isNotFound() {
        assertThatThrownBy(() -> accounts(a -> a.changePlan(UUID.randomUUID(), "pro")))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void delete_removesUserKeysAndQuota_andFiresTheUserEvent() {
        NewAccount account = accounts(a -> a.create(uniqueEmail(), null, null, null));
        UUID userId = account.user().getId();

        inAccounts(a -> a.delete(userId));

        assertThat(TestDatabase.query("SELECT id FROM users WHERE id = ?", userId)).isEmpty();
        assertThat(TestDatabase.query("SELECT id FROM api_keys WHERE user_id = ?", userId)).isEmpty();
        assertThat(TestDatabase.query("SELECT user_id FROM quotas WHERE user_id = ?", userId)).isEmpty();
        assertThat(events.fired()).containsExactly(CallerInvalidated.user(userId));
    }

    @Test
    void delete_leavesNoRowOfTheUserInAnyTable_andKeepsOtherUsersRows() {
        UUID userId = accounts(a -> a.create(uniqueEmail(), null, null, null)).user().getId();
        UUID otherId = accounts(a -> a.create(uniqueEmail(), null, null, null)).user().getId();
        for (UUID id : new UUID[] {userId, otherId}) {
            TestDatabase.execute("INSERT INTO memories (id, user_id, title, content, type, tags, size_bytes) VALUES ('"
                            + UUID.randomUUID() + "', '" + id + "', 'T', 'C', 'short_term', ARRAY['x'], 3)",
                    "INSERT INTO idempotency_keys (user_id, idempotency_key, request_hash, status) VALUES ('" + id
                            + "', 'k1', '" + "a".repeat(64) + "', 201)",
                    "INSERT INTO usage_records (user_id, api_key_id, endpoint, method) SELECT user_id, id,"
                            + " '/api/v1/me', 'GET' FROM api_keys WHERE user_id = '" + id + "'");
        }
        String[] tables = {"users WHERE id = ?", "api_keys WHERE user_id = ?", "quotas WHERE user_id = ?",
                "usage_records WHERE user_id = ?", "memories WHERE user_id = ?", "idempotency_keys WHERE user_id = ?"};
        for (String table : tables) {
            assertThat(TestDatabase.query("SELECT 1 FROM " + table, userId)).as("before: " + table).isNotEmpty();
        }

        inAccounts(a -> a.delete(userId));

        for (String table : tables) {
            assertThat(TestDatabase.query("SELECT 1 FROM " + table, userId)).as(table).isEmpty();
            assertThat(TestDatabase.query("SELECT 1 FROM " + table, otherId)).as("other user: " + table).isNotEmpty();
        }
    }

    @Test
    void createWithoutKey_writesUserAndQuota_butNoKey() {
        String email = uniqueEmail();

        User user = this.<Optional<User>>accounts(a -> a.createWithoutKey(email, "starter", null, null)).orElseThrow();

        assertThat(user.getPlanTier()).isEqualTo("starter");
        assertThat(TestDatabase.query("SELECT user_id FROM quotas WHERE user_id = ?", user.getId())).hasSize(1);
        assertThat(TestDatabase.query("SELECT id FROM api_keys WHERE user_id = ?", user.getId())).isEmpty();
        assertThat(this.<Optional<User>>accounts(a -> a.createWithoutKey(email.toUpperCase(), null, null, null)))
                .as("a second account with that email").isEmpty();
    }

    @Test
    void delete_unknownUser_isNotFound_andFiresNothing() {
        assertThatThrownBy(() -> inAccounts(a -> a.delete(UUID.randomUUID()))).isInstanceOf(NotFoundException.class);
        assertThat(events.fired()).isEmpty();
    }
}
