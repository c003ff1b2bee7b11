package dev.whitemagic.auth.key;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ApiKeyHasherTest {

    private static final String KEY = "wm_test_abcdefghijklmnopqrstuvwxyz21dsRg";

    @Test
    void sha256Hex_knownVector() {
        // echo -n abc | sha256sum
        assertThat(ApiKeyHasher.sha256Hex("abc"))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void sha256Hex_isDeterministic_and64LowerCaseHex() {
        String hash = ApiKeyHasher.sha256Hex(KEY);

        assertThat(ApiKeyHasher.sha256Hex(KEY)).isEqualTo(hash);
        assertThat(hash).hasSize(64).matches("[0-9a-f]{64}");
    }

    @Test
    void sha256Hex_differentKeys_differentHashes() {
        ApiKeyGenerator generator = new ApiKeyGenerator();

        assertThat(ApiKeyHasher.sha256Hex(generator.generate(KeyEnvironment.PROD)))
                .isNotEqualTo(ApiKeyHasher.sha256Hex(generator.generate(KeyEnvironment.PROD)));
        assertThat(ApiKeyHasher.sha256Hex(KEY)).isNotEqualTo(ApiKeyHasher.sha256Hex(KEY.replace('a', 'b')));
    }

    @Test
    void prefix_isTheFirstSixteenCharacters() {
        assertThat(ApiKeyHasher.prefix(KEY)).isEqualTo("wm_test_abcdefgh");
        assertThat(ApiKeyHasher.prefix("wm_dev_ZZZZZZZZZZZZZZZZZZZZZZZZZZ33X8Qk")).isEqualTo("wm_dev_ZZZZZZZZZ");
    }

    @Test
    void prefix_ofTooShortInput_isRefused() {
        assertThatThrownBy(() -> ApiKeyHasher.prefix("wm_test_abc")).isInstanceOf(IllegalArgumentException.class);
    }
}
