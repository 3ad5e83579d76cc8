package io.ordercast;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import io.ordercast.routes.AllowedComponents;
import io.ordercast.routes.CheckedRouteFiles;
import io.ordercast.routes.CheckedRouteReload;
import io.ordercast.routes.RouteAllowList;
import io.ordercast.routes.RouteFileCheck;
import io.ordercast.routes.RouteFilesAtStart;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.spi.PropertiesComponent;

/**
 * Loads the YAML routes from {@code ordercast.routes.dir} when it is set, so an integrator can run
 * edited routes without a rebuild. The route configurations (error handling) come from the same folder
 * if it has an {@code error/} subfolder, else from the packaged ones. Every file there is held to the allow-list
 * before Camel reads it, and a file that fails stops the start ({@link RouteFilesAtStart}); Camel reads the
 * content that was checked ({@link CheckedRouteFiles}) and makes only the allowed components
 * ({@link AllowedComponents}). With {@code ordercast.routes.reload} a saved route file of that folder replaces its
 * routes live, unless it is not valid ({@link CheckedRouteReload}). Camel's own route reload
 * ({@code camel.main.routes-reload-enabled}) stops the start: it would load route files unchecked, and beside
 * ordercast's reload every refused save would be told twice.
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
        PropertiesComponent properties = main.getCamelContext().getPropertiesComponent();
        RouteAllowList allowList = RouteAllowList.withExtra(list(properties, RouteAllowList.COMPONENTS_KEY),
                list(properties, RouteAllowList.BEAN_TYPES_KEY));
        RouteFileCheck check = RouteFileCheck.of(main.getCamelContext(), allowList);
        Map<Path, String> checked = RouteFilesAtStart.check(folder, check);
        AllowedComponents.install(main.getCamelContext(), allowList);
        new CheckedRouteFiles(checked).install(main.getCamelContext());
        List<String> locations = new ArrayList<>(CheckedRouteFiles.locations(List.copyOf(checked.keySet())));
        if (!Files.isDirectory(folder.resolve("error"))) {
            locations.add(properties.resolveProperty("ordercast.routes.packaged-errors").orElseThrow());
        }
        // an override, because application.properties' own pattern is bound after this callback; on the
        // properties component itself: main's own override map reaches it only if it had entries before the
        // start, so with ordercast.routes.dir from the environment alone the packaged routes used to run
        properties.addOverrideProperty("camel.main.routes-include-pattern", String.join(",", locations));
        if (reload) {
            try {
                main.getCamelContext().addService(new CheckedRouteReload(folder, check, checked));
            } catch (Exception e) {
                throw new IllegalStateException("route reload could not be set up on " + folder, e);
            }
        }
    }

    @Override
    public void afterConfigure(BaseMainSupport main) {
        // read here, once camel.main.* is bound to the main configuration, whatever spelling or source set it
        if (main.configure().isRoutesReloadEnabled()) {
            throw new IllegalArgumentException("camel.main.routes-reload-enabled loads route files without ordercast's"
                    + " schema and allow-list checks: leave it off and use ordercast.routes.reload with"
                    + " ordercast.routes.dir");
        }
    }

    private static List<String> list(PropertiesComponent properties, String key) {
        return properties.resolveProperty(key).map(v -> Arrays.stream(v.split(",")).map(String::trim)
                .filter(e -> !e.isEmpty()).toList()).orElse(List.of());
    }
}
