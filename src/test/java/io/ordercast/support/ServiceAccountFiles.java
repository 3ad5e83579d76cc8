package io.ordercast.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * FCM service-account files as the Firebase console downloads them, with a key made for the test run and a
 * {@code token_uri} pointing at a stand-in for Google's token endpoint (the tests' WireMock, the bench's sink).
 */
public final class ServiceAccountFiles {

    public static final String CLIENT_EMAIL = "ordercast-push@demo.iam.gserviceaccount.com";
    private static final KeyPair KEY = rsaKeyPair();

    private ServiceAccountFiles() {
    }

    /** The private key every file holds: what must never show in a message or log. */
    public static java.security.PrivateKey privateKey() {
        return KEY.getPrivate();
    }

    /** A new file in {@code dir}. */
    public static Path write(Path dir, String tokenUri) {
        String pem = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(KEY.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        ObjectNode json = new ObjectMapper().createObjectNode()
                .put("type", "service_account")
                .put("project_id", "demo")
                .put("private_key_id", "0123456789abcdef0123456789abcdef01234567")
                .put("private_key", pem)
                .put("client_email", CLIENT_EMAIL)
                .put("client_id", "123456789012345678901")
                .put("auth_uri", "https://accounts.google.com/o/oauth2/auth")
                .put("token_uri", tokenUri)
                .put("universe_domain", "googleapis.com");
        try {
            Path file = Files.createTempFile(Files.createDirectories(dir), "service-account", ".json");
            Files.writeString(file, json.toPrettyString());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static KeyPair rsaKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
