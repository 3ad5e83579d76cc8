package io.ordercast.ui;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /} (and HEAD): a 302 to the operator's page, {@code /ui/}, so that a browser pointed at the service
 * finds something. Only the path {@code /} itself; every other path, and any other method on {@code /}, goes on to
 * the handlers after it (the API's JSON errors included).
 */
public final class RootRedirect implements Handler<RoutingContext> {

    public static final String PATH = "/";

    @Override
    public void handle(RoutingContext ctx) {
        HttpMethod method = ctx.request().method();
        if (!PATH.equals(ctx.normalizedPath()) || (method != HttpMethod.GET && method != HttpMethod.HEAD)) {
            ctx.next();
            return;
        }
        ctx.response().setStatusCode(302).putHeader(HttpHeaders.LOCATION, OperatorPage.PATH + "/")
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache").end();
    }
}
