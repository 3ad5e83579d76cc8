package io.ordercast.observe;

import java.util.Map;

import io.ordercast.support.LogCapture;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.impl.Log4jLogEvent;
import org.apache.logging.log4j.message.SimpleMessage;
import org.apache.logging.log4j.util.SortedArrayStringMap;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The packaged log format, as an operator's log shipper reads it: one event, one line. */
class LogFormatTest {

    @Test
    void should_write_a_message_with_cr_lf_from_outside_on_one_line() {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        LogEvent event = Log4jLogEvent.newBuilder().setLoggerName("io.ordercast.api").setLevel(Level.ERROR)
                .setMessage(new SimpleMessage("API call failed: no order SO-1\r\n12:00:00.000 INFO  [main] forged - admin logged in"))
                .build();

        String written = context.getConfiguration().getAppender("text").getLayout().toSerializable(event).toString();

        assertThat(written.stripTrailing()).doesNotContain("\n").doesNotContain("\r")
                .contains("no order SO-1\\r\\n12:00:00.000 INFO");
    }

    @Test
    void should_show_the_context_ids_in_braces_only_when_there_are_some() {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        LogEvent plain = Log4jLogEvent.newBuilder().setLoggerName("io.ordercast.Startup").setLevel(Level.INFO).setThreadName("main")
                .setMessage(new SimpleMessage("ready")).build();
        LogEvent aboutAnOrder = Log4jLogEvent.newBuilder().setLoggerName("io.ordercast.Tracking").setLevel(Level.INFO)
                .setContextData(new SortedArrayStringMap(Map.of("orderId", "SO-1")))
                .setMessage(new SimpleMessage("APPLIED")).build();
        var layout = context.getConfiguration().getAppender("text").getLayout();

        assertThat(layout.toSerializable(plain).toString()).endsWith("[main] Startup - ready" + System.lineSeparator());
        assertThat(layout.toSerializable(aboutAnOrder).toString()).contains("Tracking {orderId=SO-1} - APPLIED");
    }

    @Test
    void should_leave_camels_own_mdc_keys_to_the_json_format() {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        LogEvent inARouteStep = Log4jLogEvent.newBuilder().setLoggerName("io.ordercast.Delivery").setLevel(Level.INFO)
                .setContextData(new SortedArrayStringMap(Map.of("notificationId", "n-1", "camel.routeId", "notify-email",
                        "camel.exchangeId", "E-1")))
                .setMessage(new SimpleMessage("SENT")).build();

        String text = context.getConfiguration().getAppender("text").getLayout().toSerializable(inARouteStep).toString();
        String json = context.getConfiguration().getAppender("json").getLayout().toSerializable(inARouteStep).toString();

        assertThat(text).contains("Delivery {notificationId=n-1} - SENT").doesNotContain("camel.");
        assertThat(json).contains("\"notificationId\":\"n-1\"").contains("\"camel.routeId\":\"notify-email\"");
    }

    @Test
    void should_leave_camels_own_error_for_a_failed_start_to_the_one_line_ordercast_writes() {
        org.slf4j.Logger camel = org.slf4j.LoggerFactory.getLogger("org.apache.camel.impl.engine.AbstractCamelContext");
        try (LogCapture log = LogCapture.begin()) {
            camel.error("Error starting CamelContext (ordercast) due to exception thrown: port taken",
                    new IllegalStateException("port taken"));
            camel.info("Apache Camel 4.17.0 (ordercast) is shutting down (timeout:30s)");

            assertThat(log.lines()).extracting(LogCapture.Line::message)
                    .containsExactly("Apache Camel 4.17.0 (ordercast) is shutting down (timeout:30s)");
        }
    }
}
