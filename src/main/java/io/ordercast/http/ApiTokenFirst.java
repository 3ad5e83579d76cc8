package io.ordercast.http;

import java.util.Optional;

import io.ordercast.api.ApiTokenGuard;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/**
 * The API token, checked for every /api/** request before anything else about it: before a route is
 * chosen, so that no 404, 405, 406 or 415 tells a caller without the token which calls exist or what they
 * take, and before the body is read, so that such a caller cannot make the server read 64 KiB or learn the
 * limit from a 413. The routes check it again (error/api-errors.camel.yaml) for calls that do not come
 * through this server.
 */
final class ApiTokenFirst implements Handler<RoutingContext> {

    static final String PATH = "/api/*";

    private final ApiTokenGuard guard;

    ApiTokenFirst(ApiTokenGuard guard) {
        this.guard = guard;
    }

    @Override
    public void handle(RoutingContext ctx) {
        Optional<String> refusal = refusal(ctx);
        if (refusal.isPresent()) {
            JsonError.unauthorized(ctx.response(), refusal.get());
        } else {
            ctx.next();
        }
    }

    Optional<String> refusal(RoutingContext ctx) {
        return guard.refusal(ctx.request().getHeader(HttpHeaders.AUTHORIZATION));
    }
}
