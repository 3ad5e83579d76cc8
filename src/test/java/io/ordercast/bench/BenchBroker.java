package io.ordercast.bench;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.MessageProperties;

/**
 * The bench's own RabbitMQ virtual host (made anew each run with rabbitmqctl, so a running service
 * is never touched) and publishing into it with persistent messages and batched confirms.
 */
final class BenchBroker implements AutoCloseable {

    static final String VHOST = "ordercast-bench";
    private static final AMQP.BasicProperties JSON_PERSISTENT = MessageProperties.PERSISTENT_BASIC.builder()
            .contentType("application/json").build();

    private final String url;
    private final Connection connection;

    private BenchBroker(String url, Connection connection) {
        this.url = url;
        this.connection = connection;
    }

    /** @param serverUrl amqp://user:password@host:port of the machine's RabbitMQ, without a virtual host */
    static BenchBroker fresh(String serverUrl) throws Exception {
        rabbitmqctl("delete_vhost", VHOST);
        rabbitmqctl("add_vhost", VHOST);
        String user = serverUrl.replaceAll("^amqp://([^:@/]+).*$", "$1");
        rabbitmqctl("set_permissions", "-p", VHOST, user, ".*", ".*", ".*");
        String url = serverUrl + "/" + VHOST;
        ConnectionFactory factory = new ConnectionFactory();
        factory.setUri(url);
        return new BenchBroker(url, factory.newConnection("ordercast-bench"));
    }

    String url() {
        return url;
    }

    Connection connection() {
        return connection;
    }

    void declareQueue(String queue) throws IOException, TimeoutException {
        try (Channel channel = connection.createChannel()) {
            channel.queueDelete(queue);
            channel.queueDeclare(queue, true, false, false, Map.of());
        }
    }

    /** Publishes every event (to the default exchange and {@code queue} when exchange is empty) and waits for all confirms. */
    void publish(String exchange, String queue, List<BenchEvents.Event> events) throws Exception {
        try (Channel channel = connection.createChannel()) {
            channel.confirmSelect();
            int unconfirmed = 0;
            for (BenchEvents.Event event : events) {
                channel.basicPublish(exchange, exchange.isEmpty() ? queue : event.routingKey(), JSON_PERSISTENT, event.body());
                if (++unconfirmed == 500) {
                    channel.waitForConfirmsOrDie(60_000);
                    unconfirmed = 0;
                }
            }
            channel.waitForConfirmsOrDie(60_000);
        }
    }

    /** A channel that publishes persistent JSON messages to {@code exchange}, for paced publishing. */
    Channel publisher() throws IOException {
        Channel channel = connection.createChannel();
        channel.confirmSelect();
        return channel;
    }

    static void publishOne(Channel channel, String exchange, BenchEvents.Event event) throws IOException {
        channel.basicPublish(exchange, event.routingKey(), JSON_PERSISTENT, event.body());
    }

    long depth(String queue) throws IOException, TimeoutException {
        try (Channel channel = connection.createChannel()) {
            return channel.queueDeclarePassive(queue).getMessageCount();
        }
    }

    private static void rabbitmqctl(String... args) throws IOException, InterruptedException {
        String[] command = new String[args.length + 2];
        command[0] = "rabbitmqctl";
        command[1] = "-q";
        System.arraycopy(args, 0, command, 2, args.length);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        int exit = process.waitFor();
        // deleting a virtual host that is not there yet fails, and is fine
        if (exit != 0 && !args[0].equals("delete_vhost")) {
            throw new IllegalStateException(String.join(" ", command) + " failed (" + exit + "): " + output);
        }
    }

    @Override
    public void close() throws IOException {
        connection.close();
    }
}
