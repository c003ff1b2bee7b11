package dev.whitemagic.auth.key;

import dev.whitemagic.persistence.TestClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.whitemagic.auth.AuthConfigs;
import dev.whitemagic.auth.CredentialGoneException;
import dev.whitemagic.auth.InsufficientScopeException;
import dev.whitemagic.auth.NotPermittedException;
import dev.whitemagic.domain.ConflictException;
import dev.whitemagic.domain.InvalidInputException;
import dev.whitemagic.domain.NotFoundException;
import dev.whitemagic.domain.apikey.ApiKey;
import dev.whitemagic.domain.user.User;
import dev.whitemagic.persistence.TestDatabase;
import dev.whitemagic.persistence.apikey.ApiKeyRepository;
import dev.whitemagic.persistence.user.UserRepository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;

/** The key lifecycle against the real schema, one transaction per call as in the container, on a test clock. */
class ApiKeysIT {

    private static final Instant T0 = Instant.parse("2026-11-25T08:00:00Z");

    private final TestClock clock = new TestClock(T0);
    private final RecordedEvents<CallerInvalidated> events = new RecordedEvents<>();

    private <T> T keys(Function<ApiKeys, T> work) {
        return TestDatabase.fromTransaction(em -> work.apply(KeyFixtures.apiKeys(em, clock, events)));
    }

    private void inKeys(Consumer<ApiKeys> work) {
        TestDatabase.inTransaction(em -> work.accept(KeyFixtures.apiKeys(em, clock, events)));
    }

    private static UUID newUser(String planTier) {
        User user = new User("keys-" + UUID.randomUUID() + "@example.com", planTier, T0);
        TestDatabase.inTransaction(em -> em.persist(user));
        return user.getId();
    }

    private IssuedKey issue(UUID userId, NewKey request) {
        return keys(k -> k.createForUser(userId, request));
    }

    private IssuedKey issue(UUID userId) {
        return issue(userId, new NewKey("laptop", null, null, null));
    }

    /** A full-scope, never-expiring key of the user, as the caller that manages the user's keys. */
    private Caller manager(UUID userId) {
        return verify(issue(userId, new NewKey("manager", null, null, null)).rawKey()).orElseThrow();
    }

    private Optional<Caller> verify(String rawKey) {
        return keys(k -> k.verify(ApiKeyHasher.sha256Hex(rawKey), clock.instant()));
    }

    // --- create ---------------------------------------------------------------------------------------------

    @Test
    void createForUser_basic_storesOnlyHashAndPrefix_andReturnsTheRawKeyOnce() {
        UUID userId = newUser("free");

        IssuedKey issued = issue(userId);

        assertThat(ApiKeyFormat.isValid(issued.rawKey())).isTrue();
        assertThat(issued.rawKey()).startsWith("wm_prod_");
        Map<String, Object> row = TestDatabase.query("SELECT key_hash, key_prefix, name, environment,"
                + " array_to_string(scopes, ',') AS scopes, is_active, expires_at, revoked_at FROM api_keys WHERE id = ?",
                issued.apiKey().getId()).get(0);
        assertThat(row).containsEntry("key_hash", ApiKeyHasher.sha256Hex(issued.rawKey()))
                .containsEntry("key_prefix", issued.rawKey().substring(0, 16))
                .containsEntry("name", "laptop")
                .containsEntry("environment", "prod")
                .containsEntry("scopes", "memories:read,memories:write,keys:manage,usage:read")
                .containsEntry("is_active", true)
                .containsEntry("expires_at", null)
                .containsEntry("revoked_at", null);
        assertThat(row.values()).noneMatch(value -> value != null && value.toString().contains(issued.rawKey()));
        assertThat(issued.toString()).doesNotContain(issued.rawKey());
    }

