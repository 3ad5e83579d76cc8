package io.ordercast.tracking;

/** A buyer or seller as named in an event; any field but id may be null. */
public record Party(String id, String name, String email, String phone, String locale) {
}
