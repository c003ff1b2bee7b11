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
}
