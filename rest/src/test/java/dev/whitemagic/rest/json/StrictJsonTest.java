package dev.whitemagic.rest.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.whitemagic.domain.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class StrictJsonTest {

    record Sample(String title, Boolean dryRun, Integer limit, Long big, List<String> tags, OffsetDateTime expiresAt,
                  int required) {
    }

    private static Sample read(String json) {
        return RecordBinder.bind(Sample.class, JsonTree.parse(json.getBytes(StandardCharsets.UTF_8)));
    }

    private static void refused(String json, String field) {
        assertThatThrownBy(() -> read(json)).as(json).isInstanceOf(InvalidInputException.class)
                .satisfies(e -> assertThat(((InvalidInputException) e).field()).as(json).isEqualTo(field));
    }

    @Test
    void eachFieldTakesItsOwnType_namedInSnakeCase_unknownKeysIgnored() {
        Sample sample = read("{\"title\":\"t\",\"dry_run\":true,\"limit\":5,\"big\":9007199254740993,\"tags\":[\"a\",\"b\"],"
                + "\"expires_at\":\"2027-01-31T00:00:00Z\",\"required\":0,\"unknown\":{\"deep\":[1,2]}}");

        assertThat(sample).isEqualTo(new Sample("t", true, 5, 9007199254740993L, List.of("a", "b"),
                OffsetDateTime.parse("2027-01-31T00:00:00Z"), 0));
        assertThat(read("{\"title\":null,\"required\":1}").title()).isNull();
        assertThat(RecordBinder.bind(Sample.class, JsonTree.parse("  \n".getBytes(StandardCharsets.UTF_8)))).isNull();
    }

    @Test
    void noValueIsCoercedToAnotherType() {
        refused("{\"title\":123,\"required\":1}", "title");
        refused("{\"title\":true,\"required\":1}", "title");
        refused("{\"dry_run\":\"yes\",\"required\":1}", "dry_run");
        refused("{\"dry_run\":\"true\",\"required\":1}", "dry_run");
        refused("{\"dry_run\":1,\"required\":1}", "dry_run");
        refused("{\"dry_run\":0,\"required\":1}", "dry_run");
        refused("{\"limit\":\"5\",\"required\":1}", "limit");
        refused("{\"limit\":1.9,\"required\":1}", "limit");
        refused("{\"limit\":5.0,\"required\":1}", "limit");
        refused("{\"limit\":5e0,\"required\":1}", "limit");
        refused("{\"limit\":2147483648,\"required\":1}", "limit");
        refused("{\"big\":9223372036854775808,\"required\":1}", "big");
        refused("{\"tags\":\"a\",\"required\":1}", "tags");
        refused("{\"tags\":[\"a\",1],\"required\":1}", "tags[1]");
        refused("{\"tags\":[null],\"required\":1}", "tags[0]");
        refused("{\"tags\":[true,2.5],\"required\":1}", "tags[0]");
        refused("{\"expires_at\":\"tomorrow\",\"required\":1}", "expires_at");
        refused("{\"expires_at\":1798675200,\"required\":1}", "expires_at");
        refused("{\"title\":\"t\"}", "required");
    }

    @Test
    void whatALenientParserGuessesAt_isRefused() {
        refused("{\"title\":\"a\",\"title\":\"b\",\"required\":1}", "title");
        refused("{\"required\":1}x", "body");
        refused("{\"required\":1}{}", "body");
        refused("[1]", "body");
        refused("\"text\"", "body");
        refused("{\"required\":1", "body");
        refused("{'required':1}", "body");
        refused("\uFEFF{\"required\":1}", "body");
        refused("{\"title\":\"a\\u0000b\",\"required\":1}", "title");
        refused("{\"tags\":[\"ok\",\"\\ud800\"],\"required\":1}", "tags[1]");
        refused("{\"title\":\"\\udc00x\",\"required\":1}", "title");
        refused("{\"a\":" + "[".repeat(40) + "]".repeat(40) + ",\"required\":1}", "a" + "[0]".repeat(32));
    }

    @Test
    void bytesThatAreNotUtf8_areRefused_andPairedSurrogatesKept() {
        byte[] latin1 = "{\"title\":\"caf\u00e9\",\"required\":1}".getBytes(StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> JsonTree.parse(latin1)).isInstanceOf(InvalidInputException.class)
                .satisfies(e -> assertThat(((InvalidInputException) e).field()).isEqualTo("body"));

        assertThat(read("{\"title\":\"\\ud83d\\ude00 \uD83D\uDE00\",\"required\":1}").title()).isEqualTo("\uD83D\uDE00 \uD83D\uDE00");
    }
}
