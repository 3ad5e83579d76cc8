package io.ordercast.observe;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import io.ordercast.support.LogCapture;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An error that quotes an event (a conversion error does) reaches the logs and the parking queue's header
 * masked: the route files name the error only through {@code maskedError}, and Camel's own retry line, which
 * prints the exception as it is, gives way to its masked one.
 */
class MaskedErrorTest {

    private static final String ADDRESS = "amy.o'neil@example.com";
    private static final String PHONE = "+86 138 0000 0000";

    /** The shapes error/ingest-errors.camel.yaml uses, around a step that fails quoting the event. */
    private static final String ROUTES = """
            - routeConfiguration:
                id: errors
                onException:
                  - onException:
                      exception:
                        - java.lang.IllegalStateException
                      redeliveryPolicy:
                        maximumRedeliveries: 2
                        redeliveryDelay: "0"
                        logRetryAttempted: false
                      onRedeliveryRef: maskedError
                      handled:
                        constant: "true"
                      steps:
                        - setHeader:
                            name: x-ordercast-error
                            simple: "processing failed after 3 attempts: ${bean:maskedError?method=of}"
                        - log:
                            loggingLevel: ERROR
                            message: "event parked: ${bean:maskedError?method=of}"
            - route:
                id: ingest-like
                routeConfigurationId: errors
                from:
                  uri: direct:in
                  steps:
                    - throwException:
                        exceptionType: java.lang.IllegalStateException
                        message: "cannot convert {\\"email\\":\\"%s\\",\\"phone\\":\\"%s\\"}"
            """.formatted(ADDRESS, PHONE);

    @Test
    void should_log_and_park_a_failure_quoting_an_event_with_its_addresses_masked() throws Exception {
        Exchange done;
        List<LogCapture.Line> lines;
        try (CamelContext camel = new DefaultCamelContext(); LogCapture logs = LogCapture.begin()) {
            camel.getRegistry().bind("maskedError", new MaskedError());
            PluginHelper.getRoutesLoader(camel).loadRoutes(ResourceHelper.fromString("errors.camel.yaml", ROUTES));
            camel.start();
            done = camel.createProducerTemplate().send("direct:in", e -> e.getMessage().setBody("{}"));
            lines = logs.lines();
        }

        assertThat(done.getMessage().getHeader("x-ordercast-error", String.class)).isEqualTo(
                "processing failed after 3 attempts: cannot convert {\"email\":\"a***@example.com\",\"phone\":\"***00\"}");
        assertThat(lines).anyMatch(l -> l.message().contains("attempt 2 of 3 failed, trying again: IllegalStateException:"))
                .anyMatch(l -> l.message().contains("event parked: cannot convert {\"email\":\"a***@example.com\""))
                .noneMatch(l -> l.text().contains("o'neil@") || l.text().contains("0000 0000"));
    }

    @Test
    void should_name_the_error_in_route_files_only_masked() {
        Path resources = Path.of("src/main/resources");
        List<Path> files = Stream.of("routes", "error").flatMap(dir -> list(resources.resolve(dir))).toList();

        assertThat(files).hasSizeGreaterThan(10);
        assertThat(files).filteredOn(f -> read(f).contains("${exception")).as("route files quoting ${exception...}").isEmpty();
        assertThat(files).filteredOn(f -> count(read(f), "redeliveryPolicy:") != count(read(f), "logRetryAttempted: false"))
                .as("route files whose retries Camel logs with the exception as it is").isEmpty();
    }

    private static int count(String text, String part) {
        return text.split(java.util.regex.Pattern.quote(part), -1).length - 1;
    }

    private static Stream<Path> list(Path dir) {
        try {
            return Files.list(dir).filter(f -> f.toString().endsWith(".yaml")).toList().stream();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
