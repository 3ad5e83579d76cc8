package io.ordercast.plan;

import java.util.ArrayList;
import java.util.List;

import org.apache.camel.CamelContext;
import org.apache.camel.model.Model;
import org.apache.camel.model.ProcessorDefinitionHelper;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.ToDefinition;
import org.apache.camel.support.EndpointHelper;

/** Where a plan line is written: the route files' {@code to} steps whose URI is the endpoint's. */
final class PlanLineLocations {

    private PlanLineLocations() {
    }

    /** "file:line (uri)" for each step that names the endpoint, or the URI alone when none is known. */
    static String of(CamelContext context, String endpointUri) {
        String wanted = EndpointHelper.normalizeEndpointUri(endpointUri);
        List<String> places = new ArrayList<>();
        Model model = context.getCamelContextExtension().getContextPlugin(Model.class);
        for (RouteDefinition route : model.getRouteDefinitions()) {
            for (ToDefinition to : ProcessorDefinitionHelper.filterTypeInOutputs(route.getOutputs(), ToDefinition.class)) {
                if (to.getLocation() != null && wanted.equals(normalized(context, to.getUri()))) {
                    places.add(to.getLocation() + ":" + to.getLineNumber());
                }
            }
        }
        String uri = endpointUri.replace("plan://", "plan:");
        return places.isEmpty() ? uri : String.join(", ", places) + " (" + uri + ")";
    }

    private static String normalized(CamelContext context, String uri) {
        try {
            return EndpointHelper.normalizeEndpointUri(context.resolvePropertyPlaceholders(uri));
        } catch (RuntimeException e) {
            return uri;
        }
    }
}
