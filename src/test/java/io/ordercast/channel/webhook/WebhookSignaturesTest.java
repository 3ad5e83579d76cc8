package io.ordercast.channel.webhook;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WebhookSignaturesTest {

    private static final byte[] BODY = "{\"notificationId\":\"n-1\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void should_key_the_standard_signature_with_the_base64_after_whsec() throws Exception {
        byte[] key = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24};
        String secret = "whsec_" + Base64.getEncoder().encodeToString(key);

        String signature = new WebhookSignatures(secret).standard("n-1", 1_700_000_000L, BODY);

        String expected = Base64.getEncoder().encodeToString(hmac(key, "n-1.1700000000." + new String(BODY, StandardCharsets.UTF_8)));
        assertThat(signature).isEqualTo("v1," + expected);
    }

    @Test
    void should_key_both_signatures_with_the_bytes_of_a_plain_secret() throws Exception {
        WebhookSignatures signatures = new WebhookSignatures("plain-secret");
        byte[] key = "plain-secret".getBytes(StandardCharsets.UTF_8);

        assertThat(signatures.ordercast(BODY)).isEqualTo("sha256=" + HexFormat.of().formatHex(hmac(key, new String(BODY, StandardCharsets.UTF_8))));
        assertThat(signatures.standard("n-1", 5L, BODY)).isEqualTo("v1,"
                + Base64.getEncoder().encodeToString(hmac(key, "n-1.5." + new String(BODY, StandardCharsets.UTF_8))));
    }

    @Test
    void should_not_sign_without_a_secret() {
        assertThatThrownBy(() -> new WebhookSignatures(null).ordercast(BODY)).hasMessageContaining("ordercast.webhook.secret is unset");
    }

    private static byte[] hmac(byte[] key, String data) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    }
}
