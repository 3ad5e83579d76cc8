package io.ordercast.observe;

import java.util.Collection;
import java.util.regex.Pattern;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.DelegatingSpanData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;

/**
 * Camel's span attributes name the endpoint with its whole URI: {@code url.query}, {@code camel.uri},
 * {@code http.url}, {@code server.address}. Operators put keys and credentials in provider URLs
 * ({@code ?access_token=}, {@code user:password@}), and a tracing backend is read by more people than the
 * service's configuration. Before export, every string attribute loses its query and user info, and
 * {@code url.query} is dropped.
 */
final class SpanUris implements SpanExporter {

    private static final AttributeKey<String> QUERY = AttributeKey.stringKey("url.query");
    private static final Pattern USER_INFO = Pattern.compile("(//)[^/@?#]*@");

    private final SpanExporter exporter;

    SpanUris(SpanExporter exporter) {
        this.exporter = exporter;
    }

    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
        return exporter.export(spans.stream().<SpanData>map(Cleaned::new).toList());
    }

    @Override
    public CompletableResultCode flush() {
        return exporter.flush();
    }

    @Override
    public CompletableResultCode shutdown() {
        return exporter.shutdown();
    }

    static String clean(String value) {
        int query = value.indexOf('?');
        String cut = query < 0 ? value : value.substring(0, query);
        return cut.indexOf('@') < 0 ? cut : USER_INFO.matcher(cut).replaceAll("$1");
    }

    private static final class Cleaned extends DelegatingSpanData {

        private final Attributes attributes;

        private Cleaned(SpanData span) {
            super(span);
            AttributesBuilder cleaned = Attributes.builder();
            span.getAttributes().forEach((key, value) -> {
                if (QUERY.equals(key)) {
                    return;
                }
                if (value instanceof String text) {
                    cleaned.put(AttributeKey.stringKey(key.getKey()), clean(text));
                } else {
                    @SuppressWarnings("unchecked")
                    AttributeKey<Object> same = (AttributeKey<Object>) key;
                    cleaned.put(same, value);
                }
            });
            this.attributes = cleaned.build();
        }

        @Override
        public Attributes getAttributes() {
            return attributes;
        }

        @Override
        public int getTotalAttributeCount() {
            return attributes.size();
        }
    }
}
