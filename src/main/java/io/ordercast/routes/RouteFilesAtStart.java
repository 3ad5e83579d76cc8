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

    /** Each route file of the folder and of its error/ subfolder, with the content that passed; or the refusal. */
    public static Map<Path, String> check(Path folder, RouteFileCheck check) {
        Map<Path, String> checked = new LinkedHashMap<>();
        Map<Path, String> refused = new LinkedHashMap<>();
        for (Path file : routeFiles(folder)) {
            try {
                String content = Files.readString(file);
                List<String> problems = check.outsideAllowList(content);
                if (problems.isEmpty()) {
                    checked.put(file, content);
                } else {
                    refused.put(file, String.join("; ", problems));
                }
            } catch (IOException e) {
                refused.put(file, "cannot be read: " + e.getMessage());
            }
        }
        if (!refused.isEmpty()) {
            throw new RouteFilesRefusedException(folder, refused);
        }
        return checked;
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
