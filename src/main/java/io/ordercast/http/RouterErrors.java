package io.ordercast.http;

import java.util.Optional;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the HTTP server answers when Vert.x's router refuses or fails a request itself, around Camel's
 * routes: no route for the path (404) or the method (405), an Accept or a Content-Type the route does not
 * take (406, 415), a body over camel.server.max-body-size (413), a path that is not valid percent-encoding
 * (400), no answer within ordercast.http.request-timeout (503), a fault in a handler (500). Vert.x would
 * answer text, HTML or nothing, and log each failure at ERROR, the 413 without any detail. Here every such
 * answer is the API's JSON error; a request that may be for /api and lacks the token gets 401 whatever else
 * is wrong with it; only a fault of the service is an ERROR line.
 */
final class RouterErrors {

    private static final Logger LOG = LoggerFactory.getLogger(RouterErrors.class);

    private final ApiTokenFirst token;
    private final Long maxBodySize;

    /** @param maxBodySize camel.server.max-body-size; null: no limit */
    RouterErrors(ApiTokenFirst token, Long maxBodySize) {
        this.token = token;
        this.maxBodySize = maxBodySize;
    }

    /** Answers every 4xx and 5xx status that {@code router} itself ends a request with. */
    void register(Router router) {
        for (int status = 400; status < 600; status++) {
            int code = status;
            router.errorHandler(code, ctx -> answer(ctx, code));
        }
        // Vert.x's BodyHandler fails a request whose body breaks off (the client went away) with status 200
        router.errorHandler(200, ctx -> answer(ctx, 400));
    }

    private void answer(RoutingContext ctx, int status) {
        HttpServerResponse response = ctx.response();
        if (response.ended() || response.closed()) {
            // answered already, or nobody left to answer: a client that hangs up is no fault of the service
            return;
        }
        if (response.headWritten()) {
            // part of an answer is out: a JSON error after it would read as its end
            ctx.request().connection().close();
            return;
        }
        String path = decodedPath(ctx);
        // a path that cannot be decoded may have been meant for /api
        if (path == null || path.equals("/api") || path.startsWith("/api/")) {
            Optional<String> refusal = token.refusal(ctx);
            if (refusal.isPresent()) {
                JsonError.unauthorized(response, refusal.get());
                return;
            }
        }
        if (path == null) {
            JsonError.send(response, 400, "malformed path: not valid percent-encoding");
            return;
        }
        log(ctx, status);
        JsonError.send(response, status, message(status));
    }

    private String message(int status) {
        return switch (status) {
            case 400 -> "bad request: the request could not be read";
            case 404 -> "not found";
            case 405 -> "method not allowed";
            case 406 -> "not acceptable: answers are application/json";
            case 413 -> "request body too large: the limit is " + maxBodySize + " bytes";
            case 415 -> "unsupported media type: send Content-Type: application/json";
            case 500 -> "internal error; see the service log";
            case 503 -> "not answered in time; try again later";
            default -> HttpResponseStatus.valueOf(status).reasonPhrase().toLowerCase(java.util.Locale.ROOT);
        };
    }

    private void log(RoutingContext ctx, int status) {
        HttpServerRequest request = ctx.request();
        Throwable failure = ctx.failure();
        // an exception from a handler, not a status a handler failed the request with
        boolean fault = failure != null && !(failure instanceof HttpException);
        if (status == 413) {
            String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
            LOG.warn("request body refused with 413: {}, the limit is {} bytes (camel.server.max-body-size): {} {}",
                    length == null ? "sent chunked, size unknown" : length + " bytes", maxBodySize,
                    request.method(), callOf(request.path()));
        } else if (status >= 500 && fault) {
            LOG.error("HTTP request failed, answered {}: {} {}", status, request.method(), callOf(request.path()), failure);
        } else if (status == 503) {
            // the router's only 503 of its own: TimeoutHandler fails the request with the bare status
            LOG.warn("request not answered within ordercast.http.request-timeout, answered 503: {} {}",
                    request.method(), callOf(request.path()));
        }
    }

    /** The path as the router matches it (percent-decoded, dot segments removed); null if it cannot be decoded. */
    private static String decodedPath(RoutingContext ctx) {
        try {
            return ctx.normalizedPath();
        } catch (RuntimeException e) {
            return null;
        }
    }

    /**
     * The first two segments of the path: which call it was ({@code /api/recipients/…}), without the ids and
     * device tokens that follow (logs carry no tokens, and recipients only as role:id).
     */
    private static String callOf(String path) {
        String[] segments = String.valueOf(path).split("/", 4);
        String call = segments.length <= 3 ? String.valueOf(path) : "/" + segments[1] + "/" + segments[2] + "/…";
        return call.length() <= 100 ? call : call.substring(0, 100) + "…";
    }
}
