package dev.whitemagic.auth.key;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

class ApiKeyFormatTest {

    private static final String BODY = "wm_test_abcdefghijklmnopqrstuvwxyz";

    /** A valid key built in the test itself, independently of ApiKeyFormat.checksum. */
    private static final String VALID = BODY + "21dsRg";

    @Test
    void checksum_knownVector_isCrc32InBase62() {
        // CRC32("wm_test_abcdefghijklmnopqrstuvwxyz") = 1856546084 = 2*62^5 + 1*62^4 + 39*62^3 + 54*62^2 + 27*62 + 42
        CRC32 crc = new CRC32();
        crc.update(BODY.getBytes(StandardCharsets.US_ASCII));
        assertThat(crc.getValue()).isEqualTo(1_856_546_084L);
        assertThat(2 * 916_132_832L + 14_776_336L + 39 * 238_328L + 54 * 3_844L + 27 * 62L + 42).isEqualTo(1_856_546_084L);

        assertThat(ApiKeyFormat.checksum(BODY)).isEqualTo("21dsRg");
    }

    @Test
    void checksum_aboveTwoToThe31_isReadAsUnsigned() {
        // CRC32 = 2800624738, negative as a signed int: a signed reading would give another (or no) checksum.
        assertThat(ApiKeyFormat.checksum("wm_dev_ZZZZZZZZZZZZZZZZZZZZZZZZZZ")).isEqualTo("33X8Qk");
    }

    @Test
    void checksum_smallValue_isLeftPaddedWithZero() {
        // CRC32 = 428869909 < 62^5, so the base62 number has five digits and gets one leading '0'.
        assertThat(ApiKeyFormat.checksum("wm_prod_00000000000000000000000001")).isEqualTo("0T1Ueb");
    }

    @Test
    void isValid_keyWithMatchingChecksum_isValid_inEveryEnvironment() {
        assertThat(ApiKeyFormat.isValid(VALID)).isTrue();
        assertThat(ApiKeyFormat.isValid("wm_dev_ZZZZZZZZZZZZZZZZZZZZZZZZZZ33X8Qk")).isTrue();
        assertThat(ApiKeyFormat.isValid("wm_prod_000000000000000000000000010T1Ueb")).isTrue();
        assertThat(VALID).matches(ApiKeyFormat.REGEX);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {
            "prod_abc",
            "api_prod_abcdefghijklmnopqrstuvwxyz21dsRg",
            "wm_abc",
            "wm_live_abcdefghijklmnopqrstuvwxyz21dsRg",
            "wm_Test_abcdefghijklmnopqrstuvwxyz21dsRg",
            "wm_test_abcdefghijklmnopqrstuvwxyz21dsR",
            "wm_test_abcdefghijklmnopqrstuvwxyz21dsRgX",
            "wm_test_abcdefghijklmnopqrstuvwxy-21dsRg",
            "wm_test_abcdefghijklmnopqrstuvwxyé21dsRg",
            "wm_test__bcdefghijklmnopqrstuvwxyz21dsRg",
            " wm_test_abcdefghijklmnopqrstuvwxyz21dsR",
            "wm_test_abcdefghijklmnopqrstuvwxyz21dsRg ",
    })
    void isValid_malformed_isInvalid(String raw) {
        assertThat(ApiKeyFormat.isValid(raw)).isFalse();
    }

    @Test
    void isValid_anyOneCharacterChanged_failsTheChecksum() {
        int secretStart = "wm_test_".length();
        for (int i = secretStart; i < VALID.length(); i++) {
            char original = VALID.charAt(i);
            char replacement = original == 'a' ? 'b' : 'a';
            String typo = VALID.substring(0, i) + replacement + VALID.substring(i + 1);

            assertThat(typo).matches(ApiKeyFormat.REGEX);
            assertThat(ApiKeyFormat.isValid(typo)).as("changed at %d: %s", i, typo).isFalse();
        }
    }

    @Test
    void isValid_rightChecksumUnderAnotherEnvironment_isInvalid() {
        assertThat(ApiKeyFormat.isValid("wm_prod_abcdefghijklmnopqrstuvwxyz21dsRg")).isFalse();
    }

    @Test
    void isValid_hugeInput_isInvalidWithoutWork() {
        assertThat(ApiKeyFormat.isValid("wm_test_" + "a".repeat(1_000_000))).isFalse();
    }
}
