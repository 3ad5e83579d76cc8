package io.ordercast.amqp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.apache.qpid.server.SystemLauncher;
import org.apache.qpid.server.SystemLauncherListener;
import org.apache.qpid.server.model.SystemConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An in-process AMQP 0-9-1 broker (Apache Qpid Broker-J, memory store) for first runs and portable
 * tests, so the service runs on a machine with no RabbitMQ. It keeps nothing across restarts and
 * ignores RabbitMQ-only queue arguments; production points {@code ordercast.rabbitmq.url} at RabbitMQ.
 */
public final class EmbeddedAmqpBroker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedAmqpBroker.class);

    private volatile SystemConfig<?> systemConfig;
    private final SystemLauncher launcher = new SystemLauncher(new SystemLauncherListener.DefaultSystemLauncherListener() {
        @Override
        public void onContainerResolve(SystemConfig<?> resolved) {
            systemConfig = resolved;
        }
    });
    private final int port;

    private EmbeddedAmqpBroker(int port) {
        this.port = port;
    }

    public static EmbeddedAmqpBroker start() {
        return start(freePort());
    }

    /** On a given port: a restarted broker comes back where its clients look for it. */
    public static EmbeddedAmqpBroker start(int port) {
        EmbeddedAmqpBroker broker = new EmbeddedAmqpBroker(port);
        broker.launch();
        return broker;
    }

    public String url() {
        return "amqp://guest:guest@127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    private void launch() {
        Map<String, Object> context = new HashMap<>();
        context.put("ordercast.embedded.amqp_port", port);
        context.put("qpid.work_dir", workDir().toString());
        // RabbitMQ queue arguments (x-max-priority, ...) would otherwise close the whole connection
        context.put("queue.behaviourOnUnknownDeclareArgument", "IGNORE");
        Map<String, Object> attributes = new HashMap<>();
        attributes.put("type", "Memory");
        attributes.put("initialConfigurationLocation",
                EmbeddedAmqpBroker.class.getResource("/qpid/embedded-broker.json").toExternalForm());
        attributes.put("startupLoggedToSystemOut", false);
        attributes.put("context", context);
        try {
            launcher.startup(attributes);
            dropBrokersShutdownHook();
        } catch (Exception e) {
            // the broker's threads are not daemons: a half-started broker would keep the JVM alive
            close();
            throw new IllegalStateException("embedded AMQP broker did not start: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        launcher.shutdown();
    }

    /**
     * Qpid's broker adds a JVM shutdown hook that stops it at once on Ctrl+C or SIGTERM, while Camel's own hook
     * is still stopping the consumers on it: each of them logged an ERROR with a stack trace on every stop of
     * the demo. The broker is closed by ordercast after Camel's routes have stopped (Infrastructure), so its own
     * hook goes. Best effort: if Qpid's internals change, the stop is only noisier, as before.
     */
    private void dropBrokersShutdownHook() {
        try {
            Object broker = systemConfig == null ? null : systemConfig.getContainer();
            for (Class<?> type = broker == null ? null : broker.getClass(); type != null; type = type.getSuperclass()) {
                try {
                    Field hook = type.getDeclaredField("_shutdownHook");
                    hook.setAccessible(true);
                    if (hook.get(broker) instanceof Thread thread) {
                        Runtime.getRuntime().removeShutdownHook(thread);
                    }
                    return;
                } catch (NoSuchFieldException notHere) {
                    // look in the superclass
                }
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.debug("the embedded broker keeps its own shutdown hook: {}", e.toString());
        }
    }

    private static Path workDir() {
        try {
            Path dir = Files.createTempDirectory("ordercast-broker");
            dir.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free local port for the embedded broker", e);
        }
    }
}
