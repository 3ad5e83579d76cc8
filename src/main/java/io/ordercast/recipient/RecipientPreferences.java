package io.ordercast.recipient;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.ordercast.common.BadRequestException;
import io.ordercast.common.JsonBody;
import io.ordercast.common.QuotedInput;
import io.ordercast.db.Jdbc;
import org.apache.camel.Body;
import org.apache.camel.Header;

import static io.ordercast.db.SqlValues.at;

/** Stores and reads recipients' preferences (PUT /api/recipients/{id}/preferences). */
public class RecipientPreferences {

    /** Hours and minutes only: quiet_start and quiet_end keep five characters, and LocalTime.parse takes seconds too. */
    private static final DateTimeFormatter HOURS_MINUTES = DateTimeFormatter.ofPattern("HH:mm")
            .withResolverStyle(ResolverStyle.STRICT);
    private static final String QUIET_HOURS_FORMAT = "quietHours: start and end are HH:mm, zone an IANA zone such as"
            + " Asia/Shanghai";

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
    Preferences of(String recipientId) {
        if (recipientId == null) {
            return Preferences.NONE;
        }
        return jdbc.sql().sql("SELECT opt_out, quiet_start, quiet_end, quiet_zone FROM recipient_preferences"
                        + " WHERE recipient_id = ?")
                .param(recipientId)
                .query((rs, n) -> new Preferences(
                        Arrays.stream(rs.getString(1).split(",")).filter(s -> !s.isBlank()).collect(Collectors.toSet()),
                        rs.getString(2) == null ? null : new QuietHours(LocalTime.parse(rs.getString(2)),
                                LocalTime.parse(rs.getString(3)), ZoneId.of(rs.getString(4)))))
                .optional().orElse(Preferences.NONE);
    }

    /** The preferences of several recipients (absent: none), read within the caller's transaction: one statement. */
    public Map<String, Preferences> ofAll(Collection<String> recipientIds) {
        Map<String, Preferences> all = new java.util.HashMap<>();
        if (recipientIds.isEmpty()) {
            return all;
        }
        jdbc.sql().sql("SELECT recipient_id, opt_out, quiet_start, quiet_end, quiet_zone FROM recipient_preferences"
                        + " WHERE recipient_id IN (" + String.join(",", recipientIds.stream().map(id -> "?").toList()) + ")")
                .params(List.copyOf(recipientIds))
                .query((rs, n) -> all.put(rs.getString(1), new Preferences(
                        Arrays.stream(rs.getString(2).split(",")).filter(s -> !s.isBlank()).collect(Collectors.toSet()),
                        rs.getString(3) == null ? null : new QuietHours(LocalTime.parse(rs.getString(3)),
                                LocalTime.parse(rs.getString(4)), ZoneId.of(rs.getString(5))))))
                .list();
        return all;
    }

    /** Replaces the recipient's preferences with the request body, after checking every field. */
    public void update(@Header("recipientId") String recipientId, @Body Object body) {
        RecipientId.check(recipientId);
        Preferences preferences = parse(JsonBody.object(body, "{\"optOut\":[\"sms\"]}"), channels);
        QuietHours quiet = preferences.quietHours();
        // the same parameters, in the same order, for the UPDATE and for the INSERT when there was no row
        Object[] row = {String.join(",", preferences.optOut()), quiet == null ? null : quiet.start().toString(),
                quiet == null ? null : quiet.end().toString(), quiet == null ? null : quiet.zone().getId(),
                at(clock.instant()), recipientId};
        jdbc.inTransaction(() -> {
            if (jdbc.sql().sql("UPDATE recipient_preferences SET opt_out = ?, quiet_start = ?, quiet_end = ?, quiet_zone = ?,"
                    + " updated_at = ? WHERE recipient_id = ?").params(row).update() == 0) {
                jdbc.sql().sql("INSERT INTO recipient_preferences (opt_out, quiet_start, quiet_end, quiet_zone, updated_at,"
                        + " recipient_id) VALUES (?, ?, ?, ?, ?, ?)").params(row).update();
            }
        });
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
                    throw new BadRequestException("optOut: unknown channel " + QuotedInput.of(channel) + " (known: "
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
        return new QuietHours(time(map, "start"), time(map, "end"), zone(map.get("zone")));
    }

    private static LocalTime time(Map<?, ?> quietHours, String field) {
        Object value = quietHours.get(field);
        if (!(value instanceof String text)) {
            throw new BadRequestException(QUIET_HOURS_FORMAT + " (" + field + (value == null ? " is missing)" : " is not a string)"));
        }
        try {
            return LocalTime.parse(text, HOURS_MINUTES);
        } catch (DateTimeException e) {
            throw new BadRequestException(QUIET_HOURS_FORMAT + " (" + field + " is not HH:mm from 00:00 to 23:59)");
        }
    }

    private static ZoneId zone(Object value) {
        if (!(value instanceof String text)) {
            throw new BadRequestException(QUIET_HOURS_FORMAT + " (zone " + (value == null ? "is missing)" : "is not a string)"));
        }
        try {
            return ZoneId.of(text);
        } catch (DateTimeException e) {
            throw new BadRequestException(QUIET_HOURS_FORMAT + " (zone is not a known zone id)");
        }
    }
}
