package io.ordercast.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.util.Base64;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** A service-account file whose token_uri is the bench's HTTP sink, with a fresh RSA key, for the FCM provider. */
final class FcmServiceAccount {

    private FcmServiceAccount() {
    }

    static Path write(Path file, String tokenUri) throws IOException, GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        String key = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(generator.generateKeyPair().getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        ObjectNode account = new ObjectMapper().createObjectNode();
        account.put("type", "service_account");
        account.put("project_id", HttpSink.FCM_PROJECT);
        account.put("private_key_id", "bench");
        account.put("private_key", key);
        account.put("client_email", "bench@" + HttpSink.FCM_PROJECT + ".iam.gserviceaccount.com");
        account.put("client_id", "1");
        account.put("token_uri", tokenUri);
        return Files.writeString(file, account.toString());
    }
}
