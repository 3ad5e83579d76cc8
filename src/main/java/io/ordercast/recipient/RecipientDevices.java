package io.ordercast.recipient;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import io.ordercast.common.BadRequestException;
import io.ordercast.common.JsonBody;
import io.ordercast.db.Jdbc;
import org.apache.camel.Body;
import org.apache.camel.Header;

import static io.ordercast.db.SqlValues.at;

/**
 * A recipient's push devices (PUT / DELETE /api/recipients/{id}/devices/{token}), to which a push notification
 * fans out. Registering a token again refreshes it (its platform and its registration time).
 */
public class RecipientDevices {

    /** FCM registration tokens: letters, digits, '-', '_' and ':'. */
    private static final Pattern ANDROID_TOKEN = Pattern.compile("[A-Za-z0-9_:\\-]{32,512}");
    /** APNs device tokens: hex, 32 bytes today; Apple asks not to rely on the length, so up to 100 bytes. */
    private static final Pattern IOS_TOKEN = Pattern.compile("(?:[0-9a-fA-F]{2}){32,100}");

    private final Jdbc jdbc;
    private final Clock clock;

    public RecipientDevices(Jdbc jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** One registered device. */
    public record Device(String token, String platform, OffsetDateTime registeredAt) {
    }

    public void register(@Header("recipientId") String recipientId, @Header("token") String token, @Body Object body) {
        RecipientId.check(recipientId);
        Object platform = JsonBody.object(body, "{\"platform\":\"ios\"}").get("platform");
        if (!"android".equals(platform) && !"ios".equals(platform)) {
            throw new BadRequestException("platform must be \"android\" or \"ios\"");
        }
        Pattern format = "ios".equals(platform) ? IOS_TOKEN : ANDROID_TOKEN;
        if (token == null || !format.matcher(token).matches()) {
            throw new BadRequestException("ios".equals(platform)
                    ? "token: an APNs device token is 64 to 200 hexadecimal characters"
                    : "token: an FCM registration token is 32 to 512 letters, digits, '-', '_' or ':'");
        }
        Object[] row = {platform, at(clock.instant()), recipientId, token};
        jdbc.inTransaction(() -> {
            if (jdbc.sql().sql("UPDATE recipient_devices SET platform = ?, registered_at = ? WHERE recipient_id = ?"
                    + " AND token = ?").params(row).update() == 0) {
                jdbc.sql().sql("INSERT INTO recipient_devices (platform, registered_at, recipient_id, token)"
                        + " VALUES (?, ?, ?, ?)").params(row).update();
            }
        });
    }

    /** Forgets a device; forgetting one that is not registered is not an error (the call may be repeated). */
    public void remove(@Header("recipientId") String recipientId, @Header("token") String token) {
        RecipientId.check(recipientId);
        // either platform's format (an APNs token is also a valid FCM one): nothing else can be registered
        if (token == null || !ANDROID_TOKEN.matcher(token).matches()) {
            throw new BadRequestException("token: a device token is 32 to 512 letters, digits, '-', '_' or ':'");
        }
        jdbc.inTransaction(() -> jdbc.sql().sql("DELETE FROM recipient_devices WHERE recipient_id = ? AND token = ?")
                .params(recipientId, token).update());
    }

    /** The recipient's devices, oldest registration first. */
    public List<Device> of(String recipientId) {
        return jdbc.sql().sql("SELECT token, platform, registered_at FROM recipient_devices WHERE recipient_id = ?"
                        + " ORDER BY registered_at, token")
                .param(recipientId)
                .query((rs, n) -> new Device(rs.getString(1), rs.getString(2), rs.getObject(3, OffsetDateTime.class)))
                .list();
    }

    /** The devices of several recipients, per recipient, oldest registration first: one statement. */
    public Map<String, List<Device>> ofAll(java.util.Collection<String> recipientIds) {
        Map<String, List<Device>> devices = new java.util.HashMap<>();
        if (recipientIds.isEmpty()) {
            return devices;
        }
        jdbc.sql().sql("SELECT recipient_id, token, platform, registered_at FROM recipient_devices WHERE recipient_id IN ("
                        + String.join(",", recipientIds.stream().map(id -> "?").toList()) + ") ORDER BY registered_at, token")
                .params(List.copyOf(recipientIds))
                .query((rs, n) -> {
                    devices.computeIfAbsent(rs.getString(1), k -> new java.util.ArrayList<>())
                            .add(new Device(rs.getString(2), rs.getString(3), rs.getObject(4, OffsetDateTime.class)));
                    return null;
                })
                .list();
        return devices;
    }

    /** The device, if the recipient still has it registered. */
    public Optional<Device> find(String recipientId, String token) {
        return jdbc.sql().sql("SELECT token, platform, registered_at FROM recipient_devices WHERE recipient_id = ?"
                        + " AND token = ?")
                .params(recipientId, token)
                .query((rs, n) -> new Device(rs.getString(1), rs.getString(2), rs.getObject(3, OffsetDateTime.class)))
                .optional();
    }

    /**
     * Forgets a device its provider says is gone, unless it was registered again after the provider saw it
     * unregistered (APNs' 410 timestamp): then the app has a fresh registration under the same token.
     *
     * @param unregisteredAt since when the provider knows it gone; null: forget it whenever it was registered
     * @return whether the device was forgotten
     */
    public boolean forget(String recipientId, String token, Instant unregisteredAt) {
        return jdbc.inTransaction(() -> unregisteredAt == null
                ? jdbc.sql().sql("DELETE FROM recipient_devices WHERE recipient_id = ? AND token = ?")
                        .params(recipientId, token).update() > 0
                : jdbc.sql().sql("DELETE FROM recipient_devices WHERE recipient_id = ? AND token = ? AND registered_at <= ?")
                        .params(recipientId, token, at(unregisteredAt)).update() > 0);
    }
}
