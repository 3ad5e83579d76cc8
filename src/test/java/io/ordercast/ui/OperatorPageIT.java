package io.ordercast.ui;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import io.ordercast.support.RunningService;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How the operator's page is served, over plain HTTP: only its own files, each with its Content-Type,
 * a strict Content-Security-Policy and nosniff, no token needed to load it, and the API still behind the token.
 */
class OperatorPageIT {

    private static final String CSP = "default-src 'self'; base-uri 'none'; object-src 'none'; form-action 'self';"
            + " frame-ancestors 'none'";
    private static RunningService service;

    @BeforeAll
    static void start() {
        service = RunningService.start();
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    @Test
    void should_serve_the_page_without_a_token_with_its_security_headers() throws Exception {
        for (String[] asset : new String[][] {{"/ui/", "text/html; charset=utf-8"}, {"/ui/app.js", "text/javascript; charset=utf-8"},
                {"/ui/app.css", "text/css; charset=utf-8"}, {"/ui/favicon.svg", "image/svg+xml"},
                {"/ui/lib/cytoscape.min.js", "text/javascript; charset=utf-8"}}) {
            HttpResponse<String> response = page(asset[0]);

            assertThat(response.statusCode()).as(asset[0]).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).as(asset[0]).hasValue(asset[1]);
            assertThat(response.headers().firstValue("Content-Security-Policy")).as(asset[0]).hasValue(CSP);
            assertThat(response.headers().firstValue("X-Content-Type-Options")).as(asset[0]).hasValue("nosniff");
            assertThat(response.headers().firstValue("X-Frame-Options")).as(asset[0]).hasValue("DENY");
            assertThat(response.headers().firstValue("Referrer-Policy")).as(asset[0]).hasValue("no-referrer");
        }
        assertThat(page("/ui/lib/cytoscape.min.js").body()).contains("The Cytoscape Consortium");
    }

    @Test
    void should_redirect_ui_without_the_slash_to_the_page() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(service.uri("/ui")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(301);
        assertThat(response.headers().firstValue("Location")).hasValue("ui/");
    }

    @Test
    void should_redirect_the_root_to_the_page_and_nothing_else() throws Exception {
        HttpResponse<String> root = HttpClient.newHttpClient().send(HttpRequest.newBuilder(service.uri("/")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(root.statusCode()).isEqualTo(302);
        assertThat(root.headers().firstValue("Location")).hasValue("/ui/");
        HttpResponse<String> followed = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build()
                .send(HttpRequest.newBuilder(service.uri("/")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(followed.statusCode()).isEqualTo(200);
        assertThat(followed.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        // only / itself: other paths and the API's errors answer as before
        HttpResponse<String> api = service.get("/api/nope", RunningService.API_TOKEN);
        assertThat(api.statusCode()).isEqualTo(404);
        assertThat(api.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        assertThat(page("/index.html").statusCode()).isEqualTo(404);
        assertThat(service.send(HttpRequest.newBuilder(service.uri("/"))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build()).statusCode()).isNotEqualTo(302);
    }

    @Test
    void should_serve_nothing_but_its_own_files() throws Exception {
        for (String path : new String[] {"/ui/lib/", "/ui/lib", "/ui/nope.js", "/ui/../ui/app.js.map",
                "/ui/META-INF/resources/webjars/cytoscape/3.33.1/package.json", "/ui/index.html/"}) {
            HttpResponse<String> response = page(path);

            assertThat(response.statusCode()).as(path).isEqualTo(404);
            assertThat(response.headers().firstValue("Content-Type")).as(path).hasValue("text/plain; charset=utf-8");
            assertThat(response.headers().firstValue("X-Content-Type-Options")).as(path).hasValue("nosniff");
        }
        // a way out of /ui/ is normalised away before any handler sees it: not our 404, but no file either
        HttpResponse<String> escaped = page("/ui/%2e%2e/application.properties");
        assertThat(escaped.statusCode()).isEqualTo(404);
        assertThat(escaped.body()).doesNotContain("ordercast");
        HttpResponse<String> posted = service.send(HttpRequest.newBuilder(service.uri("/ui/"))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build());
        assertThat(posted.statusCode()).isEqualTo(405);
        assertThat(posted.headers().firstValue("Allow")).hasValue("GET, HEAD");
    }

    @Test
    void should_load_scripts_and_styles_from_files_only() throws Exception {
        Document page = Jsoup.parse(page("/ui/").body());

        assertThat(page.select("script")).hasSize(2).allSatisfy(script -> {
            assertThat(script.attr("src")).isIn("lib/cytoscape.min.js", "app.js");
            assertThat(script.data()).isBlank();
        });
        assertThat(page.select("style")).isEmpty();
        for (Element element : page.getAllElements()) {
            assertThat(element.attributes().asList()).as(element.tagName())
                    .noneMatch(a -> a.getKey().startsWith("on") || a.getKey().equals("style"));
        }
        assertThat(page("/ui/app.js").body()).doesNotContain("innerHTML", "localStorage.", "eval(");
    }

    @Test
    void should_declare_its_icon_so_that_the_browser_does_not_ask_for_favicon_ico() throws Exception {
        // a page that names no icon makes the browser ask for /favicon.ico, a 404 on every load
        Element icon = Jsoup.parse(page("/ui/").body()).selectFirst("head link[rel=icon]");
        assertThat(icon).isNotNull();
        // from this origin, as the Content-Security-Policy wants it (a data: icon would be refused, and logged)
        assertThat(icon.attr("href")).doesNotContain(":").doesNotStartWith("/");

        HttpResponse<String> served = page("/ui/" + icon.attr("href"));
        assertThat(served.statusCode()).isEqualTo(200);
        assertThat(served.headers().firstValue("Content-Type")).hasValue(icon.attr("type"));
        assertThat(served.body()).startsWith("<svg ").doesNotContain("<script", "href");
    }

    @Test
    void should_keep_the_api_behind_the_token() throws Exception {
        assertThat(service.get("/api/analytics/transitions", null).statusCode()).isEqualTo(401);
        assertThat(service.get("/api/analytics/transitions", RunningService.API_TOKEN).statusCode()).isEqualTo(200);
    }

    /**
     * GET over HTTP/1.1, as a browser on plain http asks for the page (browsers never upgrade to h2c). Java's
     * client upgrades to HTTP/2 cleartext first, and Vert.x 4.5 sometimes breaks the framing of a large first
     * answer on an upgraded connection: 1–3 of 320 requests for the 434 KB graph library failed so with 16
     * concurrent clients, none of 1,600 for answers of 15–33 KB (an open question, noted in the issue).
     */
    private static HttpResponse<String> page(String path) throws Exception {
        return java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1).build()
                .send(HttpRequest.newBuilder(service.uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
