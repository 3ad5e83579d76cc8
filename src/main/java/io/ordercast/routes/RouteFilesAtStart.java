package io.ordercast.routes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The route files of the routes folder (and of its error/ subfolder) as the start finds them: each one is checked
 * before Camel reads any, and one that fails stops the start, named with its reasons. The start does not skip it:
 * the refused file may be the new version of a file whose routes the service needs (the router, the ingest), and
 * the last good version a live reload ran is not kept anywhere.
 */
public final class RouteFilesAtStart {

    private RouteFilesAtStart() {
    }

    public static void check(Path folder, RouteFileCheck check) {
        Map<Path, String> refused = new LinkedHashMap<>();
        for (Path file : routeFiles(folder)) {
            List<String> problems;
            try {
                problems = check.outsideAllowList(Files.readString(file));
            } catch (IOException e) {
                problems = List.of("cannot be read: " + e.getMessage());
            }
            if (!problems.isEmpty()) {
                refused.put(file, String.join("; ", problems));
            }
        }
        if (!refused.isEmpty()) {
            throw new RouteFilesRefusedException(folder, refused);
        }
    }

    private static List<Path> routeFiles(Path folder) {
        List<Path> files = new ArrayList<>();
        for (Path dir : List.of(folder, folder.resolve("error"))) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> list = Files.list(dir)) {
                list.filter(f -> f.getFileName().toString().endsWith(".camel.yaml")).sorted().forEach(files::add);
            } catch (IOException e) {
                throw new IllegalArgumentException("ordercast.routes.dir cannot be read: " + dir, e);
            }
        }
        return files;
    }
}
