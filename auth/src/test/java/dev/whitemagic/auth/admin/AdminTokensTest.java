package dev.whitemagic.auth.admin;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AdminTokensTest {

    @Test
    void unset_disablesTheAdminApi_andAcceptsNothing() {
        AdminTokens tokens = new AdminTokens("");
        assertThat(tokens.enabled()).isFalse();
        assertThat(tokens.accepts("")).isFalse();
        assertThat(tokens.accepts(null)).isFalse();
    }

    @Test
    void commaSeparatedTokens_areAllAccepted_forRotation() {
        AdminTokens tokens = new AdminTokens(" old-token , new-token ,");
        assertThat(tokens.enabled()).isTrue();
        assertThat(tokens.accepts("old-token")).isTrue();
        assertThat(tokens.accepts("new-token")).isTrue();
        assertThat(tokens.accepts("")).isFalse();
        assertThat(tokens.accepts("old-token,new-token")).isFalse();
    }

    @Test
    void prefixesAndNearMisses_areRefused() {
        AdminTokens tokens = new AdminTokens("s3cret-token");
        assertThat(tokens.accepts("s3cret")).isFalse();
        assertThat(tokens.accepts("s3cret-token ")).isFalse();
        assertThat(tokens.accepts("S3CRET-TOKEN")).isFalse();
        assertThat(tokens.accepts("s3cret-token")).isTrue();
    }

    @Test
    void localToken_isAcceptedOnlyFromLoopback_andDoesNotEnableTheOperatorApi() {
        AdminTokens tokens = new AdminTokens("", "local-secret");
        assertThat(tokens.enabled()).as("no operator token: the admin API stays off for everyone else").isFalse();
        assertThat(tokens.accepts("local-secret")).as("not an operator token").isFalse();
        assertThat(tokens.acceptsLocal("local-secret", "127.0.0.1")).isTrue();
        assertThat(tokens.acceptsLocal("local-secret", "0:0:0:0:0:0:0:1")).isTrue();
        assertThat(tokens.acceptsLocal("local-secret", "[::1]")).isTrue();
        assertThat(tokens.acceptsLocal("local-secret", "192.168.1.20")).isFalse();
        assertThat(tokens.acceptsLocal("local-secret", null)).isFalse();
        assertThat(tokens.acceptsLocal("local-secre", "127.0.0.1")).isFalse();
        assertThat(tokens.acceptsLocal(null, "127.0.0.1")).isFalse();
    }

    @Test
    void withoutLocalToken_nothingIsAcceptedLocally() {
        AdminTokens tokens = new AdminTokens("operator", "  ");
        assertThat(tokens.acceptsLocal("", "127.0.0.1")).isFalse();
        assertThat(tokens.acceptsLocal("operator", "127.0.0.1")).isFalse();
    }
}
