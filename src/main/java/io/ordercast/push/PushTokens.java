package io.ordercast.push;

/**
 * How a device token may appear in a log line or an exception message: its last 6 characters, enough to
 * find the device in the registry, too few to send to it.
 */
public final class PushTokens {

    private PushTokens() {
    }

    /** "…a1b2c3" for a token, "…" for a null or very short one. */
    public static String tail(String token) {
        if (token == null || token.length() < 12) {
            return "…";
        }
        return "…" + token.substring(token.length() - 6);
    }
}
