package io.ordercast;

import java.nio.file.Files;
import java.nio.file.Path;

import io.ordercast.routes.CheckedRouteReload;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListenerSupport;

/**
 * Loads the YAML routes from {@code ordercast.routes.dir} when it is set, so an integrator can run
 * edited routes without a rebuild. The route configurations (error handling) come from the same folder
 * if it has an {@code error/} subfolder, else from the packaged ones. With {@code ordercast.routes.reload}
 * a saved route file of that folder replaces its routes live, unless it is not valid ({@link CheckedRouteReload}).
 */
final class RoutesLocation extends MainListenerSupport {

    @Override
    public void beforeConfigure(BaseMainSupport main) {
        String dir = main.getCamelContext().getPropertiesComponent().resolveProperty("ordercast.routes.dir")
                .map(String::trim).filter(s -> !s.isEmpty()).orElse(null);
        boolean reload = main.getCamelContext().getPropertiesComponent().resolveProperty("ordercast.routes.reload")
                .map(String::trim).map(Boolean::parseBoolean).orElse(false);
        if (dir == null) {
            if (reload) {
                throw new IllegalArgumentException("ordercast.routes.reload needs ordercast.routes.dir: the packaged"
                        + " routes are inside the jar and cannot be edited");
            }
            return;
        }
        Path folder = Path.of(dir).toAbsolutePath();
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException("ordercast.routes.dir is not a folder: " + folder);
        }
        String errors = Files.isDirectory(folder.resolve("error"))
                ? "file:" + folder.resolve("error") + "/*.camel.yaml"
                : main.getCamelContext().getPropertiesComponent().resolveProperty("ordercast.routes.packaged-errors")
                        .orElseThrow();
        // an override, because application.properties' own pattern is bound after this callback; on the
        // properties component itself: main's own override map reaches it only if it had entries before the
        // start, so with ordercast.routes.dir from the environment alone the packaged routes used to run
        main.getCamelContext().getPropertiesComponent().addOverrideProperty("camel.main.routes-include-pattern",
                "file:" + folder + "/*.camel.yaml," + errors);
        if (reload) {
            try {
                main.getCamelContext().addService(new CheckedRouteReload(folder));
            } catch (Exception e) {
                throw new IllegalStateException("route reload could not be set up on " + folder, e);
            }
        }
    }
}
