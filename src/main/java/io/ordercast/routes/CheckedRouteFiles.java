package io.ordercast.routes;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.Resource;
import org.apache.camel.spi.ResourceResolver;
import org.apache.camel.support.ResourceHelper;
import org.apache.camel.support.service.ServiceSupport;

/**
 * The route files of the routes folder as the start checked them, for Camel to read: Camel reads exactly the
 * content that passed the allow-list, not the file again (a writer of the folder could swap it in between). Each
 * one keeps its file's location, so Camel's messages and a plan line's file and line name the real file.
 */
public final class CheckedRouteFiles extends ServiceSupport implements ResourceResolver {

    private static final String SCHEME = "ordercast-checked";

    private final Map<Path, String> contents;
    private CamelContext context;

    public CheckedRouteFiles(Map<Path, String> contents) {
        this.contents = Map.copyOf(contents);
    }

    /** Makes the files readable for Camel under their {@link #locations}. */
    public void install(CamelContext context) {
        // DefaultResourceLoader finds the resolver of a scheme in the registry under this name
        context.getRegistry().bind("resource-loader-" + SCHEME, ResourceResolver.class, this);
    }

    /** The locations to give camel.main.routes-include-pattern, one for each of {@code files}. */
    public static List<String> locations(List<Path> files) {
        return files.stream().map(file -> SCHEME + ":" + file).toList();
    }

    @Override
    public String getSupportedScheme() {
        return SCHEME;
    }

    @Override
    public Resource resolve(String location) {
        Path file = Path.of(location.substring(SCHEME.length() + 1));
        String content = contents.get(file);
        if (content == null) {
            throw new IllegalArgumentException("not a route file the start checked: " + file);
        }
        return ResourceHelper.fromString("file:" + file, content);
    }

    @Override
    public CamelContext getCamelContext() {
        return context;
    }

    @Override
    public void setCamelContext(CamelContext context) {
        this.context = context;
    }
}
