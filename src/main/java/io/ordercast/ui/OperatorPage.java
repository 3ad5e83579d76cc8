package io.ordercast.ui;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/**
 * The operator's page, {@code /ui/}: a fixed set of files from the jar (src/main/resources/ui and the
 * Cytoscape.js WebJar), read once and answered from memory. Only the files listed here exist, each with
 * its own Content-Type: no directory listing, no file-system path, nothing taken from the request but
 * the path it is looked up by. The page needs no token to load; the data comes from /api/**, which the
 * page calls with the bearer token the operator typed in. Every answer carries a Content-Security-Policy
 * that allows scripts, styles and calls from this origin only (no inline script, no eval) and
 * {@code X-Content-Type-Options: nosniff}; they are set here on the Vert.x response, so Camel's response
 * header allow-list (ApiResponseHeaders) for the routes stays as it is.
 */
public final class OperatorPage implements Handler<RoutingContext> {

    public static final String PATH = "/ui";
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; base-uri 'none'; object-src 'none';"
            + " form-action 'self'; frame-ancestors 'none'";
    private static final String HTML = "text/html; charset=utf-8";
    private static final String JAVASCRIPT = "text/javascript; charset=utf-8";
    private static final String CSS = "text/css; charset=utf-8";
    private static final String SVG = "image/svg+xml";
    private static final String JSON = "application/json";
    /** The Preview view's sample events: docs/examples, one per state, packaged under ui/examples (pom.xml). */
    private static final List<String> SAMPLES = List.of("created.json", "paid.json", "shipped.json", "completed.json",
            "cancelled.json", "refund_requested.json", "refunded.json");
    private static final String WEBJAR_CYTOSCAPE = "org.webjars.npm/cytoscape";

    private record Asset(Buffer body, String contentType) {
    }

    private final Map<String, Asset> assets;

    public OperatorPage() {
        Asset index = asset("ui/index.html", HTML);
        Map<String, Asset> files = new HashMap<>(Map.of(
                PATH + "/", index,
                PATH + "/index.html", index,
                PATH + "/app.js", asset("ui/app.js", JAVASCRIPT),
                PATH + "/app.css", asset("ui/app.css", CSS),
                PATH + "/favicon.svg", asset("ui/favicon.svg", SVG),
                PATH + "/lib/cytoscape.min.js", asset("META-INF/resources/webjars/cytoscape/"
                        + webjarVersion(WEBJAR_CYTOSCAPE) + "/dist/cytoscape.min.js", JAVASCRIPT)));
        for (String sample : SAMPLES) {
            files.put(PATH + "/examples/" + sample, asset("ui/examples/" + sample, JSON));
        }
        assets = Map.copyOf(files);
    }

    @Override
    public void handle(RoutingContext ctx) {
        HttpServerResponse response = ctx.response();
        response.putHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("X-Frame-Options", "DENY")
                .putHeader("Referrer-Policy", "no-referrer")
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache");
        HttpMethod method = ctx.request().method();
        if (method != HttpMethod.GET && method != HttpMethod.HEAD) {
            response.putHeader(HttpHeaders.ALLOW, "GET, HEAD");
            text(response, 405, "method not allowed");
            return;
        }
        String path = ctx.normalizedPath();
        if (PATH.equals(path)) {
            // relative, so that it also holds behind a reverse proxy that mounts the service under a prefix
            response.setStatusCode(301).putHeader(HttpHeaders.LOCATION, "ui/").end();
            return;
        }
        Asset asset = assets.get(path);
        if (asset == null) {
            text(response, 404, "not found");
            return;
        }
        response.putHeader(HttpHeaders.CONTENT_TYPE, asset.contentType()).end(asset.body());
    }

    private static void text(HttpServerResponse response, int status, String message) {
        response.setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8").end(message);
    }

    private static Asset asset(String resource, String contentType) {
        try (InputStream in = stream(resource)) {
            return new Asset(Buffer.buffer(in.readAllBytes()), contentType);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + resource + " for the operator's page", e);
        }
    }

    /** The WebJar's version, from its Maven metadata: a version bump in pom.xml needs no change here. */
    private static String webjarVersion(String groupAndArtifact) {
        Properties pom = new Properties();
        try (InputStream in = stream("META-INF/maven/" + groupAndArtifact + "/pom.properties")) {
            pom.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the version of the WebJar " + groupAndArtifact, e);
        }
        return pom.getProperty("version");
    }

    private static InputStream stream(String resource) {
        InputStream in = OperatorPage.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException(resource + " is missing from the classpath: the operator's page (/ui/) cannot be served");
        }
        return in;
    }
}
