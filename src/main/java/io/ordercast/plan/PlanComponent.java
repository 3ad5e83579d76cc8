package io.ordercast.plan;

import java.io.IOException;
import java.util.Map;

import io.ordercast.channel.ChannelAvailability;
import io.ordercast.channel.NotificationTemplates;
import org.apache.camel.Endpoint;
import org.apache.camel.support.DefaultComponent;

/**
 * {@code plan:<template>?role=buyer&channel=email&priority=HIGH[&delay=P3D|&digest=PT1H]}: one line of the
 * notification plan, as a step of the router. Camel creates the endpoint when the route is created, so an
 * unknown role, channel or priority, a template with no file for its channel, or a misspelt option
 * stops the start, naming the route step.
 */
public class PlanComponent extends DefaultComponent {

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        PlanEndpoint endpoint = new PlanEndpoint(uri, this);
        setProperties(endpoint, parameters);
        if (!parameters.isEmpty()) {
            throw refused(uri, "unknown option " + parameters.keySet() + " (options: role, channel, priority, delay, digest)");
        }
        NotificationPlanner planner = bean("notificationPlanner", NotificationPlanner.class);
        PlanLine line;
        try {
            line = planner.checked(PlanLine.of(endpoint.getRole(), endpoint.getChannel(), remaining,
                    endpoint.getPriority(), endpoint.getDelay(), endpoint.getDigest()));
        } catch (IllegalArgumentException e) {
            throw refused(uri, e.getMessage());
        }
        requireTemplate(uri, line, line.template());
        if (line.digest() != null) {
            requireOneAddress(uri, line);
            requireTemplate(uri, line, line.digestTemplate());
        }
        endpoint.setLine(line);
        endpoint.setPlanner(planner);
        return endpoint;
    }

    // a digest is one message to one address: a channel that fans out to a recipient's devices has several
    private void requireOneAddress(String uri, PlanLine line) {
        ChannelAvailability channels = bean("channelAvailability", ChannelAvailability.class);
        if (channels.descriptor(line.channel()).map(d -> d.reachesDevices()).orElse(false)) {
            throw refused(uri, "digest= is for channels with one address per recipient, not " + line.channel());
        }
    }

    private void requireTemplate(String uri, PlanLine line, String template) {
        ChannelAvailability channels = bean("channelAvailability", ChannelAvailability.class);
        if (channels.descriptor(line.channel()).map(d -> !d.rendersTemplate()).orElse(true)) {
            return; // a channel without a delivery route is SUPPRESSED: its templates are not needed yet
        }
        try {
            bean("notificationTemplates", NotificationTemplates.class).locate(template, line.channel(), null);
        } catch (IOException e) {
            throw refused(uri, e.getMessage());
        }
    }

    // no cause chained: the start-up log prints the deepest cause, and this message is the whole story
    private IllegalArgumentException refused(String uri, String reason) {
        return new IllegalArgumentException("plan line " + PlanLineLocations.of(getCamelContext(), uri) + ": " + reason);
    }

    private <T> T bean(String name, Class<T> type) {
        T bean = getCamelContext().getRegistry().lookupByNameAndType(name, type);
        if (bean == null) {
            throw new IllegalStateException("plan: needs the bean " + name + " (" + type.getSimpleName() + ")");
        }
        return bean;
    }
}
