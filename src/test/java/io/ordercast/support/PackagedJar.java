package io.ordercast.support;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code target/ordercast.jar} started as an operator starts it ({@code java -jar}), on its embedded defaults whatever
 * this shell points ordercast at (no ORDERCAST_* variable but the given ones; the embedded database under
 * {@code work}), on a free HTTP port. Its console is collected as it is written. Closing stops the process.
 */
public final class PackagedJar implements AutoCloseable {

    private static final Path JAR = Path.of("target/ordercast.jar");

    private final Process process;
    private final int port;
    private final List<String> lines = new CopyOnWriteArrayList<>();

    private PackagedJar(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    public static PackagedJar start(Path work, Map<String, String> environment) throws IOException {
        assertThat(JAR).as("built by package, before the integration tests").isRegularFile();
        int port = freePort();
        ProcessBuilder builder = new ProcessBuilder(List.of(
                System.getProperty("java.home") + File.separator + "bin" + File.separator + "java",
                "-Xmx512m", "-jar", JAR.toAbsolutePath().toString()));
        builder.directory(work.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("ORDERCAST_"));
        builder.environment().put("ORDERCAST_HTTP_PORT", String.valueOf(port));
        builder.environment().putAll(environment);
        builder.redirectErrorStream(true);
        PackagedJar jar = new PackagedJar(builder.start(), port);
        Thread reader = new Thread(jar::read, "packaged-jar-output");
        reader.setDaemon(true);
        reader.start();
        return jar;
    }

    /** The console's lines so far. */
    public List<String> lines() {
        return lines;
    }

    public int port() {
        return port;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    private void read() {
        try (BufferedReader output = process.inputReader(StandardCharsets.UTF_8)) {
            output.lines().forEach(lines::add);
        } catch (IOException | UncheckedIOException stopped) {
            // the process was stopped
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
