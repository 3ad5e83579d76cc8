package io.ordercast;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.ordercast.amqp.OrdercastTopology;
import io.ordercast.amqp.QueueType;
import org.apache.camel.CamelContext;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.RouteDefinition;

/**
 * Declares the queue of every channel consumer route the YAML defines, also of channels left out of
 * ordercast.outbox.channels: a consumer of a queue that does not exist logs an ERROR with a stack
 * trace every few seconds (and on some brokers takes its connection down). The outbox still
 * publishes only to the listed channels; these queues just stay empty.
 */
final class ChannelConsumerQueues extends MainListenerSupport {

    /** {@code queues={{notify-queues:<channel>}}}, as the notify-channel template has it, or the classic queue's name. */
    private static final Pattern CHANNEL_QUEUE = Pattern.compile("[?&]queues=(\\{\\{notify-queues:|"
            + Pattern.quote(OrdercastTopology.NOTIFY_QUEUE_PREFIX) + ")([A-Za-z0-9_-]+)(?:}})?(&|$)");

    @Override
    public void afterConfigure(BaseMainSupport main) {
        CamelContext context = main.getCamelContext();
        OrdercastTopology topology = context.getRegistry().lookupByNameAndType("ordercastTopology", OrdercastTopology.class);
        if (topology == null) {
            return;
        }
        Set<String> channels = new LinkedHashSet<>();
        for (RouteDefinition route : ((ModelCamelContext) context).getRouteDefinitions()) {
            String uri = route.getInput().getEndpointUri();
            // a templated route's {{channel}} is a parameter of the template, not a property
            if (route.getTemplateParameters() != null) {
                for (var parameter : route.getTemplateParameters().entrySet()) {
                    uri = uri.replace("{{" + parameter.getKey() + "}}", String.valueOf(parameter.getValue()));
                }
            }
            Matcher queue = CHANNEL_QUEUE.matcher(uri);
            if (uri.startsWith("spring-rabbitmq:") && queue.find()) {
                boolean named = !queue.group(1).startsWith("{{");
                if (named && topology.notifyQueues().type() == QueueType.QUORUM) {
                    // a route file from before quorum queues: it would wait on a queue the outbox no longer fills
                    throw new IllegalStateException("route " + route.getRouteId() + " consumes "
                            + OrdercastTopology.NOTIFY_QUEUE_PREFIX + queue.group(2) + ", which ordercast.rabbitmq.queue-type="
                            + "quorum replaces with a queue per priority: consume queues: \"{{notify-queues:" + queue.group(2)
                            + "}}\" (as the notify-channel template does)");
                }
                channels.add(queue.group(2));
            }
        }
        topology.addChannelQueues(channels);
    }
}
