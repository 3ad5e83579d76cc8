package io.ordercast.channel.webhook;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The part of an order event a recipient may see, as a list of dotted paths ({@code orderId},
 * {@code buyer.name}, {@code shipment}): a path keeps that field with everything under it. A list of
 * what to keep, not of what to drop, so fields the upstream system adds later (docs/contract.md §1 keeps
 * unknown fields) do not reach a third party unnoticed.
 */
final class EventFields {

    private final List<String[]> paths;

    EventFields(List<String> paths) {
        this.paths = paths.stream().map(p -> p.trim().split("\\.")).filter(p -> p.length > 0 && !p[0].isEmpty()).toList();
    }

    ObjectNode keep(JsonNode event, ObjectNode into) {
        for (String[] path : paths) {
            copy(event, into, path, 0);
        }
        return into;
    }

    private static void copy(JsonNode from, ObjectNode to, String[] path, int depth) {
        JsonNode value = from.get(path[depth]);
        if (value == null) {
            return;
        }
        if (depth == path.length - 1 || !value.isObject()) {
            if (depth == path.length - 1) {
                to.set(path[depth], value.deepCopy());
            }
            return;
        }
        JsonNode existing = to.get(path[depth]);
        ObjectNode child = existing instanceof ObjectNode object ? object : to.putObject(path[depth]);
        copy(value, child, path, depth + 1);
    }
}
