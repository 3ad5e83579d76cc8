package io.ordercast.observe;

import java.util.Map;

import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import org.apache.camel.CamelContext;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.support.service.ServiceSupport;

/**
 * With {@code camel.opentelemetry2.enabled = true}: the OpenTelemetry SDK, made from the standard {@code OTEL_*}
 * environment variables (or {@code -Dotel.*}) by the SDK's autoconfiguration, and bound in Camel's registry as the
 * {@link Tracer} and {@link ContextPropagators} that camel-opentelemetry2 looks up there before it falls back to
 * GlobalOpenTelemetry. Bound before Camel configures its tracer, closed (its last spans exported) when Camel stops.
 * Without the switch nothing is made, and {@link #propagators} answers null: no propagation work anywhere.
 * Defaults that differ from the SDK's: service name {@code ordercast}; traces only (no metrics or logs
 * exporter: metrics are /observe/metrics, logs are the console). Endpoint URIs in span attributes are cut before their
 * query ({@link SpanUris}). Not set as GlobalOpenTelemetry: a second
 * service in one JVM (the tests) gets an SDK of its own.
 */
public final class Tracing extends MainListenerSupport {

    public static final String ENABLED = "camel.opentelemetry2.enabled";
    /** The instrumentation scope of Camel's spans (camel-opentelemetry2's own default). */
    private static final String SCOPE = "camel";
    private static final Map<String, String> DEFAULTS = Map.of(
            "otel.service.name", "ordercast",
            "otel.metrics.exporter", "none",
            "otel.logs.exporter", "none");

    @Override
    public void beforeConfigure(BaseMainSupport main) {
        CamelContext context = main.getCamelContext();
        if (!enabled(context)) {
            return;
        }
        OpenTelemetrySdk sdk = AutoConfiguredOpenTelemetrySdk.builder()
                .addPropertiesSupplier(() -> DEFAULTS)
                // no provider URL's query (keys, tokens) or user info leaves in a span attribute
                .addSpanExporterCustomizer((exporter, config) -> new SpanUris(exporter))
                // Camel's stop closes it, after the routes (and their last spans) have finished
                .disableShutdownHook()
                .build()
                .getOpenTelemetrySdk();
        context.getRegistry().bind("openTelemetryTracer", Tracer.class, sdk.getTracer(SCOPE));
        context.getRegistry().bind("openTelemetryPropagators", ContextPropagators.class, sdk.getPropagators());
        try {
            context.addService(new ServiceSupport() {
                @Override
                protected void doStop() {
                    sdk.close();
                }
            }, true, false);
        } catch (Exception e) {
            sdk.close();
            throw new IllegalStateException("the OpenTelemetry SDK could not be tied to Camel's lifecycle", e);
        }
    }

    public static boolean enabled(CamelContext context) {
        return context.getPropertiesComponent().resolveProperty(ENABLED).map(String::trim)
                .map(Boolean::parseBoolean).orElse(false);
    }

    /** The propagators when tracing is on, else null. */
    public static ContextPropagators propagators(CamelContext context) {
        return enabled(context) ? context.getRegistry().findSingleByType(ContextPropagators.class) : null;
    }
}
