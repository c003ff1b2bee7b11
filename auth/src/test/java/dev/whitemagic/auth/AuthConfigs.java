package dev.whitemagic.auth;

/** Builds {@link AuthConfig} values outside a container for tests of other packages (its fields are package-private). */
public final class AuthConfigs {

    private AuthConfigs() {
    }

    public static AuthConfig withKeyEnvironment(String environment) {
        AuthConfig config = new AuthConfig();
        config.keyEnvironment = environment;
        return config;
    }
}
