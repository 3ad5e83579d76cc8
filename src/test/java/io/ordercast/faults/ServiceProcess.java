package io.ordercast.faults;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;

/** The packaged service (target/ordercast.jar) as its own process, so it can be killed with SIGKILL. */
final class ServiceProcess {

    private final Map<String, String> environment;
    private final File log;
    private Process process;

    ServiceProcess(Map<String, String> environment, File log) {
        this.environment = environment;
        this.log = log;
    }

    void start() throws IOException {
        ProcessBuilder builder = new ProcessBuilder(List.of(
                Path.java(), "-Xmx512m", "-jar", "target/ordercast.jar"));
        builder.environment().putAll(environment);
        builder.redirectErrorStream(true);
        builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log));
        process = builder.start();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> health() == 200);
    }

    /** SIGKILL: no shutdown hook, no graceful stop. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    /** SIGTERM: the graceful stop. */
    void stop() throws InterruptedException {
        process.destroy();
        process.waitFor();
    }

    String port() {
        return environment.get("ORDERCAST_HTTP_PORT");
    }

    int health() throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                        "http://127.0.0.1:" + environment.get("ORDERCAST_HTTP_PORT") + "/observe/health"))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** The java of this JVM. */
    private static final class Path {
        static String java() {
            return System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        }
    }
}
