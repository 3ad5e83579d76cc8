package io.ordercast.routes;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.camel.CamelContext;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.RouteTemplateDefinition;
import org.apache.camel.model.RouteTemplateParameterDefinition;
import org.apache.camel.model.RoutesDefinition;
import org.apache.camel.model.TemplatedRouteDefinition;
import org.apache.camel.model.TemplatedRouteParameterDefinition;
import org.apache.camel.model.rest.RestDefinition;
import org.apache.camel.reifier.RouteReifier;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.spi.Resource;
import org.apache.camel.spi.RoutePolicy;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.service.ServiceHelper;
import org.apache.camel.util.OrderedLocationProperties;

/**
 * Builds a saved route file's routes as Camel builds them (endpoints, beans, plan lines, route configurations,
 * templates with their parameters) without adding them to the context or starting them, so that a file Camel
 * cannot build is refused before the routes that run are touched: Camel's own update stops a route first and
 * builds its new version after. Throws what Camel would throw.
 */
final class RouteFileTrial {

    private RouteFileTrial() {
    }

    static void build(CamelContext context, Resource file) throws Exception {
        for (RoutesBuilder builder : PluginHelper.getRoutesLoader(context).findRoutesBuilders(file)) {
            if (builder instanceof RouteBuilder routes) {
                build(context, routes);
            }
        }
    }

    private static void build(CamelContext context, RouteBuilder routes) throws Exception {
        RoutesDefinition collection = routes.configureRoutes(context);
        List<RouteDefinition> trial = new ArrayList<>(collection.getRoutes());
        for (RestDefinition rest : routes.getRestCollection().getRests()) {
            trial.addAll(rest.asRouteDefinition(context));
        }
        Map<String, RouteTemplateDefinition> templates = new HashMap<>();
        routes.getRouteTemplateCollection().getRouteTemplates().forEach(t -> templates.put(t.getId(), t));
        for (TemplatedRouteDefinition templated : routes.getTemplatedRouteCollection().getTemplatedRoutes()) {
            trial.add(fromTemplate(context, templates, templated));
        }
        for (RouteDefinition route : trial) {
            create(context, collection, route);
        }
    }

    private static RouteDefinition fromTemplate(CamelContext context, Map<String, RouteTemplateDefinition> ofFile,
            TemplatedRouteDefinition templated) {
        String ref = templated.getRouteTemplateRef();
        RouteTemplateDefinition template = ofFile.containsKey(ref) ? ofFile.get(ref)
                : context.getCamelContextExtension().getContextPlugin(Model.class).getRouteTemplateDefinition(ref);
        if (template == null) {
            throw new IllegalArgumentException("templated route " + templated.getRouteId()
                    + ": no route template " + ref);
        }
        Map<String, Object> parameters = new HashMap<>();
        List<String> missing = new ArrayList<>();
        for (TemplatedRouteParameterDefinition parameter : templated.getParameters()) {
            parameters.put(parameter.getName(), parameter.getValue());
        }
        for (RouteTemplateParameterDefinition parameter : template.getTemplateParameters()) {
            if (!parameters.containsKey(parameter.getName())) {
                if (parameter.getDefaultValue() != null) {
                    parameters.put(parameter.getName(), parameter.getDefaultValue());
                } else if (parameter.isRequired()) {
                    missing.add(parameter.getName());
                }
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("templated route " + templated.getRouteId() + " of route template "
                    + ref + ": the parameters " + missing + " are required");
        }
        RouteDefinition route = template.asRouteDefinition();
        route.setId(templated.getRouteId());
        route.setTemplateParameters(parameters);
        return route;
    }

    private static void create(CamelContext context, RoutesDefinition collection, RouteDefinition route) {
        PropertiesComponent properties = context.getPropertiesComponent();
        Set<RoutePolicy> policiesBefore = new HashSet<>(context.hasServices(RoutePolicy.class));
        boolean template = route.getTemplateParameters() != null;
        try {
            collection.prepareRoute(route);
            if (template) {
                // as Camel does for a route made from a template: its parameters are {{placeholders}} while it is built
                OrderedLocationProperties local = new OrderedLocationProperties();
                local.putAll("template", route.getTemplateParameters());
                properties.setLocalProperties(local);
            }
            new RouteReifier(context, route).createRoute();
        } finally {
            if (template) {
                properties.setLocalProperties(null);
            }
            // the route policy factories (metrics) add a policy per route made, as a service of the context
            for (RoutePolicy policy : context.hasServices(RoutePolicy.class)) {
                if (!policiesBefore.contains(policy)) {
                    ServiceHelper.stopAndShutdownService(policy);
                    try {
                        context.removeService(policy);
                    } catch (Exception e) {
                        // stopped already: nothing of it runs
                    }
                }
            }
        }
    }
}
