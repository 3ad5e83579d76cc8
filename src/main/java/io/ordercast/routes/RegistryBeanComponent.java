package io.ordercast.routes;

import java.util.Map;

import org.apache.camel.Endpoint;
import org.apache.camel.component.bean.BeanComponent;

/**
 * Camel's bean component, taking {@code bean:<name>} for a registry bean only: for a name it does not find in the
 * registry, Camel's own would load a class of that name and instantiate it, also for a URI computed at run time.
 */
final class RegistryBeanComponent extends BeanComponent {

    private final RouteAllowList allowList;

    RegistryBeanComponent(RouteAllowList allowList) {
        this.allowList = allowList;
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        if (getCamelContext().getRegistry().lookupByName(remaining) == null && !allowList.allowsType(remaining)) {
            throw new IllegalArgumentException("bean:" + remaining + " is not a bean in the registry, and as a class"
                    + " it is not allowed; " + RouteAllowList.BEAN_TYPES_KEY + " adds bean types");
        }
        return super.createEndpoint(uri, remaining, parameters);
    }
}
