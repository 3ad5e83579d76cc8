package io.ordercast.db;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** The conversions every store needs between Java values and the columns' types. */
public final class SqlValues {

    /** reason, last_error, error and follow_up_error are VARCHAR(1000). */
    private static final int TEXT_COLUMN = 1000;

    private SqlValues() {
    }

    /**
     * A TIMESTAMP WITH TIME ZONE parameter. An OffsetDateTime, not an Instant: JDBC 4.2 maps it, and
     * both PostgreSQL's driver and H2 take it as it is.
     */
    public static OffsetDateTime at(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    /** A TIMESTAMP WITH TIME ZONE column read back as an instant; null stays null. */
    public static Instant instant(OffsetDateTime value) {
        return value == null ? null : value.toInstant();
    }

    /** A TIMESTAMP WITH TIME ZONE column read back, as the API shows it (ISO-8601, UTC). */
    public static String text(OffsetDateTime value) {
        return value == null ? null : value.toInstant().toString();
    }

    /** Text for a VARCHAR(1000) column, shortened with "..." when longer. */
    public static String fitted(String text) {
        return text == null || text.length() <= TEXT_COLUMN ? text : text.substring(0, TEXT_COLUMN - 3) + "...";
    }
}
