package io.ordercast.common;

import java.util.Map;

/**
 * A request body that must be a JSON object: Jackson reads {@code []}, {@code "x"} or {@code 42} without
 * complaint, and binding such a value to a map would fail as an internal error instead of the caller's.
 */
public final class JsonBody {

    private JsonBody() {
    }

    /** @param example a valid body, for the message */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> object(Object body, String example) {
        if (!(body instanceof Map<?, ?> map)) {
            throw new BadRequestException("body must be a JSON object, e.g. " + example);
        }
        return (Map<String, Object>) map;
    }
}
