package dev.whitemagic.rest.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CanonicalPathsTest {

    @ParameterizedTest
    @ValueSource(strings = {"/", "/api/v1/me", "/api/v1/me/", "/api/v1/keys/self", "/health/ready", "/openapi",
            "/api/v1/memories/4b1c2f7e-0000-4000-8000-000000000000", "/webhooks/whop", "/nosuch", "/a%20b",
            "/api/v1/x.y", "/api/v1/..x", "/api/v1/...", "/api/v1/memories%41"})
    void canonicalPaths_pass(String path) {
        assertThat(CanonicalPaths.whyNot(path)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api;/v1/me", "/api/v1;x=y/me", "/api/v1/me;", "/api/v1/me;jsessionid=1",
            "/api/v1//me", "//api/v1/me", "/api/v1/me//", "/api/v1/./me", "/api/v1/x/../me", "/api/v1/..", "/.",
            "/api/v1%2Fme", "/api/v1%2fme", "/api/v1/%2e%2e/me", "/api/v1/%2E/me", "/api/v1/me%3b", "/api/v1/me%5C",
            "/api/v1/me%25", "/api/v1/me%00", "/api/v1/me%1f", "/api/v1/me%7F", "/api/v1/me%", "/api/v1/me%4",
            "/api/v1/me%zz", "/api\\v1/me", "api/v1/me", "", "/api/v1/me\u0000", "/api/v1/me\t"})
    void nonCanonicalPaths_areRefused_withAReason(String path) {
        assertThat(CanonicalPaths.whyNot(path)).isPresent().get().asString().startsWith("the path");
    }
}
