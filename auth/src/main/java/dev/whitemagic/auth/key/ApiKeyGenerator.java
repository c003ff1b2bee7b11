package dev.whitemagic.auth.key;

import jakarta.enterprise.context.ApplicationScoped;

import java.security.SecureRandom;

/** Makes new raw keys from a CSPRNG, in the format of {@link ApiKeyFormat}. */
@ApplicationScoped
public class ApiKeyGenerator {

    private final SecureRandom random = new SecureRandom();

    /**
     * @param environment the label to write into the key
     * @return a new raw key, e.g. {@code wm_prod_…}; show it once and store only its hash
     */
    public String generate(KeyEnvironment environment) {
        StringBuilder key = new StringBuilder(ApiKeyFormat.PREFIX.length() + environment.value().length() + 1
                + ApiKeyFormat.SECRET_LENGTH)
                .append(ApiKeyFormat.PREFIX).append(environment.value()).append('_');
        for (int i = 0; i < ApiKeyFormat.RANDOM_LENGTH; i++) {
            // nextInt(bound) rejects the biased tail, so every character is uniform over the 62.
            key.append(ApiKeyFormat.ALPHABET.charAt(random.nextInt(ApiKeyFormat.ALPHABET.length())));
        }
        return key.append(ApiKeyFormat.checksum(key.toString())).toString();
    }
}
