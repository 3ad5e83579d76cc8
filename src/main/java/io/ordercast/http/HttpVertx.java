package io.ordercast.http;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;

/**
 * The Vert.x instance that Camel's HTTP server runs on, made here and bound in the registry, where
 * camel-platform-http looks for one before it makes its own. Every HTTP server created on it gets
 * {@link InvalidRequests} for what Vert.x cannot parse: a server takes that handler only before it
 * listens, and Camel creates its server and starts listening in one step, with nothing to configure in
 * between. Everything else is Vert.x itself.
 */
public final class HttpVertx {

    private HttpVertx() {
    }

    public static Vertx create(Handler<HttpServerRequest> invalidRequests) {
        Vertx vertx = Vertx.vertx();
        return (Vertx) Proxy.newProxyInstance(HttpVertx.class.getClassLoader(), new Class<?>[] {Vertx.class},
                (proxy, method, args) -> {
                    Object result;
                    try {
                        result = method.invoke(vertx, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                    if (result instanceof HttpServer server && "createHttpServer".equals(method.getName())) {
                        server.invalidRequestHandler(invalidRequests);
                    }
                    return result;
                });
    }

    /** Closes it once Camel has stopped its HTTP server: Camel leaves a Vert.x it did not make running. */
    public static void close(Vertx vertx, Duration timeout) throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
}
