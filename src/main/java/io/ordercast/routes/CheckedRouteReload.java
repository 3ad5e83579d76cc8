package io.ordercast.routes;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.apache.camel.support.RouteWatcherReloadStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Camel's live route reload ({@code ordercast.routes.reload}) with one promise added: a saved route file that
 * is not valid never takes the running routes down. A file that does not pass the YAML DSL schema is refused
 * before Camel sees it; one that passes but cannot be built (an unknown bean, a plan line naming an unknown
 * channel) is refused after Camel tried, and the file's last good version is loaded again. Either way the
 * reason is logged once, as an ERROR naming the file. Only the saved file's routes are replaced.
 */
public final class CheckedRouteReload extends RouteWatcherReloadStrategy {

    private static final Logger LOG = LoggerFactory.getLogger(CheckedRouteReload.class);

    /** The last version of each route file that was loaded: what a refused save goes back to. */
    private final Map<String, String> lastGood = new ConcurrentHashMap<>();

    public CheckedRouteReload(Path folder) {
        super(folder.toString(), false);
        setPattern("*.camel.yaml");
        setRemoveAllRoutes(false);
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".camel.yaml")).toList()) {
                lastGood.put(file.toAbsolutePath().normalize().toString(), Files.readString(file));
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("ordercast.routes.dir cannot be read: " + folder, e);
        }
    }

    @Override
    protected void onRouteReload(Collection<Resource> resources, boolean removeEverything) {
        if (resources == null || resources.isEmpty()) {
            super.onRouteReload(resources, removeEverything);
            return;
        }
        Map<Resource, String> saved = new java.util.LinkedHashMap<>();
        for (Resource resource : resources) {
            String content = read(resource);
            if (content.isBlank()) {
                // an editor's save can truncate the file before it writes it: the next event brings the content
                LOG.debug("route file {} is empty for now; waiting for its content", name(resource));
                return;
            }
            List<String> problems = RouteFileSchema.problems(content);
            if (!problems.isEmpty()) {
                LOG.error("route file {} refused, the running routes stay as they were: {}", name(resource),
                        String.join("; ", problems));
                return;
            }
            saved.put(resource, content);
        }
        try {
            super.onRouteReload(resources, false);
            saved.forEach((resource, content) -> lastGood.put(key(resource), content));
        } catch (RuntimeException notBuilt) {
            LOG.error("route file {} refused, its last good version is loaded again: {}",
                    String.join(", ", saved.keySet().stream().map(CheckedRouteReload::name).toList()), reason(notBuilt));
            restore(saved.keySet());
        }
    }

    private void restore(Collection<Resource> refused) {
        List<Resource> previous = new ArrayList<>();
        for (Resource resource : refused) {
            String content = lastGood.get(key(resource));
            if (content != null) {
                previous.add(ResourceHelper.fromString(resource.getLocation(), content));
            }
        }
        try {
            PluginHelper.getRoutesLoader(getCamelContext()).updateRoutes(previous);
        } catch (Exception e) {
            // the last good version loaded at start or at the last reload: failing now is not expected
            LOG.error("the last good version of {} could not be loaded again: {}", previous, reason(e));
        }
    }

    private static String read(Resource resource) {
        try (InputStream in = resource.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static String key(Resource resource) {
        return Path.of(resource.getURI()).toAbsolutePath().normalize().toString();
    }

    private static String name(Resource resource) {
        String location = resource.getLocation();
        return location.substring(location.lastIndexOf('/') + 1);
    }

    /** Camel's words without the dump of the whole route it appends after " at: ", then the root cause. */
    private static String reason(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = String.valueOf(failure.getMessage());
        int dump = message.indexOf(" at: ");
        message = dump < 0 ? message : message.substring(0, dump);
        return root == failure ? message : message + ": " + root.getMessage();
    }
}
