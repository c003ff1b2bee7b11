package dev.whitemagic.rest.billing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class WhopSecretsTest {

    private static final byte[] BODY = "{\"id\":\"evt_1\",\"type\":\"membership.went_valid\"}"
            .getBytes(StandardCharsets.UTF_8);
    // HMAC-SHA256 of BODY under "s3cret", computed independently (openssl dgst -sha256 -hmac s3cret).
    private static final String KNOWN_SIGNATURE = "dae42c5c985c10cc52d1a980f41ceb83c6c353ffd1fe025feb34368fccc7793e";

    private static WhopSecrets secrets(String configured) {
        return new WhopSecrets(Optional.ofNullable(configured));
    }

    @Test
    void sign_isTheStandardHmacSha256() {
        // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?".
        assertThat(WhopSecrets.sign("Jefe", "what do ya want for nothing?".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    }

    @Test
    void unset_disablesTheWebhook_andAcceptsNothing() {
        WhopSecrets unset = secrets(null);
        assertThat(unset.enabled()).isFalse();
        assertThat(unset.verify(BODY, KNOWN_SIGNATURE)).isFalse();
        assertThat(secrets(" , ").enabled()).isFalse();
    }

    @Test
    void theRightSignature_isAccepted_inEitherCase_andWithTheSha256Prefix() {
        WhopSecrets secrets = secrets("s3cret");
        assertThat(secrets.enabled()).isTrue();
        assertThat(secrets.verify(BODY, KNOWN_SIGNATURE)).isTrue();
        assertThat(secrets.verify(BODY, KNOWN_SIGNATURE.toUpperCase(Locale.ROOT))).isTrue();
        assertThat(secrets.verify(BODY, "sha256=" + KNOWN_SIGNATURE)).isTrue();
        assertThat(secrets.verify(BODY, "SHA256=" + KNOWN_SIGNATURE)).isTrue();
        assertThat(secrets.verify(BODY, " " + KNOWN_SIGNATURE + " ")).isTrue();
    }

    @Test
    void theSignatureOfAnotherBody_orUnderAnotherSecret_isRefused() {
        WhopSecrets secrets = secrets("s3cret");
        byte[] altered = BODY.clone();
        altered[altered.length - 2] ^= 1;
        assertThat(secrets.verify(altered, KNOWN_SIGNATURE)).isFalse();
        assertThat(secrets.verify(BODY, WhopSecrets.sign("other", BODY))).isFalse();
        assertThat(secrets.verify(BODY, WhopSecrets.sign("s3cret", new byte[0]))).isFalse();
    }

    @Test
    void eitherSecretOfARotatedPair_isAccepted() {
        WhopSecrets secrets = secrets(" old-secret , new-secret ,");
        assertThat(secrets.verify(BODY, WhopSecrets.sign("old-secret", BODY))).isTrue();
        assertThat(secrets.verify(BODY, WhopSecrets.sign("new-secret", BODY))).isTrue();
        assertThat(secrets.verify(BODY, WhopSecrets.sign("old-secret,new-secret", BODY))).isFalse();
        assertThat(secrets.verify(BODY, WhopSecrets.sign("retired", BODY))).isFalse();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {" ", "sha256=", "not-hex", "zz"})
    void aMissingOrUnreadableSignature_isRefused(String signature) {
        assertThat(secrets("s3cret").verify(BODY, signature)).isFalse();
    }

    @Test
    void nonHexOrTruncatedSignatures_areRefused() {
        WhopSecrets secrets = secrets("s3cret");
        assertThat(secrets.verify(BODY, "zz" + KNOWN_SIGNATURE.substring(2))).isFalse();
        assertThat(secrets.verify(BODY, KNOWN_SIGNATURE.substring(0, 62))).isFalse();
        assertThat(secrets.verify(BODY, KNOWN_SIGNATURE + "00")).isFalse();
        assertThat(secrets.verify(BODY, "sha1=" + KNOWN_SIGNATURE)).isFalse();
    }

    @Test
    void anEmptyOrMissingBody_isVerifiedLikeAnyOther() {
        WhopSecrets secrets = secrets("s3cret");
        String ofEmpty = WhopSecrets.sign("s3cret", new byte[0]);
        assertThat(secrets.verify(new byte[0], ofEmpty)).isTrue();
        assertThat(secrets.verify(null, ofEmpty)).isTrue();
        assertThat(secrets.verify(null, KNOWN_SIGNATURE)).isFalse();
    }
}
