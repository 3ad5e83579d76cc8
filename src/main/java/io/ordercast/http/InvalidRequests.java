package io.ordercast.http;

import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;

/**
 * What the HTTP server answers to a request Vert.x could not parse: a request line over 4096 bytes (414),
 * headers over 8 KiB (431), anything else that is not HTTP (400). Vert.x answers these with no body; here
 * with the API's JSON error. They come before the token can be checked: the headers, and the Authorization
 * header among them, are what could not be read.
 */
public final class InvalidRequests implements Handler<HttpServerRequest> {

    @Override
    public void handle(HttpServerRequest request) {
        Throwable cause = request.decoderResult().cause();
        int status;
        String message;
        if (cause instanceof TooLongHttpLineException) {
            status = 414;
            message = "request line longer than " + HttpServerOptions.DEFAULT_MAX_INITIAL_LINE_LENGTH + " bytes";
        } else if (cause instanceof TooLongHttpHeaderException) {
            status = 431;
            message = "request headers larger than " + HttpServerOptions.DEFAULT_MAX_HEADER_SIZE + " bytes";
        } else {
            status = 400;
            message = "malformed HTTP request";
        }
        // the connection cannot be read on after a request that could not be parsed
        request.response().putHeader("Connection", "close");
        JsonError.send(request.response(), status, message).onComplete(written -> request.connection().close());
    }
}
