package io.ordercast.plan;

import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.DefaultEndpoint;
import org.apache.camel.support.DefaultProducer;

/** A checked plan line; its producer adds the line to the plan of the event in the body. */
public class PlanEndpoint extends DefaultEndpoint {

    private String role;
    private String channel;
    private String priority;
    private String delay;
    private String digest;
    private PlanLine line;
    private NotificationPlanner planner;

    PlanEndpoint(String uri, PlanComponent component) {
        super(uri, component);
    }

    @Override
    public Producer createProducer() {
        return new DefaultProducer(this) {
            @Override
            public void process(org.apache.camel.Exchange exchange) throws Exception {
                planner.plan(exchange, line);
            }
        };
    }

    @Override
    public Consumer createConsumer(Processor processor) {
        throw new UnsupportedOperationException("plan: is a step of a route, not a source: " + getEndpointUri());
    }

    public String getRole() {
        return role;
    }

    /** buyer, seller or carrier. */
    public void setRole(String role) {
        this.role = role;
    }

    public String getChannel() {
        return channel;
    }

    /** email, sms, push or webhook. */
    public void setChannel(String channel) {
        this.channel = channel;
    }

    public String getPriority() {
        return priority;
    }

    /** HIGH, NORMAL or LOW. */
    public void setPriority(String priority) {
        this.priority = priority;
    }

    public String getDelay() {
        return delay;
    }

    /** ISO-8601, such as P3D: the notification is due that long after the event took effect. */
    public void setDelay(String delay) {
        this.delay = delay;
    }

    public String getDigest() {
        return digest;
    }

    /**
     * ISO-8601, such as PT1H: the recipient's notifications of this line within that window go as one message,
     * rendered by the template {@code <template>-digest}.
     */
    public void setDigest(String digest) {
        this.digest = digest;
    }

    /** The checked line: its digest window, for instance, as the planner will apply it. */
    public PlanLine getLine() {
        return line;
    }

    void setLine(PlanLine line) {
        this.line = line;
    }

    void setPlanner(NotificationPlanner planner) {
        this.planner = planner;
    }
}
