package io.ordercast.dispatch;

import io.ordercast.config.Settings;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.DefaultEndpoint;

/** One channel's due notifications; see {@link OutboxComponent}. */
public class OutboxEndpoint extends DefaultEndpoint {

    private final String channel;
    private Integer concurrency;
    private Integer batchSize;
    private Long pollInterval;

    OutboxEndpoint(String uri, OutboxComponent component, String channel) {
        super(uri, component);
        this.channel = channel;
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        if (channel == null || channel.isBlank()) {
            throw new IllegalArgumentException("outbox: needs a channel name: " + getEndpointUri());
        }
        Settings settings = Settings.of(getCamelContext());
        int threads = concurrency != null ? concurrency : channelSetting(settings, "concurrency");
        int batch = batchSize != null ? batchSize : channelSetting(settings, "batch-size");
        long poll = pollInterval != null ? pollInterval : settings.duration("ordercast.notify.poll-interval").toMillis();
        if (threads < 1 || batch < 1 || poll < 1) {
            throw new IllegalArgumentException("outbox:" + channel + ": concurrency, batch size and poll interval must be"
                    + " positive (" + threads + ", " + batch + ", " + poll + " ms)");
        }
        NotificationDelivery delivery = bean("notificationDelivery", NotificationDelivery.class);
        Dispatchers dispatchers = bean("dispatchers", Dispatchers.class);
        OutboxConsumer consumer = new OutboxConsumer(this, processor, delivery, dispatchers, threads, batch, poll);
        configureConsumer(consumer);
        return consumer;
    }

    /** ordercast.notify.&lt;channel&gt;.&lt;key&gt;, else ordercast.notify.&lt;key&gt;. */
    private int channelSetting(Settings settings, String key) {
        return settings.integerIfSet("ordercast.notify." + channel + "." + key)
                .orElseGet(() -> settings.integer("ordercast.notify." + key));
    }

    private <T> T bean(String name, Class<T> type) {
        T bean = getCamelContext().getRegistry().lookupByNameAndType(name, type);
        if (bean == null) {
            throw new IllegalStateException("outbox: needs the bean " + name + " (" + type.getSimpleName() + ")");
        }
        return bean;
    }

    @Override
    public Producer createProducer() {
        throw new UnsupportedOperationException("outbox: is a source of due notifications, not a destination: "
                + getEndpointUri());
    }

    public String getChannel() {
        return channel;
    }

    public Integer getConcurrency() {
        return concurrency;
    }

    /** Dispatchers of the channel in this instance, each sending one notification at a time. */
    public void setConcurrency(Integer concurrency) {
        this.concurrency = concurrency;
    }

    public Integer getBatchSize() {
        return batchSize;
    }

    /** The most notifications one dispatcher claims at once. */
    public void setBatchSize(Integer batchSize) {
        this.batchSize = batchSize;
    }

    public Long getPollInterval() {
        return pollInterval;
    }

    /** Milliseconds an idle dispatcher waits before looking for due notifications it was not woken for. */
    public void setPollInterval(Long pollInterval) {
        this.pollInterval = pollInterval;
    }
}
