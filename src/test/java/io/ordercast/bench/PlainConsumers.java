package io.ordercast.bench;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.AMQP;

/**
 * The two reference consumers the service is compared with, written the way one would by hand with
 * amqp-client: (a) raw, manual ack and no work; (b) baseline, the tracking work in one PostgreSQL
 * transaction per event (insert the event, lock and update the order) and the ack after the commit.
 */
final class PlainConsumers {

    private static final ObjectMapper JSON = new ObjectMapper();

    private PlainConsumers() {
    }

    /** Consumes {@code count} messages, acking each; returns messages per second from first delivery to last ack. */
    static double raw(BenchBroker broker, String queue, int count, int prefetch) throws Exception {
        return consume(broker, queue, count, prefetch, body -> { });
    }

    static void createBaselineTables(Connection db) throws SQLException {
        try (Statement s = db.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS baseline CASCADE");
            s.execute("CREATE SCHEMA baseline");
            s.execute("CREATE TABLE baseline.orders (order_id VARCHAR(64) PRIMARY KEY, state VARCHAR(32),"
                    + " sequence BIGINT NOT NULL, updated_at TIMESTAMPTZ NOT NULL)");
            s.execute("CREATE TABLE baseline.order_events (event_id VARCHAR(128) PRIMARY KEY, order_id VARCHAR(64) NOT NULL,"
                    + " state VARCHAR(32) NOT NULL, sequence BIGINT, outcome VARCHAR(16) NOT NULL,"
                    + " received_at TIMESTAMPTZ NOT NULL, payload TEXT NOT NULL)");
            s.execute("CREATE INDEX baseline_events_by_order ON baseline.order_events (order_id, received_at)");
        }
    }

    /** The hand-written consumer: one transaction per event, ack after commit. */
    static double baseline(BenchBroker broker, String queue, int count, int prefetch, Connection db) throws Exception {
        db.setAutoCommit(false);
        PreparedStatement insertEvent = db.prepareStatement("INSERT INTO baseline.order_events (event_id, order_id, state,"
                + " sequence, outcome, received_at, payload) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING");
        PreparedStatement lock = db.prepareStatement("SELECT state, sequence FROM baseline.orders WHERE order_id = ? FOR UPDATE");
        PreparedStatement insertOrder = db.prepareStatement("INSERT INTO baseline.orders (order_id, state, sequence, updated_at)"
                + " VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING");
        PreparedStatement update = db.prepareStatement("UPDATE baseline.orders SET state = ?, sequence = ?, updated_at = ?"
                + " WHERE order_id = ?");
        return consume(broker, queue, count, prefetch, body -> {
            JsonNode event = JSON.readTree(body);
            String orderId = event.get("orderId").asText();
            long sequence = event.path("sequence").asLong();
            Timestamp now = Timestamp.from(Instant.now());
            lock.setString(1, orderId);
            long current = -1;
            try (ResultSet rs = lock.executeQuery()) {
                if (rs.next()) {
                    current = rs.getLong(2);
                }
            }
            String outcome = current < 0 || sequence > current ? "APPLIED" : "STALE";
            insertEvent.setString(1, event.get("eventId").asText());
            insertEvent.setString(2, orderId);
            insertEvent.setString(3, event.get("state").asText());
            insertEvent.setLong(4, sequence);
            insertEvent.setString(5, outcome);
            insertEvent.setTimestamp(6, now);
            insertEvent.setString(7, new String(body, java.nio.charset.StandardCharsets.UTF_8));
            if (insertEvent.executeUpdate() == 1 && "APPLIED".equals(outcome)) {
                if (current < 0) {
                    insertOrder.setString(1, orderId);
                    insertOrder.setString(2, event.get("state").asText());
                    insertOrder.setLong(3, sequence);
                    insertOrder.setTimestamp(4, now);
                    insertOrder.executeUpdate();
                } else {
                    update.setString(1, event.get("state").asText());
                    update.setLong(2, sequence);
                    update.setTimestamp(3, now);
                    update.setString(4, orderId);
                    update.executeUpdate();
                }
            }
            db.commit();
        });
    }

    @FunctionalInterface
    interface Work {
        void handle(byte[] body) throws Exception;
    }

    private static double consume(BenchBroker broker, String queue, int count, int prefetch, Work work) throws Exception {
        CountDownLatch done = new CountDownLatch(count);
        AtomicLong first = new AtomicLong();
        AtomicLong last = new AtomicLong();
        Channel channel = broker.connection().createChannel();
        channel.basicQos(prefetch);
        channel.basicConsume(queue, false, new DefaultConsumer(channel) {
            @Override
            public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body)
                    throws IOException {
                first.compareAndSet(0, System.nanoTime());
                try {
                    work.handle(body);
                } catch (Exception e) {
                    channel.basicNack(envelope.getDeliveryTag(), false, true);
                    throw new IOException("bench consumer failed", e);
                }
                channel.basicAck(envelope.getDeliveryTag(), false);
                last.set(System.nanoTime());
                done.countDown();
            }
        });
        if (!done.await(30, TimeUnit.MINUTES)) {
            throw new IllegalStateException(queue + ": only " + (count - done.getCount()) + " of " + count + " consumed");
        }
        channel.close();
        return count / ((last.get() - first.get()) / 1e9);
    }
}
