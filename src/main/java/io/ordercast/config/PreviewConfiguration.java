package io.ordercast.config;

import java.time.Clock;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ordercast.channel.email.EmailComposer;
import io.ordercast.dispatch.NotificationDelivery;
import io.ordercast.plan.NotificationPlanner;
import io.ordercast.channel.NotificationTemplates;
import io.ordercast.channel.sms.SmsComposer;
import io.ordercast.channel.webhook.WebhookComposer;
import io.ordercast.plan.RouterPlans;
import io.ordercast.preview.OrderPreview;
import io.ordercast.preview.RenderedContent;
import io.ordercast.channel.push.PushComposer;
import io.ordercast.tracking.StateMachine;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;

/**
 * The dry run of routes/preview.camel.yaml: the beans the ingest and the channel routes use (state machine, planner,
 * delivery's decision, templates, composers), taken by type from the configurations before this one, no copies.
 */
public class PreviewConfiguration implements CamelConfiguration {

    @BindToRegistry("orderPreview")
    public OrderPreview orderPreview(CamelContext context, StateMachine stateMachine, NotificationPlanner planner,
                                     NotificationDelivery delivery, NotificationTemplates templates, EmailComposer email,
                                     SmsComposer sms, PushComposer push, WebhookComposer webhook) {
        return new OrderPreview(stateMachine, new RouterPlans(context, planner), planner, delivery,
                new RenderedContent(context, templates, email, sms, push, webhook, new ObjectMapper()), Clock.systemUTC());
    }
}