    @Test
    void createForUser_withExpiry_storesIt_andTheKeyWorksUntilThen() {
        UUID userId = newUser("free");
        Instant expiry = T0.plus(Duration.ofDays(1));

        IssuedKey issued = issue(userId, new NewKey("ci", null, null, expiry));

        assertThat(issued.apiKey().getExpiresAt()).isEqualTo(expiry);
        clock.advance(Duration.ofDays(1).minusSeconds(1));
        assertThat(verify(issued.rawKey())).isPresent();
        clock.advance(Duration.ofSeconds(1));
        assertThat(verify(issued.rawKey())).isEmpty();
    }

    @Test
    void create_expiryNowOrInThePast_isInvalidInputOnExpiresAt() {
        UUID userId = newUser("free");

        for (Instant expiry : List.of(T0, T0.minusSeconds(1))) {
            assertThatThrownBy(() -> issue(userId, new NewKey("ci", null, null, expiry)))
                    .isInstanceOfSatisfying(InvalidInputException.class,
                            e -> assertThat(e.field()).isEqualTo("expires_at"));
        }
        assertThat(this.<List<ApiKey>>keys(k -> k.list(userId, true))).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(KeyEnvironment.class)
    void create_inEachEnvironment_writesItIntoKeyAndRow(KeyEnvironment environment) {
        UUID userId = newUser("free");

        IssuedKey issued = issue(userId, new NewKey("env", environment, null, null));

        assertThat(issued.rawKey()).startsWith("wm_" + environment.value() + "_");
        assertThat(issued.apiKey().getEnvironment()).isEqualTo(environment.value());
        assertThat(verify(issued.rawKey())).isPresent();
    }

    @Test
    void create_withoutEnvironment_takesTheConfiguredDefault() {
        UUID userId = newUser("free");

        IssuedKey issued = TestDatabase.fromTransaction(em -> new ApiKeys(clock, new ApiKeyGenerator(),
                new UserRepository(em), new ApiKeyRepository(em), events, AuthConfigs.withKeyEnvironment("dev"))
                .createForUser(userId, new NewKey("dev box", null, null, null)));

        assertThat(issued.rawKey()).startsWith("wm_dev_");
        assertThat(issued.apiKey().getEnvironment()).isEqualTo("dev");
    }

    @Test
    void create_byCaller_inheritsTheCallersScopes() {
        UUID userId = newUser("free");
        IssuedKey parent = issue(userId, new NewKey("parent", null, EnumSet.of(Scope.MEMORIES_READ, Scope.KEYS_MANAGE),
                null));
        Caller caller = verify(parent.rawKey()).orElseThrow();

        IssuedKey child = keys(k -> k.create(caller, new NewKey("child", null, null, null)));

        assertThat(child.apiKey().getScopes()).containsExactly("memories:read", "keys:manage");
        assertThat(verify(child.rawKey()).orElseThrow().scopes()).containsExactlyInAnyOrder(Scope.MEMORIES_READ,
                Scope.KEYS_MANAGE);
    }

    @Test
    void create_byCaller_mayNarrowTheScopes() {
        UUID userId = newUser("free");
        Caller caller = verify(issue(userId).rawKey()).orElseThrow();

        IssuedKey child = keys(k -> k.create(caller, new NewKey("reader", null, Set.of(Scope.MEMORIES_READ), null)));

        assertThat(child.apiKey().getScopes()).containsExactly("memories:read");
    }

    @Test
    void create_byCaller_askingForAScopeItLacks_isRefused_andStoresNothing() {
        UUID userId = newUser("free");
        IssuedKey parent = issue(userId, new NewKey("parent", null, EnumSet.of(Scope.KEYS_MANAGE), null));
        Caller caller = verify(parent.rawKey()).orElseThrow();

        assertThatThrownBy(() -> keys(k -> k.create(caller,
                new NewKey("escalate", null, EnumSet.of(Scope.KEYS_MANAGE, Scope.MEMORIES_WRITE), null))))
                .isInstanceOf(InsufficientScopeException.class)
                .hasMessageContaining("memories:write");
        assertThat(this.<List<ApiKey>>keys(k -> k.list(userId, true))).extracting(ApiKey::getId).containsExactly(parent.apiKey().getId());
    }

    @Test
    void create_byCaller_withoutExpiry_expiresWithTheCaller() {
        UUID userId = newUser("free");
        Instant parentExpiry = T0.plus(Duration.ofDays(1));
        Caller caller = verify(issue(userId, new NewKey("day", null, null, parentExpiry)).rawKey()).orElseThrow();

        IssuedKey child = keys(k -> k.create(caller, new NewKey("child", null, null, null)));

        assertThat(child.apiKey().getExpiresAt()).isEqualTo(parentExpiry);
        clock.advance(Duration.ofDays(1));
        assertThat(verify(child.rawKey())).isEmpty();
    }

    @Test
    void create_byCaller_outlivingTheCaller_isInvalidInputOnTheFieldAsked_andStoresNothing() {
        UUID userId = newUser("free");
        Instant parentExpiry = T0.plus(Duration.ofDays(1));
        IssuedKey parent = issue(userId, new NewKey("day", null, null, parentExpiry));
        Caller caller = verify(parent.rawKey()).orElseThrow();

        assertThatThrownBy(() -> keys(k -> k.create(caller,
                new NewKey("long", null, null, T0.plus(Duration.ofDays(2)), "expires_in_days"))))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.field()).isEqualTo("expires_in_days"))
                .hasMessageContaining(parentExpiry.toString());
        assertThatThrownBy(() -> keys(k -> k.create(caller,
                new NewKey("long", null, null, parentExpiry.plusSeconds(1)))))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("expires_at"));
        assertThat(this.<List<ApiKey>>keys(k -> k.list(userId, true))).hasSize(1);

        IssuedKey asLong = keys(k -> k.create(caller, new NewKey("as long", null, null, parentExpiry)));
        assertThat(asLong.apiKey().getExpiresAt()).isEqualTo(parentExpiry);
    }

    @Test
    void create_withNoScopesOrNoName_isInvalidInput() {
        UUID userId = newUser("free");

        assertThatThrownBy(() -> issue(userId, new NewKey("none", null, Set.of(), null)))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("scopes"));
        assertThatThrownBy(() -> issue(userId, new NewKey(" ", null, null, null)))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("name"));
        assertThatThrownBy(() -> issue(userId, new NewKey("n".repeat(101), null, null, null)))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("name"));
    }

    @Test
    void createForUser_unknownUser_isNotFound() {
        assertThatThrownBy(() -> issue(UUID.randomUUID())).isInstanceOf(NotFoundException.class);
    }

    // --- verify ---------------------------------------------------------------------------------------------

    @Test
    void verify_validKey_givesTheCaller() {
        UUID userId = newUser("pro");
        Instant expiry = T0.plus(Duration.ofDays(30));
        IssuedKey issued = issue(userId, new NewKey("ci", KeyEnvironment.TEST, EnumSet.of(Scope.USAGE_READ), expiry));

        Caller caller = verify(issued.rawKey()).orElseThrow();

        assertThat(caller.userId()).isEqualTo(userId);
        assertThat(caller.keyId()).isEqualTo(issued.apiKey().getId());
        assertThat(caller.keyPrefix()).isEqualTo(issued.rawKey().substring(0, 16));
        assertThat(caller.planTier()).isEqualTo("pro");
        assertThat(caller.scopes()).containsExactly(Scope.USAGE_READ);
        assertThat(caller.expiresAt()).isEqualTo(expiry);
    }

    @Test
    void verify_unknownKey_isEmpty() {
        assertThat(verify(new ApiKeyGenerator().generate(KeyEnvironment.PROD))).isEmpty();
    }

    @Test
    void verify_inactiveKey_isEmpty() {
        UUID userId = newUser("free");
        IssuedKey issued = issue(userId);
        TestDatabase.execute("UPDATE api_keys SET is_active = false WHERE id = '" + issued.apiKey().getId() + "'");

        assertThat(verify(issued.rawKey())).isEmpty();
    }

    @Test
    void verify_userOnAStoredTierNobodyKnows_isOnFree() {
        UUID userId = newUser("legacy-gold");

        assertThat(verify(issue(userId).rawKey()).orElseThrow().planTier()).isEqualTo("free");
    }

    // --- revoke ---------------------------------------------------------------------------------------------

    @Test
    void revoke_existingKey_stopsItAtOnce_recordsWhen_andFiresTheEvent() {
        UUID userId = newUser("free");
        IssuedKey issued = issue(userId);
        clock.advance(Duration.ofMinutes(5));

        inKeys(k -> k.revoke(userId, issued.apiKey().getId()));

        assertThat(verify(issued.rawKey())).isEmpty();
        ApiKey stored = keys(k -> k.get(userId, issued.apiKey().getId()));
        assertThat(stored.getRevokedAt()).isEqualTo(T0.plus(Duration.ofMinutes(5)));
        assertThat(stored.isActive()).isFalse();
        assertThat(events.fired()).containsExactly(CallerInvalidated.key(userId, issued.apiKey().getId()));
    }

    @Test
    void revoke_twice_isNoError_andKeepsTheFirstInstant() {
        UUID userId = newUser("free");
        IssuedKey issued = issue(userId);
        inKeys(k -> k.revoke(userId, issued.apiKey().getId()));
        clock.advance(Duration.ofHours(1));

        inKeys(k -> k.revoke(userId, issued.apiKey().getId()));

        assertThat(keys(k -> k.get(userId, issued.apiKey().getId())).getRevokedAt()).isEqualTo(T0);
    }

    @Test
    void revoke_nonExistentKey_isNotFound() {
        UUID userId = newUser("free");

        assertThatThrownBy(() -> inKeys(k -> k.revoke(userId, UUID.randomUUID())))
                .isInstanceOf(NotFoundException.class);
        assertThat(events.fired()).isEmpty();
    }

    @Test
    void revoke_anotherUsersKey_isNotFound_likeAMissingOne_andLeavesTheKeyWorking() {
        UUID owner = newUser("free");
        UUID stranger = newUser("free");
        IssuedKey issued = issue(owner);

        NotFoundException foreign = catchThrowableOfType(NotFoundException.class,
                () -> inKeys(k -> k.revoke(stranger, issued.apiKey().getId())));
        NotFoundException missing = catchThrowableOfType(NotFoundException.class,
                () -> inKeys(k -> k.revoke(stranger, UUID.randomUUID())));

        assertThat(foreign).isNotNull();
        assertThat(foreign.getMessage()).isEqualTo(missing.getMessage());
        assertThat(verify(issued.rawKey())).isPresent();
        assertThatThrownBy(() -> keys(k -> k.get(stranger, issued.apiKey().getId())))
                .isInstanceOf(NotFoundException.class).hasMessage(missing.getMessage());
    }

    // --- list -----------------------------------------------------------------------------------------------

    @Test
    void list_activeKeys_newestFirst_excludingInactive_unlessAsked() {
        UUID userId = newUser("free");
        UUID first = issue(userId, new NewKey("first", null, null, null)).apiKey().getId();
        clock.advance(Duration.ofSeconds(1));
        UUID expiring = issue(userId, new NewKey("expiring", null, null, T0.plus(Duration.ofHours(1)))).apiKey().getId();
        clock.advance(Duration.ofSeconds(1));
        UUID revoked = issue(userId, new NewKey("revoked", null, null, null)).apiKey().getId();
        clock.advance(Duration.ofSeconds(1));
        UUID last = issue(userId, new NewKey("last", null, null, null)).apiKey().getId();
        inKeys(k -> k.revoke(userId, revoked));
        issue(newUser("free"));

        assertThat(this.<List<ApiKey>>keys(k -> k.list(userId, false))).extracting(ApiKey::getId)
                .containsExactly(last, expiring, first);

        clock.advance(Duration.ofHours(1));

        assertThat(this.<List<ApiKey>>keys(k -> k.list(userId, false))).extracting(ApiKey::getId).containsExactly(last, first);
        assertThat(this.<List<ApiKey>>keys(k -> k.list(userId, true))).extracting(ApiKey::getId)
                .containsExactly(last, revoked, expiring, first);
    }

    // --- rotate ---------------------------------------------------------------------------------------------

    @Test
    void rotate_givesANewKeyLikeTheOld_andTheOldOneWorksUntilTheGraceEnds() {
        UUID userId = newUser("free");
        Caller caller = manager(userId);
        Instant expiry = T0.plus(Duration.ofDays(30));
        IssuedKey old = issue(userId, new NewKey("deploy", KeyEnvironment.TEST,
                EnumSet.of(Scope.MEMORIES_READ, Scope.USAGE_READ), expiry));
        clock.advance(Duration.ofDays(10));
        Instant rotatedAt = clock.instant();

        RotatedKey rotated = keys(k -> k.rotate(caller, old.apiKey().getId(), Duration.ofHours(1)));

        assertThat(rotated.rawKey()).isNotEqualTo(old.rawKey()).startsWith("wm_test_");
        assertThat(ApiKeyFormat.isValid(rotated.rawKey())).isTrue();
        assertThat(rotated.apiKey().getId()).isNotEqualTo(old.apiKey().getId());
        assertThat(rotated.apiKey().getName()).isEqualTo("deploy");
        assertThat(rotated.apiKey().getEnvironment()).isEqualTo("test");
        assertThat(rotated.apiKey().getScopes()).containsExactlyInAnyOrder("memories:read", "usage:read");
        assertThat(rotated.apiKey().getExpiresAt()).isEqualTo(expiry);
        assertThat(rotated.apiKey().getCreatedAt()).isEqualTo(rotatedAt);
        assertThat(rotated.previousKeyExpiresAt()).isEqualTo(rotatedAt.plus(Duration.ofHours(1)));
        assertThat(events.fired()).containsExactly(CallerInvalidated.key(userId, old.apiKey().getId()));

        assertThat(verify(rotated.rawKey())).isPresent();
        clock.advance(Duration.ofMinutes(59));
        assertThat(verify(old.rawKey())).isPresent();
        clock.advance(Duration.ofMinutes(1));
        assertThat(verify(old.rawKey())).isEmpty();
        assertThat(verify(rotated.rawKey())).isPresent();
    }

    @Test
    void rotate_withoutGrace_revokesTheOldKeyAtOnce() {
        UUID userId = newUser("free");
        Caller caller = manager(userId);
        IssuedKey old = issue(userId);

        RotatedKey rotated = keys(k -> k.rotate(caller, old.apiKey().getId(), Duration.ZERO));

        assertThat(rotated.previousKeyExpiresAt()).isEqualTo(T0);
        assertThat(verify(old.rawKey())).isEmpty();
        assertThat(keys(k -> k.get(userId, old.apiKey().getId())).getRevokedAt()).isEqualTo(T0);
        assertThat(verify(rotated.rawKey())).isPresent();
    }

    @Test
    void rotate_graceLongerThanTheOldKeysLife_keepsItsEarlierExpiry() {
        UUID userId = newUser("free");
        Caller caller = manager(userId);
        IssuedKey old = issue(userId, new NewKey("short", null, null, T0.plus(Duration.ofMinutes(10))));

        RotatedKey rotated = keys(k -> k.rotate(caller, old.apiKey().getId(), Duration.ofDays(1)));

        assertThat(rotated.previousKeyExpiresAt()).isEqualTo(T0.plus(Duration.ofMinutes(10)));
        assertThat(rotated.apiKey().getExpiresAt()).isEqualTo(T0.plus(Duration.ofMinutes(10)));
    }

    @Test
    void rotate_nonExistentOrForeignKey_isNotFound() {
        UUID userId = newUser("free");
        Caller caller = manager(userId);
        IssuedKey foreign = issue(newUser("free"));

        assertThatThrownBy(() -> keys(k -> k.rotate(caller, UUID.randomUUID(), Duration.ZERO)))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> keys(k -> k.rotate(caller, foreign.apiKey().getId(), Duration.ZERO)))
                .isInstanceOf(NotFoundException.class);
        assertThat(verify(foreign.rawKey())).isPresent();
    }

    @Test
    void rotate_revokedOrExpiredKey_isAConflict() {
        UUID userId = newUser("free");
        Caller caller = manager(userId);
        IssuedKey revoked = issue(userId);
        IssuedKey expiring = issue(userId, new NewKey("expiring", null, null, T0.plusSeconds(60)));
        inKeys(k -> k.revoke(userId, revoked.apiKey().getId()));
        clock.advance(Duration.ofSeconds(60));

        assertThatThrownBy(() -> keys(k -> k.rotate(caller, revoked.apiKey().getId(), Duration.ZERO)))
                .isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> keys(k -> k.rotate(caller, expiring.apiKey().getId(), Duration.ZERO)))
                .isInstanceOf(ConflictException.class);
        assertThat(this.<List<ApiKey>>keys(k -> k.list(userId, true))).hasSize(3);
    }

    @Test
    void rotate_graceOutsideZeroToSevenDays_isInvalidInput() {
        UUID userId = newUser("free");
        Caller caller = manager(userId);
        IssuedKey issued = issue(userId);

        for (Duration grace : List.of(Duration.ofSeconds(-1), Duration.ofDays(7).plusSeconds(1))) {
            assertThatThrownBy(() -> keys(k -> k.rotate(caller, issued.apiKey().getId(), grace)))
                    .isInstanceOfSatisfying(InvalidInputException.class,
                            e -> assertThat(e.field()).isEqualTo("grace_period_seconds"));
        }
        assertThat(keys(k -> k.rotate(caller, issued.apiKey().getId(), Duration.ofDays(7))).previousKeyExpiresAt())
                .isEqualTo(T0.plus(Duration.ofDays(7)));
    }

    @Test
    void rotate_aKeyWithScopesTheCallerLacks_isInsufficientScope_andChangesNothing() {
        UUID userId = newUser("free");
        IssuedKey full = issue(userId);
        Caller keysOnly = verify(issue(userId, new NewKey("km", null, EnumSet.of(Scope.KEYS_MANAGE), null)).rawKey())
                .orElseThrow();

        assertThatThrownBy(() -> keys(k -> k.rotate(keysOnly, full.apiKey().getId(), Duration.ofHours(1))))
                .isInstanceOf(InsufficientScopeException.class)
                .hasMessageContaining("memories:read").hasMessageContaining("memories:write")
                .hasMessageContaining("usage:read");
        assertThat(this.<List<ApiKey>>keys(k -> k.list(userId, true))).hasSize(2);
        ApiKey unchanged = keys(k -> k.get(userId, full.apiKey().getId()));
        assertThat(unchanged.isReplaced()).isFalse();
        assertThat(unchanged.getExpiresAt()).isNull();
        assertThat(events.fired()).isEmpty();
    }

    @Test
    void rotate_aKeyThatOutlivesTheCaller_isNotPermitted() {
        UUID userId = newUser("free");
        IssuedKey forever = issue(userId);
        IssuedKey later = issue(userId, new NewKey("later", null, null, T0.plus(Duration.ofDays(2))));
        IssuedKey sooner = issue(userId, new NewKey("sooner", null, null, T0.plus(Duration.ofHours(1))));
        Caller dayKey = verify(issue(userId, new NewKey("day", null, null, T0.plus(Duration.ofDays(1)))).rawKey())
                .orElseThrow();

        for (IssuedKey outliving : List.of(forever, later)) {
            assertThatThrownBy(() -> keys(k -> k.rotate(dayKey, outliving.apiKey().getId(), Duration.ZERO)))
                    .isInstanceOf(NotPermittedException.class).hasMessageContaining("outlives");
            assertThat(verify(outliving.rawKey())).isPresent();
        }
        RotatedKey rotated = keys(k -> k.rotate(dayKey, sooner.apiKey().getId(), Duration.ZERO));
        assertThat(rotated.apiKey().getExpiresAt()).isEqualTo(T0.plus(Duration.ofHours(1)));
    }

    @Test
    void rotate_aKeyReplacedAlready_isAConflict_alsoByItself_andMakesNoSecondSuccessor() {
        UUID userId = newUser("free");
        Caller caller = manager(userId);
        IssuedKey old = issue(userId, new NewKey("deploy", null, null, null));
        RotatedKey first = keys(k -> k.rotate(caller, old.apiKey().getId(), Duration.ofHours(1)));
        Caller oldInGrace = verify(old.rawKey()).orElseThrow();

        assertThatThrownBy(() -> keys(k -> k.rotate(caller, old.apiKey().getId(), Duration.ofHours(1))))
                .isInstanceOf(ConflictException.class).hasMessageContaining("rotated already");
        assertThatThrownBy(() -> keys(k -> k.rotate(oldInGrace, old.apiKey().getId(), Duration.ZERO)))
                .isInstanceOf(ConflictException.class);

        assertThat(this.<List<ApiKey>>keys(k -> k.list(userId, true))).extracting(ApiKey::getId)
                .containsExactlyInAnyOrder(caller.keyId(), old.apiKey().getId(), first.apiKey().getId());
        assertThat(keys(k -> k.get(userId, old.apiKey().getId())).getReplacedBy()).isEqualTo(first.apiKey().getId());
        // its successor is the key to rotate
        assertThat(keys(k -> k.rotate(caller, first.apiKey().getId(), Duration.ZERO)).apiKey()).isNotNull();
    }

    @Test
    void rotate_theSameKeyTwiceAtOnce_makesOneSuccessor() throws Exception {
        UUID userId = newUser("free");
        Caller caller = manager(userId);
        IssuedKey old = issue(userId, new NewKey("raced", null, null, null));
        java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(2);
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            List<java.util.concurrent.Future<Object>> results = new java.util.ArrayList<>();
            for (int i = 0; i < 2; i++) {
                results.add(threads.submit(() -> {
                    start.await();
                    try {
                        return keys(k -> k.rotate(caller, old.apiKey().getId(), Duration.ofMinutes(5)));
                    } catch (ConflictException e) {
                        return e;
                    }
                }));
            }
            List<Object> outcomes = new java.util.ArrayList<>();
            for (java.util.concurrent.Future<Object> result : results) {
                outcomes.add(result.get(30, java.util.concurrent.TimeUnit.SECONDS));
            }
            assertThat(outcomes).filteredOn(RotatedKey.class::isInstance).hasSize(1);
            assertThat(outcomes).filteredOn(ConflictException.class::isInstance).hasSize(1);
        } finally {
            threads.shutdownNow();
        }
        assertThat(this.<List<ApiKey>>keys(k -> k.list(userId, true))).hasSize(3);
    }

    @Test
    void aKeyInItsGracePeriod_stillAuthenticates_butCannotRotateNorCreateKeys() {
        UUID userId = newUser("free");
        Caller caller = manager(userId);
        IssuedKey old = issue(userId, new NewKey("deploy", null, null, null));
        IssuedKey other = issue(userId, new NewKey("other", null, EnumSet.of(Scope.MEMORIES_READ), null));
        keys(k -> k.rotate(caller, old.apiKey().getId(), Duration.ofHours(1)));
        Caller inGrace = verify(old.rawKey()).orElseThrow();

        assertThatThrownBy(() -> keys(k -> k.rotate(inGrace, other.apiKey().getId(), Duration.ZERO)))
                .isInstanceOf(NotPermittedException.class).hasMessageContaining("successor");
        assertThatThrownBy(() -> keys(k -> k.create(inGrace, new NewKey("child", null, null, null))))
                .isInstanceOf(NotPermittedException.class).hasMessageContaining("successor");
        assertThat(verify(other.rawKey())).isPresent();
        assertThat(this.<List<ApiKey>>keys(k -> k.list(userId, true))).hasSize(4);
    }

    @Test
    void create_byARevokedCaller_isRefusedAsAGoneCredential() {
        UUID userId = newUser("free");
        IssuedKey parent = issue(userId);
        Caller caller = verify(parent.rawKey()).orElseThrow();
        inKeys(k -> k.revoke(userId, parent.apiKey().getId()));

        assertThatThrownBy(() -> keys(k -> k.create(caller, new NewKey("child", null, null, null))))
                .isInstanceOf(CredentialGoneException.class);
    }
}
