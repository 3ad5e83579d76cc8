package io.ordercast.plan;

import io.ordercast.plan.NotificationPlanner.CollectedPlan;
import io.ordercast.observe.TraceContext;
import io.ordercast.tracking.FollowUp;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.support.DefaultExchange;

/**
 * Asks the router (routes/order-router.camel.yaml, {@code direct:order-router}) what one APPLIED event plans: the
 * route runs on this thread, in memory (its {@code plan:} steps collect lines on the exchange), inside the batch's
 * transaction, and the collected plan is handed back to be recorded with the batch's.
 */
public class RouterPlans {

    private final CamelContext context;
    private final NotificationPlanner planner;
    private volatile ProducerTemplate template;
    private volatile Endpoint router;

    public RouterPlans(CamelContext context, NotificationPlanner planner) {
        this.context = context;
        this.planner = planner;
    }

    /** @param trace the trace context the event's message carried (null: none): the router's steps go on in it */
    public CollectedPlan plan(FollowUp followUp, TraceContext trace) throws Exception {
        Exchange exchange = new DefaultExchange(context);
        exchange.getMessage().setBody(followUp);
        if (trace != null) {
            exchange.getMessage().setHeader("traceparent", trace.traceparent());
            if (trace.tracestate() != null) {
                exchange.getMessage().setHeader("tracestate", trace.tracestate());
            }
        }
        template().send(router(), exchange);
        if (exchange.getException() != null) {
            throw exchange.getException();
        }
        return planner.collected(exchange);
    }

    private ProducerTemplate template() {
        if (template == null) {
            template = context.createProducerTemplate();
        }
        return template;
    }

    // looked up when first used: the route files are loaded after the beans are made
    private Endpoint router() {
        if (router == null) {
            router = context.getEndpoint("direct:order-router");
        }
        return router;
    }
}
