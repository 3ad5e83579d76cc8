package io.ordercast.channel.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The two signatures of a webhook request, both HMAC-SHA256 with {@code ordercast.webhook.secret}:
 * <ul>
 *   <li>{@code X-Ordercast-Signature: sha256=<hex of HMAC(body)>}, keyed with the secret's UTF-8 bytes,
 *       as it always was;</li>
 *   <li>Standard Webhooks (standardwebhooks.com): {@code webhook-signature: v1,<base64 of
 *       HMAC("<webhook-id>.<webhook-timestamp>.<body>")>}. The key follows that spec's secret format: a
 *       secret {@code whsec_<base64>} is the base64-decoded bytes after the prefix (what the spec's
 *       libraries expect); any other secret is its UTF-8 bytes (a library is then given
 *       {@code whsec_} + base64 of the secret).</li>
 * </ul>
 */
final class WebhookSignatures {

    private static final String STANDARD_PREFIX = "whsec_";

    private final byte[] ordercastKey;
    private final byte[] standardKey;

    WebhookSignatures(String secret) {
        if (secret == null || secret.isEmpty()) {
            ordercastKey = new byte[0];
            standardKey = new byte[0];
        } else {
            ordercastKey = secret.getBytes(StandardCharsets.UTF_8);
            standardKey = secret.startsWith(STANDARD_PREFIX)
                    ? Base64.getDecoder().decode(secret.substring(STANDARD_PREFIX.length()))
                    : ordercastKey;
        }
    }

    /** The value of {@code X-Ordercast-Signature}. */
    String ordercast(byte[] body) {
        return "sha256=" + HexFormat.of().formatHex(hmac(ordercastKey, body));
    }

    /** The value of {@code webhook-signature}. */
    String standard(String id, long timestamp, byte[] body) {
        byte[] prefix = (id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8);
        byte[] signed = new byte[prefix.length + body.length];
        System.arraycopy(prefix, 0, signed, 0, prefix.length);
        System.arraycopy(body, 0, signed, prefix.length, body.length);
        return "v1," + Base64.getEncoder().encodeToString(hmac(standardKey, signed));
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        if (key.length == 0) {
            throw new IllegalStateException("ordercast.webhook.secret is unset: webhooks are not sent unsigned");
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 unavailable", e);
        }
    }
}
