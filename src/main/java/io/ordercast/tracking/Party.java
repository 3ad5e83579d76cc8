package io.ordercast.tracking;

import java.util.List;

/** A buyer or seller as named in an event; any field but id may be null. */
public record Party(String id, String name, String email, String phone, String locale) {

    /** The fields a channel may take its address from (docs/contract.md §1). */
    public static final List<String> FIELDS = List.of("id", "name", "email", "phone");

    /** The named field's value, for a channel that addresses a party by it. */
    public String field(String field) {
        return switch (field) {
            case "id" -> id;
            case "name" -> name;
            case "email" -> email;
            case "phone" -> phone;
            default -> throw new IllegalArgumentException("a party has no field " + field + " (fields: " + FIELDS + ")");
        };
    }
}
