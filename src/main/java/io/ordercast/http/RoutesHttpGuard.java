package io.ordercast.http;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

import io.ordercast.api.ApiTokenGuard;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * With routes from {@code ordercast.routes.dir}, every HTTP path a route serves is behind the API token, whatever
 * route configuration the route names: a route file can open a platform-http or REST endpoint, and the token check
 * of ordercast's own API routes lives in the route files too. Open are only the service's own public paths (health,
 * metrics, the operator's page, which answers before this) and the paths the operator lists in
 * {@code ordercast.routes.http-without-token} (exact, or a prefix ending in {@code /*}). A refusal is the API's
 * 401 answer.
 */
final class RoutesHttpGuard implements Handler<RoutingContext> {

    private final ApiTokenGuard token;
    private final Set<String> exact;
    private final List<String> prefixes;

    RoutesHttpGuard(ApiTokenGuard token, Collection<String> openPaths) {
        this.token = token;
        List<String> prefixes = new ArrayList<>();
        for (String path : openPaths) {
            if (path.endsWith("/*")) {
                prefixes.add(path.substring(0, path.length() - 1));
            }
        }
        this.exact = Set.copyOf(openPaths.stream().filter(p -> !p.endsWith("/*")).toList());
        this.prefixes = List.copyOf(prefixes);
    }

    @Override
    public void handle(RoutingContext ctx) {
        String path = ctx.normalizedPath();
        if (open(path)) {
            ctx.next();
            return;
        }
        String problem = token.problem(ctx.request().getHeader(HttpHeaders.AUTHORIZATION));
        if (problem == null) {
            ctx.next();
            return;
        }
        ctx.response().setStatusCode(401)
                .putHeader("WWW-Authenticate", "Bearer")
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(new JsonObject().put("error", problem).encode());
    }

    private boolean open(String path) {
        return exact.contains(path) || prefixes.stream().anyMatch(path::startsWith);
    }
}
