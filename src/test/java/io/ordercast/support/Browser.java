package io.ordercast.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import static org.awaitility.Awaitility.await;

/**
 * Debian's headless Chromium driven by its ChromeDriver over the W3C WebDriver protocol, spoken with
 * java.net.http: a few of its calls, enough to open a page, type, click, read and take a screenshot.
 * The binaries are {@code /usr/bin/chromium} and {@code /usr/bin/chromedriver} (packages chromium and
 * chromium-driver), or where {@code -Dordercast.test.chromium} / {@code -Dordercast.test.chromedriver} say.
 */
public final class Browser implements AutoCloseable {

    public static final Path CHROMIUM = Path.of(System.getProperty("ordercast.test.chromium", "/usr/bin/chromium"));
    public static final Path CHROMEDRIVER = Path.of(System.getProperty("ordercast.test.chromedriver", "/usr/bin/chromedriver"));
    /** The key of an element reference in WebDriver answers. */
    private static final String ELEMENT = "element-6066-11e4-a52e-4f735466cecf";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final Process driver;
    private final Path profile;
    private final URI session;

    public static boolean available() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    }

    private Browser(Process driver, Path profile, URI driverUri) throws IOException, InterruptedException {
        this.driver = driver;
        this.profile = profile;
        // as root and on a closed network: no sandbox, and none of Chromium's own calls home (this machine refuses them)
        List<String> args = List.of("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--force-device-scale-factor=1", "--window-size=1400,1200", "--lang=en-US",
                "--user-data-dir=" + profile);
        Map<String, Object> capabilities = Map.of("capabilities", Map.of("alwaysMatch", Map.of(
                "browserName", "chrome",
                "goog:chromeOptions", Map.of("binary", CHROMIUM.toString(), "args", args),
                "goog:loggingPrefs", Map.of("browser", "ALL"))));
        JsonNode created = call("POST", driverUri.resolve("/session"), capabilities);
        this.session = driverUri.resolve("/session/" + created.get("sessionId").asText() + "/");
    }

    /** Starts ChromeDriver on a free port (its log to {@code driverLog}) and a browser session in it. */
    public static Browser start(Path driverLog) throws IOException, InterruptedException {
        int port = freePort();
        Path profile = Files.createTempDirectory("ordercast-chromium");
        Files.createDirectories(driverLog.getParent());
        Process driver = new ProcessBuilder(CHROMEDRIVER.toString(), "--port=" + port)
                .redirectErrorStream(true).redirectOutput(driverLog.toFile()).start();
        URI driverUri = URI.create("http://127.0.0.1:" + port);
        try {
            HttpClient probe = HttpClient.newHttpClient();
            await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> JSON.readTree(probe.send(
                    HttpRequest.newBuilder(driverUri.resolve("/status")).build(), HttpResponse.BodyHandlers.ofString())
                    .body()).at("/value/ready").asBoolean());
            return new Browser(driver, profile, driverUri);
        } catch (RuntimeException | IOException | InterruptedException e) {
            driver.destroy();
            throw e;
        }
    }

    public void open(String url) throws IOException, InterruptedException {
        call("POST", session.resolve("url"), Map.of("url", url));
    }

    public String currentUrl() throws IOException, InterruptedException {
        return call("GET", session.resolve("url"), null).asText();
    }

    /** Resizes the browser's window (the page's viewport follows), as an operator's narrower window would be. */
    public void windowSize(int width, int height) throws IOException, InterruptedException {
        call("POST", session.resolve("window/rect"), Map.of("width", width, "height", height));
    }

    /** The first element the CSS selector finds; WebDriver answers "no such element" when there is none. */
    public String find(String css) throws IOException, InterruptedException {
        return call("POST", session.resolve("element"), Map.of("using", "css selector", "value", css)).get(ELEMENT).asText();
    }

    public void type(String css, String text) throws IOException, InterruptedException {
        String element = find(css);
        call("POST", session.resolve("element/" + element + "/clear"), Map.of());
        call("POST", session.resolve("element/" + element + "/value"), Map.of("text", text));
    }

    public void click(String css) throws IOException, InterruptedException {
        call("POST", session.resolve("element/" + find(css) + "/click"), Map.of());
    }

    /** The rendered text of every element the selector finds, in document order. */
    public List<String> texts(String css) throws IOException, InterruptedException {
        JsonNode value = script("return Array.from(document.querySelectorAll(arguments[0])).map(e => e.innerText);", css);
        List<String> texts = new ArrayList<>();
        value.forEach(v -> texts.add(v.asText()));
        return texts;
    }

    public String text(String css) throws IOException, InterruptedException {
        List<String> texts = texts(css);
        return texts.isEmpty() ? null : texts.get(0);
    }

    /** Runs a function body in the page (WebDriver's "execute script"), with {@code arguments}; its return value. */
    public JsonNode script(String body, Object... arguments) throws IOException, InterruptedException {
        return call("POST", session.resolve("execute/sync"), Map.of("script", body, "args", List.of(arguments)));
    }

    /** A PNG of the window, written to {@code file}. */
    public void screenshot(Path file) throws IOException, InterruptedException {
        byte[] png = Base64.getDecoder().decode(call("GET", session.resolve("screenshot"), null).asText());
        Files.createDirectories(file.getParent());
        Files.write(file, png);
    }

    /** The browser console's messages so far (ChromeDriver's log endpoint), e.g. Content-Security-Policy refusals. */
    public List<String> consoleMessages() throws IOException, InterruptedException {
        List<String> messages = new ArrayList<>();
        call("POST", session.resolve("se/log"), Map.of("type", "browser"))
                .forEach(entry -> messages.add(entry.get("level").asText() + " " + entry.get("message").asText()));
        return messages;
    }

    private JsonNode call(String method, URI uri, Object body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60));
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json; charset=utf-8")
                    .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode value = JSON.readTree(response.body()).get("value");
        if (response.statusCode() != 200) {
            throw new IllegalStateException("WebDriver " + method + " " + uri.getPath() + ": " + response.statusCode() + " "
                    + (value == null ? response.body() : value.path("error").asText() + ": " + value.path("message").asText()));
        }
        return value;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        try {
            call("DELETE", session, null);
        } catch (IOException | RuntimeException e) {
            // the driver is stopped below either way
        } finally {
            // a Chromium left behind by a failed session end goes too: the processes this driver started
            List<ProcessHandle> started = driver.descendants().toList();
            started.forEach(ProcessHandle::destroy);
            driver.destroy();
            driver.waitFor(10, TimeUnit.SECONDS);
            for (ProcessHandle process : started) {
                process.onExit().completeOnTimeout(process, 10, TimeUnit.SECONDS).join();
            }
            deleteProfile();
        }
    }

    private void deleteProfile() throws IOException {
        try (Stream<Path> files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (UncheckedIOException e) {
            // a file went while walking (Chromium's last writes): what is left is in the temporary folder
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
