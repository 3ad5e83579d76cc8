package io.ordercast.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.Executors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * An SMS gateway, a webhook receiver and FCM HTTP v1 (with Google's token endpoint) that answer 200 and record
 * when each notification arrived.
 */
final class HttpSink implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final String FCM_PROJECT = "bench";
    static final String FCM_SEND = "/v1/projects/" + FCM_PROJECT + "/messages:send";

    private final HttpServer server;
    private final Arrivals arrivals;

    HttpSink(Arrivals arrivals) throws IOException {
        // without it the JDK server's separate header and body writes meet the client's delayed ACK: 40 ms a call
        System.setProperty("sun.net.httpserver.nodelay", "true");
        this.arrivals = arrivals;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 200);
        server.createContext("/sms", exchange -> receive(exchange, "sms", "reference"));
        server.createContext("/webhook", exchange -> receive(exchange, "webhook", "notificationId"));
        server.createContext("/token", HttpSink::accessToken);
        server.createContext(FCM_SEND, exchange -> receive(exchange, "push", "/message/data/notificationId"));
        server.setExecutor(Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, "http-sink");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    private void receive(HttpExchange exchange, String channel, String idField) throws IOException {
        try (exchange; InputStream body = exchange.getRequestBody()) {
            JsonNode json = JSON.readTree(body.readAllBytes());
            arrivals.arrived(channel, (idField.startsWith("/") ? json.at(idField) : json.path(idField)).asText(null));
            byte[] answer = "{}".getBytes();
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
        }
    }

    private static void accessToken(HttpExchange exchange) throws IOException {
        try (exchange; InputStream body = exchange.getRequestBody()) {
            body.readAllBytes();
            byte[] answer = "{\"access_token\":\"ya29.bench\",\"expires_in\":3600,\"token_type\":\"Bearer\"}".getBytes();
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
