package io.ordercast.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;

/**
 * In front of Camel's health endpoints, which answer GET only and read {@code ?exposureLevel=full&stackTrace=true}
 * from anyone: a request with a query or with HEAD is rerouted as a plain GET of the same path, so the answer
 * always has the configured exposure level (camel.health.exposure-level), and a HEAD gets the GET's status
 * and headers without the body (Vert.x leaves out the body of a response to a HEAD request).
 */
final class HealthRequests implements Handler<RoutingContext> {

    @Override
    public void handle(RoutingContext ctx) {
        if (ctx.request().method() == HttpMethod.HEAD || ctx.request().query() != null) {
            ctx.reroute(HttpMethod.GET, ctx.request().path());
        } else {
            ctx.next();
        }
    }
}
