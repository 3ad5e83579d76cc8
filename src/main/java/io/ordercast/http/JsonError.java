package io.ordercast.http;

import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;

/** An answer of the HTTP server itself in the API's error shape, {@code {"error": "..."}}. */
final class JsonError {

    private JsonError() {
    }

    static Future<Void> send(HttpServerResponse response, int status, String message) {
        return response.setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(new JsonObject().put("error", message).encode());
    }

    static void unauthorized(HttpServerResponse response, String reason) {
        response.putHeader("WWW-Authenticate", "Bearer");
        send(response, 401, reason);
    }
}
