package io.ordercast.recipient;

import java.util.Set;

/** What one recipient asked for: channels opted out of, and quiet hours (null: none). */
public record Preferences(Set<String> optOut, QuietHours quietHours) {

    public static final Preferences NONE = new Preferences(Set.of(), null);
}
