package dev.whitemagic.rest.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.whitemagic.domain.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class WhopEventTest {

    private static WhopEvent parse(String json) {
        return WhopEvent.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    /** A went_valid event with the given members of data. */
    private static WhopEvent withData(String dataMembers) {
        return parse("{\"id\":\"evt_1\",\"type\":\"membership.went_valid\",\"data\":{" + dataMembers + "}}");
    }

    private static void assertRefusedOn(String json, String field) {
        assertThatThrownBy(() -> parse(json)).isInstanceOfSatisfying(InvalidInputException.class,
                e -> assertThat(e.field()).isEqualTo(field));
    }

    @Test
    void aFullEvent_isRead() {
        WhopEvent event = parse("{\"id\":\"evt_1\",\"type\":\"membership.created\",\"created_at\":\"2026-11-25T08:00:00Z\","
                + "\"data\":{\"id\":\"mem_1\",\"user\":\"user_1\",\"email\":\" Ada@Example.com \","
                + "\"product_id\":\"prod_1\",\"valid\":true}}");

        assertThat(event).isEqualTo(new WhopEvent("evt_1", "membership.created", Instant.parse("2026-11-25T08:00:00Z"),
                "mem_1", "user_1", "Ada@Example.com", "prod_1"));
        assertThat(event.knownType()).contains(WhopEventType.MEMBERSHIP_CREATED);
    }

    @Test
    void theProduct_isProductId_elseProduct_elsePlan_eachAStringOrAnObjectWithId() {
        assertThat(withData("\"product_id\":\"p1\",\"product\":\"p2\",\"plan\":\"p3\"").productId()).isEqualTo("p1");
        assertThat(withData("\"product\":\"p2\",\"plan\":\"p3\"").productId()).isEqualTo("p2");
        assertThat(withData("\"product\":{\"id\":\"p2\",\"name\":\"Pro\"},\"plan\":\"p3\"").productId()).isEqualTo("p2");
        assertThat(withData("\"plan\":\"p3\"").productId()).isEqualTo("p3");
        assertThat(withData("\"plan\":{\"id\":\"p3\"}").productId()).isEqualTo("p3");
        assertThat(withData("\"product_id\":null,\"product\":\" \",\"plan\":{\"id\":\"p3\"}").productId())
                .isEqualTo("p3");
        assertThat(withData("\"product\":{\"name\":\"no id\"}").productId()).isNull();
        assertThat(withData("").productId()).isNull();
    }

    @Test
    void theUser_isAStringOrAnObjectWithId_whoseEmailServesWhenDataHasNone() {
        assertThat(withData("\"user\":\"user_1\"").whopUserId()).isEqualTo("user_1");
        WhopEvent fromObject = withData("\"user\":{\"id\":\"user_2\",\"email\":\"u@example.com\"}");
        assertThat(fromObject.whopUserId()).isEqualTo("user_2");
        assertThat(fromObject.email()).isEqualTo("u@example.com");
        assertThat(withData("\"user\":{\"id\":\"user_2\",\"email\":\"u@example.com\"},\"email\":\"d@example.com\"")
                .email()).isEqualTo("d@example.com");
        assertThat(withData("\"user\":null").whopUserId()).isNull();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "\"2026-11-25T08:00:00Z\"          | 2026-11-25T08:00:00Z",
            "\"2026-11-25T09:30:00.250+01:30\" | 2026-11-25T08:00:00.250Z",
            "\"2026-11-25t08:00:00z\"          | 2026-11-25T08:00:00Z",
            "1795593600                        | 2026-11-25T08:00:00Z",
            "1795593600.5                      | 2026-11-25T08:00:00.500Z",
            "\"1795593600\"                    | 2026-11-25T08:00:00Z"})
    void createdAt_isAnRfc3339Time_orUnixSeconds(String value, String expected) {
        WhopEvent event = parse("{\"id\":\"evt_1\",\"type\":\"membership.updated\",\"created_at\":" + value + "}");
        assertThat(event.createdAt()).isEqualTo(Instant.parse(expected));
    }

    @Test
    void timestamp_servesWhenCreatedAtIsAbsent() {
        assertThat(parse("{\"id\":\"e\",\"type\":\"membership.updated\",\"timestamp\":1795593600}").createdAt())
                .isEqualTo(Instant.parse("2026-11-25T08:00:00Z"));
        assertThat(parse("{\"id\":\"e\",\"type\":\"membership.updated\",\"created_at\":1795593601,\"timestamp\":1}")
                .createdAt()).isEqualTo(Instant.parse("2026-11-25T08:00:01Z"));
        assertThat(parse("{\"id\":\"e\",\"type\":\"membership.updated\"}").createdAt()).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"yesterday\"", "\"2026-11-25T08:00:00\"", "true", "{}", "-1", "1e20",
            "\"+999999999-12-31T23:59:59Z\""})
    void anUnreadableTime_isRefusedOnItsField(String value) {
        assertRefusedOn("{\"id\":\"e\",\"type\":\"membership.updated\",\"created_at\":" + value + "}", "created_at");
        assertRefusedOn("{\"id\":\"e\",\"type\":\"membership.updated\",\"timestamp\":" + value + "}", "timestamp");
    }

    @Test
    void missingOrBlankIdOrType_isRefusedOnThatField() {
        assertRefusedOn("{\"type\":\"membership.updated\"}", "id");
        assertRefusedOn("{\"id\":\"  \",\"type\":\"membership.updated\"}", "id");
        assertRefusedOn("{\"id\":null,\"type\":\"membership.updated\"}", "id");
        assertRefusedOn("{\"id\":42,\"type\":\"membership.updated\"}", "id");
        assertRefusedOn("{\"id\":\"evt_1\"}", "type");
        assertRefusedOn("{\"id\":\"evt_1\",\"type\":\"\"}", "type");
        assertRefusedOn("{\"id\":\"evt_1\",\"type\":[\"membership.updated\"]}", "type");
    }

    @Test
    void textThatCannotBeStored_isRefused() {
        assertRefusedOn("{\"id\":\"" + "e".repeat(256) + "\",\"type\":\"membership.updated\"}", "id");
        assertRefusedOn("{\"id\":\"evt\\u0000\",\"type\":\"membership.updated\"}", "id");
        assertRefusedOn("{\"id\":\"e\",\"type\":\"membership.updated\",\"data\":{\"id\":\"" + "m".repeat(256) + "\"}}",
                "data.id");
        assertThat(parse("{\"id\":\"" + "e".repeat(255) + "\",\"type\":\"membership.updated\"}").id()).hasSize(255);
    }

    @Test
    void dataMembersOfTheWrongType_areRefusedOnTheirField() {
        assertRefusedOn("{\"id\":\"e\",\"type\":\"membership.updated\",\"data\":\"mem_1\"}", "data");
        assertRefusedOn("{\"id\":\"e\",\"type\":\"membership.updated\",\"data\":{\"id\":7}}", "data.id");
        assertRefusedOn("{\"id\":\"e\",\"type\":\"membership.updated\",\"data\":{\"user\":7}}", "data.user");
        assertRefusedOn("{\"id\":\"e\",\"type\":\"membership.updated\",\"data\":{\"user\":{\"id\":7}}}", "data.user.id");
        assertRefusedOn("{\"id\":\"e\",\"type\":\"membership.updated\",\"data\":{\"email\":[]}}", "data.email");
        assertRefusedOn("{\"id\":\"e\",\"type\":\"membership.updated\",\"data\":{\"product\":{\"id\":1}}}",
                "data.product.id");
    }

    @Test
    void anUnknownType_isReadWithoutLookingAtItsTimeOrData() {
        WhopEvent event = parse("{\"id\":\"evt_9\",\"type\":\"payment.succeeded\",\"created_at\":\"soon\",\"data\":7}");

        assertThat(event).isEqualTo(new WhopEvent("evt_9", "payment.succeeded", null, null, null, null, null));
        assertThat(event.knownType()).isEmpty();
    }

    @Test
    void anEventWithoutData_hasNoMembershipUserOrProduct() {
        WhopEvent event = parse("{\"id\":\"evt_1\",\"type\":\"membership.deleted\",\"data\":null}");
        assertThat(event.membershipId()).isNull();
        assertThat(event.whopUserId()).isNull();
        assertThat(event.productId()).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "not json", "{\"id\":", "[]", "[{\"id\":\"e\",\"type\":\"t\"}]", "\"text\"", "42", "null",
            "{\"id\":\"e\",\"type\":\"t\"} trailing"})
    void aBodyThatIsNoJsonObject_isUnreadable(String body) {
        assertThatThrownBy(() -> parse(body)).isInstanceOf(UnreadableEventException.class);
    }

    @Test
    void bytesThatAreNoText_areUnreadable_neverAnotherFailure() {
        assertThatThrownBy(() -> WhopEvent.parse(new byte[] {(byte) 0xff, (byte) 0xfe, 0, 0, (byte) 0xc3}))
                .isInstanceOf(UnreadableEventException.class);
        assertThatThrownBy(() -> WhopEvent.parse(null)).isInstanceOf(UnreadableEventException.class);
        String deep = "[".repeat(100_000);
        assertThatThrownBy(() -> parse(deep)).isInstanceOf(UnreadableEventException.class);
    }
}
