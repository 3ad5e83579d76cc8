package io.ordercast.tracking;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An event's body as it came (less a byte-order mark), the tree of its first JSON value, already checked
 * against the schema, and whether anything but whitespace follows that value (which makes it no event).
 */
public record ParsedEvent(byte[] body, JsonNode tree, boolean trailing) {
}
