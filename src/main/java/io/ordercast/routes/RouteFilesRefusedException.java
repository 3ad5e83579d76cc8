package io.ordercast.routes;

import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;

/** The start's refusal of route files in the routes folder: its message is the one line the operator needs. */
public final class RouteFilesRefusedException extends RuntimeException {

    public RouteFilesRefusedException(Path folder, Map<Path, String> refused) {
        super(refused.entrySet().stream().map(e -> "route file " + e.getKey() + " is refused: " + e.getValue())
                .collect(Collectors.joining("; ")) + ". Fix " + them(refused) + " or remove " + them(refused)
                + " from ordercast.routes.dir (" + folder + ")");
    }

    private static String them(Map<Path, String> refused) {
        return refused.size() == 1 ? "it" : "them";
    }
}
