package io.ordercast.deadletter;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ordercast.db.Jdbc;
import io.ordercast.support.MigratedH2;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * The dead-letter list (GET /api/dead-letters, the operator page's table) names the address each notification
 * went to masked, whatever the event's address holds: the schema asks only for something around an {@code @}.
 */
class DeadLetterListingTest {

    private static final OffsetDateTime AT = Instant.parse("2026-11-28T10:00:00Z").atOffset(ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper();

    private Jdbc jdbc;
    private DeadLetterListing listing;

    @BeforeEach
    void database() {
        jdbc = MigratedH2.jdbc("dead-letter-listing", Clock.fixed(AT.toInstant(), ZoneOffset.UTC));
        listing = new DeadLetterListing(jdbc, JSON, Map.of("email", "email", "sms", "phone"));
    }

    static Stream<Arguments> addresses() {
        return Stream.of(
                arguments("email", "\"><script>alert(1)</script>@evil.example", "\"***@evil.example"),
                arguments("email", "李雷@例子.中国", "***@例子.中国"),
                arguments("email", "amy.o'neil@example.com", "a***@example.com"),
                arguments("email", "\"john doe\"@example.com", "\"j***@example.com"),
                arguments("email", "lilei@example.com\r\nBcc: eve@example.com", "l***@example.com"),
                arguments("sms", "+86 (138) 0000-0000", "***00"),
                arguments("sms", "0086 138 0000 0000", "***00"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("addresses")
    void should_list_the_address_masked_whatever_it_holds(String channel, String address, String masked) throws Exception {
        ObjectNode event = JSON.createObjectNode().put("orderId", "SO-1");
        event.putObject("buyer").put("id", "u-1").put(channel.equals("sms") ? "phone" : "email", address);
        insert("INSERT INTO order_events (event_id, order_id, state, occurred_at, outcome, received_at, payload)"
                + " VALUES ('evt-1', 'SO-1', 'SHIPPED', ?, 'APPLIED', ?, ?)", AT, AT, JSON.writeValueAsString(event));
        insert("INSERT INTO notifications (notification_id, order_id, event_id, recipient, channel, template, locale,"
                + " priority, status, attempts, created_at, updated_at, due_at) VALUES ('n-1', 'SO-1', 'evt-1', 'buyer:u-1', ?,"
                + " 'order-shipped', 'zh-CN', 'NORMAL', 'FAILED', 4, ?, ?, ?)", channel, AT, AT, AT);
        insert("INSERT INTO dead_letters (id, queue, channel, notification_id, payload, headers, error, attempts, failed_at)"
                + " VALUES ('d-1', 'outbox:' || ?, ?, 'n-1', '{}', '{}', 'permanent: refused', 4, ?)", channel, channel, AT);

        DeadLetterListing.Entry entry = listing.list(null, "SO-1", null, null).deadLetters().get(0);

        assertThat(entry.address()).isEqualTo(masked);
        assertThat(JSON.writeValueAsString(listing.list(channel, null, null, null))).doesNotContain(address.substring(1, 5));
    }

    private void insert(String sql, Object... params) {
        jdbc.inTransaction(() -> jdbc.sql().sql(sql).params(params).update());
    }
}
