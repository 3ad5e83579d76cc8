package io.ordercast.bench;

import java.sql.SQLException;
import java.util.List;

/**
 * Fills the service's tables with the history of {@code orders} finished orders, as months of
 * trading leave it: four events each, twelve notifications each (seven sent, four push suppressed,
 * the review reminder: sent, or still waiting, unpublished, for the orders of the last three days),
 * a tenth of the buyers with preferences. Spread over 30 days, so the last hour holds about as much
 * as a busy shop's hour.
 */
final class StoredHistory {

    private StoredHistory() {
    }

    static void fill(BenchDatabase db, int orders) throws SQLException {
        // loading into unindexed tables and building the indexes once is many times faster than
        // maintaining them row by row; the definitions are read back from the schema the service made
        List<String[]> indexes = db.rows("SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema()"
                + " AND tablename IN ('orders', 'order_events', 'notifications') AND indexname NOT LIKE '%pkey'", 2);
        List<String[]> keys = db.rows("SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint"
                + " WHERE contype = 'p' AND conrelid::regclass::text IN ('orders', 'order_events', 'notifications')", 3);
        for (String[] index : indexes) {
            db.execute("DROP INDEX " + index[0]);
        }
        for (String[] key : keys) {
            db.execute("ALTER TABLE " + key[0] + " DROP CONSTRAINT " + key[1]);
        }
        db.execute("INSERT INTO orders (order_id, state, sequence, previous_state, updated_at, version)"
                + " SELECT 'SO-H-' || i, 'COMPLETED', 4, 'SHIPPED', now() - (i % 43200) * interval '1 minute', 4"
                + " FROM generate_series(1, " + orders + ") i");
        db.execute("INSERT INTO order_events (event_id, order_id, state, sequence, occurred_at, outcome, from_state,"
                + " was_held, followed_up, received_at, decided_at, payload)"
                + " SELECT 'H-' || i || '-' || s, 'SO-H-' || i, (ARRAY['CREATED','PAID','SHIPPED','COMPLETED'])[s], s, t,"
                + " 'APPLIED', (ARRAY[NULL,'CREATED','PAID','SHIPPED'])[s], false, true, t, t,"
                + " format('{\"eventId\":\"H-%s-%s\",\"orderId\":\"SO-H-%s\",\"state\":\"%s\",\"sequence\":%s,"
                + "\"occurredAt\":\"2026-10-01T00:00:00Z\",\"buyer\":{\"id\":\"u-SO-H-%s\",\"name\":\"Alice Smith\","
                + "\"email\":\"buyer-%s@example.com\",\"phone\":\"+8613800000000\",\"locale\":\"en\"},"
                + "\"seller\":{\"id\":\"s-%s\",\"name\":\"Store\",\"email\":\"ops@store.example\"},"
                + "\"order\":{\"total\":\"199.00\",\"currency\":\"CNY\",\"items\":[{\"sku\":\"A-1\",\"name\":\"Kettle\","
                + "\"quantity\":1},{\"sku\":\"B-22\",\"name\":\"Ceramic mug, set of 4\",\"quantity\":2}]},"
                + "\"shipment\":{\"carrier\":\"SF Express\",\"trackingNumber\":\"SF%s\"},\"channel\":\"app\"}',"
                + " i, s, i, (ARRAY['CREATED','PAID','SHIPPED','COMPLETED'])[s], s, i, i, i % 20, 1000000000 + i)"
                + " FROM generate_series(1, " + orders + ") i, generate_series(1, 4) s,"
                + " LATERAL (SELECT now() - (i % 43200) * interval '1 minute' + s * interval '1 second' AS t) x");
        db.execute("INSERT INTO notifications (notification_id, order_id, event_id, recipient, channel, template, locale,"
                + " priority, priority_rank, status, attempts, last_error, not_before, due_at, sent_at, created_at, updated_at)"
                + " SELECT md5('H-' || i || '-' || k)::uuid::text, 'SO-H-' || i, 'H-' || i || '-' || p.s,"
                + " CASE p.role WHEN 'buyer' THEN 'buyer:u-SO-H-' || i WHEN 'seller' THEN 'seller:s-' || (i % 20)"
                + " ELSE p.role END, p.channel, p.template, 'en', p.priority,"
                + " CASE p.priority WHEN 'HIGH' THEN 0 WHEN 'LOW' THEN 2 ELSE 1 END,"
                + " CASE WHEN p.channel = 'push' THEN 'SUPPRESSED' WHEN p.template = 'review-reminder'"
                + " AND t + interval '3 days' > now() THEN 'PENDING' ELSE 'SENT' END,"
                + " CASE WHEN p.channel = 'push' THEN 0 ELSE 1 END,"
                + " CASE WHEN p.channel = 'push' THEN 'push has no delivery route' END,"
                + " CASE WHEN p.template = 'review-reminder' THEN t + interval '3 days' END,"
                + " CASE WHEN p.template = 'review-reminder' THEN t + interval '3 days' ELSE t END,"
                + " CASE WHEN p.channel = 'push' OR (p.template = 'review-reminder' AND t + interval '3 days' > now())"
                + " THEN NULL ELSE t + interval '2 seconds' END, t, t"
                + " FROM generate_series(1, " + orders + ") i,"
                + " (VALUES (1, 1, 'buyer', 'email', 'order-created', 'NORMAL'), (2, 1, 'buyer', 'push', 'order-created', 'NORMAL'),"
                + " (3, 2, 'buyer', 'email', 'order-paid', 'HIGH'), (4, 2, 'buyer', 'push', 'order-paid', 'HIGH'),"
                + " (5, 2, 'seller', 'email', 'order-to-ship', 'HIGH'), (6, 2, 'carrier', 'webhook', 'order-paid', 'HIGH'),"
                + " (7, 3, 'buyer', 'sms', 'order-shipped', 'HIGH'), (8, 3, 'buyer', 'push', 'order-shipped', 'HIGH'),"
                + " (9, 3, 'buyer', 'email', 'order-shipped', 'HIGH'), (10, 4, 'buyer', 'push', 'order-completed', 'NORMAL'),"
                + " (11, 4, 'buyer', 'email', 'order-completed', 'NORMAL'), (12, 4, 'buyer', 'email', 'review-reminder', 'LOW'))"
                + " AS p(k, s, role, channel, template, priority),"
                + " LATERAL (SELECT now() - (i % 43200) * interval '1 minute' + p.s * interval '1 second' AS t) x");
        db.execute("INSERT INTO recipient_preferences (recipient_id, opt_out, updated_at)"
                + " SELECT 'u-SO-H-' || i, 'sms', now() FROM generate_series(1, " + orders + ", 10) i");
        db.execute("SET maintenance_work_mem = '512MB'");
        for (String[] key : keys) {
            db.execute("ALTER TABLE " + key[0] + " ADD CONSTRAINT " + key[1] + " " + key[2]);
        }
        for (String[] index : indexes) {
            db.execute(index[1]);
        }
        db.analyze();
    }
}
