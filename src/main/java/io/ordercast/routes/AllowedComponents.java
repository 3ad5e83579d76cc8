package io.ordercast.routes;

import org.apache.camel.CamelContext;
import org.apache.camel.Component;
import org.apache.camel.spi.ComponentResolver;
import org.apache.camel.support.PluginHelper;

/**
 * With routes from {@code ordercast.routes.dir}, Camel makes only the allowed components: a URI a route computes
 * while it runs ({@code toD}, a recipient list, a header) is held to the same list as the URIs written in the
 * files. Camel asks its component resolver once per component name, for every endpoint it has not made yet.
 */
public final class AllowedComponents implements ComponentResolver {

    private final ComponentResolver camel;
    private final RouteAllowList allowList;

    private AllowedComponents(ComponentResolver camel, RouteAllowList allowList) {
        this.camel = camel;
        this.allowList = allowList;
    }

    public static void install(CamelContext context, RouteAllowList allowList) {
        ComponentResolver camel = PluginHelper.getComponentResolver(context);
        context.getCamelContextExtension().addContextPlugin(ComponentResolver.class,
                new AllowedComponents(camel, allowList));
    }

    @Override
    public Component resolveComponent(String name, CamelContext context) throws Exception {
        if (!allowList.allowsComponent(name)) {
            if (camel.resolveComponent(name, context) == null) {
                return null; // no such component: Camel also asks for the text before the colon of a toD expression
            }
            throw new IllegalArgumentException("component '" + name + "' is not allowed for routes from"
                    + " ordercast.routes.dir; " + RouteAllowList.COMPONENTS_KEY + " adds components");
        }
        return "bean".equals(name) ? new RegistryBeanComponent(allowList) : camel.resolveComponent(name, context);
    }
}
