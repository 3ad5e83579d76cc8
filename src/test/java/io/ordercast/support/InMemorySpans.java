package io.ordercast.support;

import java.util.Collection;
import java.util.List;

import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.traces.ConfigurableSpanExporterProvider;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;

/**
 * A span exporter for the SDK's autoconfiguration, as an operator would name one with OTEL_TRACES_EXPORTER:
 * {@code otel.traces.exporter=ordercast-test-memory} makes the service's own SDK (io.ordercast.observe.Tracing)
 * keep its spans in memory, for the test to read. The service's stop closes its SDK; the spans stay.
 */
public final class InMemorySpans implements ConfigurableSpanExporterProvider {

    public static final String NAME = "ordercast-test-memory";
    private static final InMemorySpanExporter SPANS = InMemorySpanExporter.create();

    public static List<SpanData> finished() {
        return SPANS.getFinishedSpanItems();
    }

    public static void forget() {
        SPANS.reset();
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public SpanExporter createExporter(ConfigProperties config) {
        return new SpanExporter() {
            @Override
            public CompletableResultCode export(Collection<SpanData> spans) {
                return SPANS.export(spans);
            }

            @Override
            public CompletableResultCode flush() {
                return SPANS.flush();
            }

            @Override
            public CompletableResultCode shutdown() {
                // InMemorySpanExporter's own shutdown forgets what it has
                return CompletableResultCode.ofSuccess();
            }
        };
    }
}
