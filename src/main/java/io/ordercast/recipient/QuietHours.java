package io.ordercast.recipient;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;

/** A daily window, in the recipient's time zone, when low-priority notifications wait; may span midnight. */
public record QuietHours(LocalTime start, LocalTime end, ZoneId zone) {

    /** The end of the window if {@code now} falls inside it. */
    public Optional<Instant> endIfInside(Instant now) {
        if (start.equals(end)) {
            return Optional.empty();
        }
        ZonedDateTime local = now.atZone(zone);
        LocalTime time = local.toLocalTime();
        boolean inside = start.isBefore(end)
                ? !time.isBefore(start) && time.isBefore(end)
                : !time.isBefore(start) || time.isBefore(end);
        if (!inside) {
            return Optional.empty();
        }
        ZonedDateTime endToday = local.with(end);
        ZonedDateTime windowEnd = endToday.isAfter(local) ? endToday : endToday.plusDays(1);
        return Optional.of(windowEnd.toInstant());
    }
}
