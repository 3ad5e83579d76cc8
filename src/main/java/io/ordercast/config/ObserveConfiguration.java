package io.ordercast.config;

import io.ordercast.observe.LogContext;
import io.ordercast.observe.MaskedError;
import io.ordercast.observe.Tracing;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;

/**
 * What logs and traces are about: the trace ids as exchange properties, which camel-mdc puts in the MDC with the
 * other ids ({@link LogContext}); the errors route files log, masked ({@link MaskedError}). (The OpenTelemetry SDK
 * itself is bound earlier, by {@link Tracing}.)
 */
public class ObserveConfiguration implements CamelConfiguration {

    @BindToRegistry("logContext")
    public LogContext logContext(CamelContext context) {
        return new LogContext(Tracing.enabled(context));
    }

    @BindToRegistry("maskedError")
    public MaskedError maskedError() {
        return new MaskedError();
    }
}
