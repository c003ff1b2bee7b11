package dev.whitemagic.auth.key;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.HashSet;
import java.util.Set;

class ApiKeyGeneratorTest {

    private final ApiKeyGenerator generator = new ApiKeyGenerator();

    @ParameterizedTest
    @EnumSource(KeyEnvironment.class)
    void generate_matchesTheFormat_ofItsEnvironment_withAValidChecksum(KeyEnvironment environment) {
        String key = generator.generate(environment);

        assertThat(key).matches(ApiKeyFormat.REGEX).startsWith("wm_" + environment.value() + "_");
        assertThat(key).hasSize(("wm_" + environment.value() + "_").length() + 32);
        assertThat(ApiKeyFormat.isValid(key)).isTrue();
        assertThat(key.substring(key.length() - 6))
                .isEqualTo(ApiKeyFormat.checksum(key.substring(0, key.length() - 6)));
    }

    @Test
    void generate_tenThousandKeys_areAllDistinct_andValid() {
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String key = generator.generate(KeyEnvironment.PROD);
            assertThat(ApiKeyFormat.isValid(key)).isTrue();
            keys.add(key);
        }

        assertThat(keys).hasSize(10_000);
    }

    @Test
    void generate_usesTheWholeAlphabet() {
        // 26 x 2,000 draws over 62 characters: a generator restricted to, say, hex or lower case would miss some.
        Set<Character> seen = new HashSet<>();
        for (int i = 0; i < 2_000; i++) {
            String key = generator.generate(KeyEnvironment.TEST);
            key.substring(8, 8 + 26).chars().forEach(c -> seen.add((char) c));
        }

        assertThat(seen).hasSize(62);
    }
}
