package io.ordercast.routes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.apache.camel.support.RouteWatcherReloadStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Camel's live route reload ({@code ordercast.routes.reload}), file by file, with one promise added: a saved route
 * file that is not valid never touches the running routes. A file is refused when it fails the schema or the
 * allow-list ({@link RouteFileCheck}), or when Camel cannot build it ({@link RouteFileTrial}); either way before any
 * route is stopped, with one ERROR naming the file and the reason. A file is read once it has stopped changing
 * ({@link #QUIET}), so a save written in pieces is one version, not a refused half and then the whole. A refused
 * version is refused once (the same content saved again, or a second watch event of one save, says nothing), it
 * holds back no other file, and deleting the file forgets it. Only a file that passed replaces its own routes, from
 * the content that was checked. Camel's reload itself is not used: after a failed update it keeps the failed file
 * in every later update.
 */
public final class CheckedRouteReload extends RouteWatcherReloadStrategy {

    private static final Logger LOG = LoggerFactory.getLogger(CheckedRouteReload.class);
    /** How long a saved file must stay as it is before it is read as a version of its own. */
    private static final Duration QUIET = Duration.ofMillis(500);
    /** A file that keeps changing for longer than this is checked as it is then. */
    private static final Duration SETTLE_AT_MOST = Duration.ofSeconds(10);

    private final RouteFileCheck check;
    /** The content of each route file whose routes run: what a failed update goes back to. */
    private final Map<String, String> lastGood = new ConcurrentHashMap<>();
    /** The content of each route file that was refused, and not replaced or deleted since. */
    private final Map<String, String> refused = new ConcurrentHashMap<>();

    /** {@code running}: the route files the start loaded, with their content. */
    public CheckedRouteReload(Path folder, RouteFileCheck check, Map<Path, String> running) {
        super(folder.toString(), false);
        this.check = check;
        setPattern("*.camel.yaml");
        setRemoveAllRoutes(false);
        running.forEach((file, content) -> lastGood.put(key(file), content));
    }

    @Override
    protected void onRouteReload(Collection<Resource> resources, boolean removeEverything) {
        if (resources != null) {
            resources.forEach(this::reload);
        }
    }

    private void reload(Resource resource) {
        Path file = Path.of(resource.getURI());
        String key = key(file);
        String name = file.getFileName().toString();
        if (!Files.exists(file)) {
            if (refused.remove(key) != null) {
                LOG.info("route file {} deleted; it is no longer refused", name);
            } else if (lastGood.containsKey(key)) {
                LOG.warn("route file {} deleted; its routes run on until the next start", name);
            }
            return;
        }
        String content = settled(file);
        if (content == null) {
            return;
        }
        if (content.isBlank()) {
            // an editor's save can truncate the file before it writes it: the next event brings the content
            LOG.debug("route file {} is empty for now; waiting for its content", name);
            return;
        }
        if (content.equals(lastGood.get(key))) {
            if (refused.remove(key) != null) {
                LOG.info("route file {} is back to the version that runs", name);
            }
            return;
        }
        if (content.equals(refused.get(key))) {
            return;
        }
        List<String> problems = check.problems(content);
        if (!problems.isEmpty()) {
            refuse(key, name, content, String.join("; ", problems));
            return;
        }
        // the checked content, not the file again: it may have changed since it was read
        Resource checked = ResourceHelper.fromString(resource.getLocation(), content);
        try {
            RouteFileTrial.build(getCamelContext(), checked);
        } catch (Exception notBuilt) {
            refuse(key, name, content, RefusalReason.of(notBuilt));
            return;
        }
        update(key, name, content, checked, resource.getLocation());
    }

    private void update(String key, String name, String content, Resource checked, String location) {
        try {
            Set<String> ids = PluginHelper.getRoutesLoader(getCamelContext()).updateRoutes(List.of(checked));
            lastGood.put(key, content);
            refused.remove(key);
            LOG.info("route file {} reloaded: {}", name, ids.isEmpty() ? "no routes" : String.join(", ", ids));
        } catch (Exception notStarted) {
            refused.put(key, content);
            LOG.error("route file {} refused, its last good version is loaded again: {}", name,
                    RefusalReason.of(notStarted));
            restore(key, location);
        }
    }

    private void refuse(String key, String name, String content, String reason) {
        refused.put(key, content);
        LOG.error("route file {} refused, the running routes stay as they were: {}", name, reason);
    }

    private void restore(String key, String location) {
        String content = lastGood.get(key);
        if (content == null) {
            return;
        }
        try {
            PluginHelper.getRoutesLoader(getCamelContext())
                    .updateRoutes(List.of(ResourceHelper.fromString(location, content)));
        } catch (Exception e) {
            // the last good version loaded at start or at the last reload: failing now is not expected
            LOG.error("the last good version of {} could not be loaded again: {}", location, RefusalReason.of(e));
        }
    }

    /** The file's content once it has not changed for {@link #QUIET}; null when the reload is being stopped. */
    private static String settled(Path file) {
        String content = read(file);
        long giveUp = System.nanoTime() + SETTLE_AT_MOST.toNanos();
        while (System.nanoTime() < giveUp) {
            try {
                // the watcher's own thread: the save's later watch events wait meanwhile, and then find this content
                Thread.sleep(QUIET.toMillis());
            } catch (InterruptedException stopping) {
                Thread.currentThread().interrupt();
                return null;
            }
            String now = read(file);
            if (now.equals(content)) {
                return content;
            }
            content = now;
        }
        return content;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }

    private static String key(Path file) {
        return file.toAbsolutePath().normalize().toString();
    }
}
