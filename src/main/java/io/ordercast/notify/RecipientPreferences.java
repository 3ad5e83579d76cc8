package io.ordercast.notify;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.ordercast.api.BadRequestException;
import io.ordercast.db.Jdbc;
import org.apache.camel.Body;
import org.apache.camel.Header;

/** Stores and reads recipients' preferences (PUT /api/recipients/{id}/preferences). */
public class RecipientPreferences {

    private final Jdbc jdbc;
    private final Set<String> channels;
    private final Clock clock;

    /** @param channels the channels a recipient may opt out of */
    public RecipientPreferences(Jdbc jdbc, Set<String> channels, Clock clock) {
        this.jdbc = jdbc;
        this.channels = Set.copyOf(channels);
        this.clock = clock;
    }

    /** The recipient's preferences, read within the caller's transaction. */
    Preferences of(Connection c, String recipientId) throws SQLException {
        if (recipientId == null) {
            return Preferences.NONE;
        }
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT opt_out, quiet_start, quiet_end, quiet_zone FROM recipient_preferences WHERE recipient_id = ?")) {
            ps.setString(1, recipientId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Preferences.NONE;
                }
                Set<String> optOut = Arrays.stream(rs.getString(1).split(","))
                        .filter(s -> !s.isBlank()).collect(Collectors.toSet());
                QuietHours quiet = rs.getString(2) == null ? null : new QuietHours(
                        LocalTime.parse(rs.getString(2)), LocalTime.parse(rs.getString(3)), ZoneId.of(rs.getString(4)));
                return new Preferences(optOut, quiet);
            }
        }
    }

    /** Replaces the recipient's preferences with the request body, after checking every field. */
    public void update(@Header("recipientId") String recipientId, @Body Map<String, Object> body) {
        if (recipientId == null || recipientId.isBlank() || recipientId.length() > 128) {
            throw new BadRequestException("recipient id must be 1-128 characters");
        }
        Preferences preferences = parse(body == null ? Map.of() : body, channels);
        String optOut = String.join(",", preferences.optOut());
        QuietHours quiet = preferences.quietHours();
        var now = NotificationStore.at(clock.instant());
        jdbc.inTransaction(c -> {
            try (PreparedStatement update = c.prepareStatement(
                    "UPDATE recipient_preferences SET opt_out = ?, quiet_start = ?, quiet_end = ?, quiet_zone = ?,"
                            + " updated_at = ? WHERE recipient_id = ?")) {
                bind(update, optOut, quiet, now);
                update.setString(6, recipientId);
                if (update.executeUpdate() > 0) {
                    return null;
                }
            }
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO recipient_preferences (opt_out, quiet_start, quiet_end, quiet_zone, updated_at,"
                            + " recipient_id) VALUES (?, ?, ?, ?, ?, ?)")) {
                bind(insert, optOut, quiet, now);
                insert.setString(6, recipientId);
                insert.executeUpdate();
            }
            return null;
        });
    }

    private static void bind(PreparedStatement ps, String optOut, QuietHours quiet, Object now) throws SQLException {
        ps.setString(1, optOut);
        ps.setString(2, quiet == null ? null : quiet.start().toString());
        ps.setString(3, quiet == null ? null : quiet.end().toString());
        ps.setString(4, quiet == null ? null : quiet.zone().getId());
        ps.setObject(5, now);
    }

    static Preferences parse(Map<String, Object> body, Set<String> known) {
        Set<String> optOut = new LinkedHashSet<>();
        Object channels = body.get("optOut");
        if (channels != null) {
            if (!(channels instanceof Collection<?> list)) {
                throw new BadRequestException("optOut must be a list of channels, e.g. [\"sms\"]");
            }
            for (Object channel : list) {
                if (!(channel instanceof String name) || !known.contains(name)) {
                    throw new BadRequestException("optOut: unknown channel '" + channel + "' (known: "
                            + List.copyOf(new java.util.TreeSet<>(known)) + ")");
                }
                optOut.add(name);
            }
        }
        return new Preferences(optOut, quietHours(body.get("quietHours")));
    }

    private static QuietHours quietHours(Object value) {
        if (value == null) {
            return null;
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw new BadRequestException("quietHours must be {\"start\":\"22:00\",\"end\":\"08:00\",\"zone\":\"Asia/Shanghai\"}");
        }
        try {
            return new QuietHours(LocalTime.parse(String.valueOf(map.get("start"))),
                    LocalTime.parse(String.valueOf(map.get("end"))), ZoneId.of(String.valueOf(map.get("zone"))));
        } catch (DateTimeException e) {
            throw new BadRequestException("quietHours: start and end are HH:mm, zone an IANA zone such as Asia/Shanghai ("
                    + e.getMessage() + ")");
        }
    }
}
