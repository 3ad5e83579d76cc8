package io.ordercast.dispatch;

import java.util.Map;

import org.apache.camel.Endpoint;
import org.apache.camel.support.DefaultComponent;

/**
 * {@code outbox:<channel>}: the due notifications of one channel, claimed from the notifications table in batches
 * and handed to the route one exchange each, body a {@link io.ordercast.dispatch.NotificationDelivery.Claim}. Options
 * (each defaults to the channel's ordercast.notify.&lt;channel&gt;.* key, then ordercast.notify.*): concurrency,
 * batchSize, pollInterval (milliseconds).
 */
public class OutboxComponent extends DefaultComponent {

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        OutboxEndpoint endpoint = new OutboxEndpoint(uri, this, remaining);
        setProperties(endpoint, parameters);
        return endpoint;
    }
}
