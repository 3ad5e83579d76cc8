package io.ordercast.digest;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/**
 * One window of a recipient's digest of a plan line: the {@code round}-th of its (recipient, channel, template), with
 * its deterministic id, its end, how many notifications joined it and whether it takes more (OPEN; FULL and CLOSED
 * take none).
 */
public record DigestWindow(String digestId, long round, Instant end, int items, String status) {

    public static final String OPEN = "OPEN";
    public static final String FULL = "FULL";
    public static final String CLOSED = "CLOSED";
    /** Digest ids are notification ids too (the digest's outbox row); this prefix tells them apart. */
    static final String ID_PREFIX = "dg-";

    /**
     * The same window always has the same id, on every instance and after a restart: two planners opening it at
     * once insert one row. 35 characters, so it fits where a notification id goes.
     */
    public static String id(String recipient, String channel, String template, long round) {
        String key = String.join("\u001f", "digest", recipient, channel, template, Long.toString(round));
        return ID_PREFIX + UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8)).toString().replace("-", "");
    }

    /** Whether a notification id is a digest's. */
    public static boolean isDigest(String notificationId) {
        return notificationId != null && notificationId.startsWith(ID_PREFIX);
    }

    /** Whether a notification planned at {@code now} joins this window rather than opening the next one. */
    public boolean takes(Instant now, int maxItems) {
        return OPEN.equals(status) && now.isBefore(end) && items < maxItems;
    }
}
