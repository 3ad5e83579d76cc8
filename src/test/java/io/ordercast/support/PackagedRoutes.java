package io.ordercast.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What an integrator does first to edit the routes: copy the packaged ones to a folder of their own. */
public final class PackagedRoutes {

    private PackagedRoutes() {
    }

    /** Copies src/main/resources/routes into {@code target} (made if absent) and returns it. */
    public static Path copyTo(Path target) throws IOException {
        Files.createDirectories(target);
        try (var files = Files.list(Path.of("src/main/resources/routes"))) {
            for (Path file : files.toList()) {
                Files.copy(file, target.resolve(file.getFileName()));
            }
        }
        return target;
    }
}
