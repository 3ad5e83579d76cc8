package io.ordercast.http;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.ordercast.api.ApiTokenGuard;
import io.ordercast.ui.OperatorPage;
import io.ordercast.ui.RootRedirect;
import io.vertx.core.http.HttpServer;
import io.vertx.core.net.impl.TCPServerBase;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.TimeoutHandler;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.component.platform.http.main.ManagementHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.support.service.ServiceSupport;

/**
 * What ordercast adds to the Vert.x HTTP server that camel-platform-http-main starts, once it has
 * started: a check that it really listens (Camel only logs a WARN when the port is taken, and the
 * service would run on with no API, health or metrics), idle and request timeouts (Camel creates the
 * server's HttpServerOptions itself and offers neither), HEAD and a fixed answer shape on the health
 * endpoints, the API token before anything else on /api/** (ApiTokenFirst), JSON for every error the router
 * answers itself (RouterErrors), the operator's page at /ui/ (static files from the jar, with its security headers)
 * and a redirect to it from / ({@link RootRedirect}),
 * with routes from ordercast.routes.dir the API token in front of every other path ({@link RoutesHttpGuard}), and a 400
 * for a path or query whose percent-encoding is not UTF-8 ({@link PercentEncodedUtf8}).
 * Handlers go first on Camel's router (negative order), before Camel's own routes.
 */
public final class HttpServerSetup extends ServiceSupport implements CamelContextAware {

    private final int port;
    private final Duration idleTimeout;
    private final Duration requestTimeout;
    private final ApiTokenGuard apiToken;
    private final List<String> routesOpenPaths;
    private CamelContext context;
    private IdleConnections idleConnections;

    /**
     * {@code routesOpenPaths}: with routes from ordercast.routes.dir, the paths their routes may serve without the
     * token ({@code ordercast.routes.http-without-token}); null without that folder (ordercast's own routes check
     * the token themselves).
     */
    public HttpServerSetup(int port, Duration idleTimeout, Duration requestTimeout, ApiTokenGuard apiToken,
            List<String> routesOpenPaths) {
        this.port = port;
        this.idleTimeout = idleTimeout;
        this.requestTimeout = requestTimeout;
        this.apiToken = apiToken;
        this.routesOpenPaths = routesOpenPaths == null ? null : List.copyOf(routesOpenPaths);
    }

    @Override
    public CamelContext getCamelContext() {
        return context;
    }

    @Override
    public void setCamelContext(CamelContext context) {
        this.context = context;
    }

    @Override
    protected void doStart() {
        VertxPlatformHttpServer server = context.hasService(VertxPlatformHttpServer.class);
        if (server == null) {
            return; // camel.server.enabled=false: no HTTP server to set up
        }
        if (!listens(server.getServer())) {
            throw new IllegalStateException("the HTTP server could not listen on port " + port
                    + " (ordercast.http.port): is another process using it? ordercast does not run without"
                    + " its API, health and metrics; see the WARN from VertxPlatformHttpServer above for the cause");
        }
        VertxPlatformHttpRouter router = VertxPlatformHttpRouter.lookup(context,
                VertxPlatformHttpRouter.getRouterNameFromPort(server.getConfigurationPort()));
        // the health reroute first: a reroute drops the end handlers that the handlers after it add
        ManagementHttpServer management = context.hasService(ManagementHttpServer.class);
        if (management != null && management.isHealthCheckEnabled()) {
            String health = management.getHealthPath();
            HealthRequests healthRequests = new HealthRequests();
            for (String path : new String[] {health, health + "/live", health + "/ready"}) {
                router.route(path).order(-30).handler(healthRequests);
            }
        }
        idleConnections = new IdleConnections(server.getVertx(), idleTimeout);
        router.route().order(-20).handler(idleConnections);
        router.route().order(-10).handler(TimeoutHandler.create(requestTimeout.toMillis()));
        ApiTokenFirst apiTokenFirst = new ApiTokenFirst(apiToken);
        router.route(ApiTokenFirst.PATH).order(-8).handler(apiTokenFirst);
        // on both routers: Camel's is mounted on the server's own; Vert.x answers a request that no route takes
        // with the error handlers of the server's router, and some failures inside a handler with those of the
        // router the handler is on
        if (!(server.getServer().requestHandler() instanceof Router root)) {
            throw new IllegalStateException("the HTTP server's request handler is not a Vert.x router: "
                    + server.getServer().requestHandler());
        }
        RouterErrors errors = new RouterErrors(apiTokenFirst, server.getMaxBodySize());
        errors.register(root);
        errors.register(router);
        OperatorPage operatorPage = new OperatorPage();
        router.route(OperatorPage.PATH).order(-5).handler(operatorPage);
        router.route(OperatorPage.PATH + "/*").order(-5).handler(operatorPage);
        router.route(RootRedirect.PATH).order(-5).handler(new RootRedirect());
        if (routesOpenPaths != null) {
            // after the operator's page, which answers its own paths without calling on
            router.route().order(-4).handler(new RoutesHttpGuard(apiToken, openPaths(management)));
        }
        router.route().order(-3).handler(new PercentEncodedUtf8());
    }

    private List<String> openPaths(ManagementHttpServer management) {
        List<String> open = new ArrayList<>(routesOpenPaths);
        if (management != null && management.isHealthCheckEnabled()) {
            String health = management.getHealthPath();
            open.addAll(List.of(health, health + "/live", health + "/ready"));
        }
        if (management != null && management.isMetricsEnabled()) {
            open.add(management.getPath() + "/metrics");
        }
        return open;
    }

    /**
     * Vert.x's public API cannot tell: actualPort() answers the requested port even when the bind failed,
     * and Camel swallows the failure (it throws inside the listen callback, on the event loop, and its
     * start waits for a latch only). The server's own flag is on Vert.x's implementation class.
     */
    private static boolean listens(HttpServer server) {
        if (server instanceof TCPServerBase tcp) {
            return tcp.isListening();
        }
        return server != null;
    }

    @Override
    protected void doStop() {
        if (idleConnections != null) {
            idleConnections.close();
            idleConnections = null;
        }
    }
}
