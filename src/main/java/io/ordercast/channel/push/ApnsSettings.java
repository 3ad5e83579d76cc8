package io.ordercast.channel.push;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How the APNs gateway reaches Apple (docs/contract.md §6, {@code ordercast.apns.*}): where, with which token key, for
 * which app. Host, port and timeout have defaults; the key file, key id, team id and topic do not, and without all
 * four the iOS push channel cannot send ({@link #missingKeys()} names what is missing for one start-up log line).
 *
 * @param host               {@code ordercast.apns.host}; null or blank: {@value #DEFAULT_HOST}
 *                           ({@code api.sandbox.push.apple.com} for development builds of the app)
 * @param port               {@code ordercast.apns.port}; 0 or less: {@value #DEFAULT_PORT}
 * @param keyFile            {@code ordercast.apns.key-file}: the {@code .p8} token signing key from the Apple
 *                           developer account, or null
 * @param keyId              {@code ordercast.apns.key-id}: the key's 10-character Key ID, or null
 * @param teamId             {@code ordercast.apns.team-id}: the developer account's Team ID, or null
 * @param topic              {@code ordercast.apns.topic}: the app's bundle id, or null
 * @param trustedCertificate {@code ordercast.apns.trusted-certificate}: a PEM CA to trust for the APNs connection
 *                           (a private gateway, a test server); null: the JVM's trust store
 * @param timeout            how long one send waits for APNs' answer; null: {@link #DEFAULT_TIMEOUT}
 */
public record ApnsSettings(String host, int port, Path keyFile, String keyId, String teamId, String topic,
                           Path trustedCertificate, Duration timeout) {

    public static final String DEFAULT_HOST = "api.push.apple.com";
    public static final int DEFAULT_PORT = 443;
    /** Long enough for a TLS handshake and one HTTP/2 round trip to Apple, short enough not to hold a consumer. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    public ApnsSettings {
        host = blank(host) ? DEFAULT_HOST : host.trim();
        port = port <= 0 ? DEFAULT_PORT : port;
        keyId = blank(keyId) ? null : keyId.trim();
        teamId = blank(teamId) ? null : teamId.trim();
        topic = blank(topic) ? null : topic.trim();
        timeout = timeout == null || timeout.isZero() || timeout.isNegative() ? DEFAULT_TIMEOUT : timeout;
    }

    /** Whether every key without a default is set; whether the key file is readable is found out on the first send. */
    public boolean configured() {
        return missingKeys().isEmpty();
    }

    /** The {@code ordercast.apns.*} keys that are unset, in the order the README lists them; empty when configured. */
    public List<String> missingKeys() {
        List<String> missing = new ArrayList<>();
        if (keyFile == null || keyFile.toString().isBlank()) {
            missing.add("ordercast.apns.key-file");
        }
        if (keyId == null) {
            missing.add("ordercast.apns.key-id");
        }
        if (teamId == null) {
            missing.add("ordercast.apns.team-id");
        }
        if (topic == null) {
            missing.add("ordercast.apns.topic");
        }
        return List.copyOf(missing);
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
