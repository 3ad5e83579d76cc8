package io.ordercast.routes;

import java.nio.file.Path;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.FailedToCreateRouteException;
import org.apache.camel.FailedToStartRouteException;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteDefinition;

/**
 * A start that Camel stopped because it could not build or start a route from the routes folder, told as the
 * refusal of that route's file: Camel names the route and the step, not the file to fix or remove.
 */
public final class RouteFileOfFailure {

    private RouteFileOfFailure() {
    }

    /** {@code failure} as a {@link RouteFilesRefusedException} naming the file, or {@code failure} itself. */
    public static Exception named(CamelContext context, Exception failure) {
        String dir = context.getPropertiesComponent().resolveProperty("ordercast.routes.dir")
                .map(String::trim).filter(s -> !s.isEmpty()).orElse(null);
        String routeId = routeId(failure);
        if (dir == null || routeId == null) {
            return failure;
        }
        Path folder = Path.of(dir).toAbsolutePath().normalize();
        RouteDefinition route = context.getCamelContextExtension().getContextPlugin(Model.class)
                .getRouteDefinition(routeId);
        String location = route == null || route.getResource() == null ? null : route.getResource().getLocation();
        if (location == null || !location.startsWith("file:")) {
            return failure;
        }
        Path file = Path.of(location.substring("file:".length())).toAbsolutePath().normalize();
        if (!file.startsWith(folder)) {
            return failure;
        }
        RouteFilesRefusedException named = new RouteFilesRefusedException(folder,
                Map.of(file, RefusalReason.of(failure)));
        named.initCause(failure);
        return named;
    }

    private static String routeId(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof FailedToCreateRouteException created) {
                return created.getRouteId();
            }
            if (cause instanceof FailedToStartRouteException started) {
                return started.getRouteId();
            }
        }
        return null;
    }
}
