package io.ordercast;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The packaged routes are named one by one in application.properties (a classpath wildcard costs
 * seconds of start-up); a route file added without its line there would silently not run.
 */
class PackagedRoutesTest {

    @Test
    void every_packaged_route_file_is_loaded() throws IOException {
        Properties properties = applicationProperties();

        assertThat(listed(properties, "ordercast.routes.packaged")).containsExactlyInAnyOrderElementsOf(
                routeFiles("routes"));
        assertThat(listed(properties, "ordercast.routes.packaged-errors")).containsExactlyInAnyOrderElementsOf(
                routeFiles("error"));
        assertThat(properties.getProperty("camel.main.routes-include-pattern"))
                .isEqualTo("{{ordercast.routes.packaged}},{{ordercast.routes.packaged-errors}}");
    }

    private static Properties applicationProperties() throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(Path.of("src/main/resources/application.properties"))) {
            properties.load(reader);
        }
        return properties;
    }

    private static List<String> listed(Properties properties, String key) {
        return Arrays.stream(properties.getProperty(key).split(",")).map(String::trim).toList();
    }

    private static List<String> routeFiles(String folder) throws IOException {
        try (Stream<Path> files = Files.list(Path.of("src/main/resources", folder))) {
            return files.map(file -> "classpath:" + folder + "/" + file.getFileName())
                    .filter(name -> name.endsWith(".camel.yaml")).toList();
        }
    }
}
