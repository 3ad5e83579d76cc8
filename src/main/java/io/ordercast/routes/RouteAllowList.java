package io.ordercast.routes;

import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a route file from {@code ordercast.routes.dir} may use: the Camel components and the classes Camel may
 * instantiate for it. By default exactly what ordercast's own routes, route configurations and Kamelets use
 * (RouteAllowListTest keeps the two in step); the operator adds more with {@code ordercast.routes.allowed-components}
 * and {@code ordercast.routes.allowed-bean-types}.
 */
public record RouteAllowList(Set<String> components, Set<String> beanTypes) {

    public static final String COMPONENTS_KEY = "ordercast.routes.allowed-components";
    public static final String BEAN_TYPES_KEY = "ordercast.routes.allowed-bean-types";

    /** https and the http/smtp providers are reached through URLs that come from the configuration. */
    static final Set<String> ORDERCAST_COMPONENTS = Set.of("bean", "direct", "freemarker", "http", "https",
            "json-validator", "kamelet", "log", "outbox", "plan", "platform-http", "rabbitmq-batch", "rest", "smtp",
            "spring-rabbitmq", "timer");

    static final Set<String> ORDERCAST_BEAN_TYPES = Set.of();

    public RouteAllowList {
        components = Set.copyOf(components);
        beanTypes = Set.copyOf(beanTypes);
    }

    /** ordercast's own list plus the operator's. */
    public static RouteAllowList withExtra(Collection<String> components, Collection<String> beanTypes) {
        Set<String> allComponents = new TreeSet<>(ORDERCAST_COMPONENTS);
        allComponents.addAll(components);
        Set<String> allTypes = new TreeSet<>(ORDERCAST_BEAN_TYPES);
        allTypes.addAll(beanTypes);
        return new RouteAllowList(allComponents, allTypes);
    }

    public boolean allowsComponent(String scheme) {
        return components.contains(scheme);
    }

    public boolean allowsType(String className) {
        return beanTypes.contains(className);
    }
}
