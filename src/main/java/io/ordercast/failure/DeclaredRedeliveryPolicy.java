package io.ordercast.failure;

import org.apache.camel.CamelContext;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteConfigurationDefinition;
import org.apache.camel.model.errorhandler.DefaultErrorHandlerDefinition;
import org.apache.camel.processor.errorhandler.RedeliveryPolicy;
import org.apache.camel.reifier.errorhandler.ErrorHandlerReifier;

/**
 * The redeliveryPolicy that a route configuration's error handler declares in YAML, built by Camel's own
 * reifier (placeholders resolved, durations converted) into the RedeliveryPolicy Camel retries by.
 */
final class DeclaredRedeliveryPolicy {

    private DeclaredRedeliveryPolicy() {
    }

    static RedeliveryPolicy of(CamelContext context, String routeConfigurationId) {
        RouteConfigurationDefinition configuration = context.getCamelContextExtension().getContextPlugin(Model.class)
                .getRouteConfigurationDefinition(routeConfigurationId);
        if (configuration == null || configuration.getErrorHandler() == null
                || !(configuration.getErrorHandler().getErrorHandlerType() instanceof DefaultErrorHandlerDefinition handler)
                || !handler.hasRedeliveryPolicy()) {
            throw new IllegalStateException("route configuration " + routeConfigurationId
                    + " needs an errorHandler with a redeliveryPolicy: the channel routes retry by its numbers");
        }
        return ErrorHandlerReifier.createRedeliveryPolicy(handler.getRedeliveryPolicy(), context, null);
    }
}
