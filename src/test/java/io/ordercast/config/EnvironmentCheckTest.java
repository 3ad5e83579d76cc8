package io.ordercast.config;

import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Which ORDERCAST_* environment variables name no key ordercast reads; the environment is a map, not the process's. */
class EnvironmentCheckTest {

    @Test
    void should_name_only_the_variables_that_name_no_known_key() throws Exception {
        try (CamelContext context = new DefaultCamelContext()) {
            context.getPropertiesComponent().setLocation("classpath:application.properties");
            Map<String, String> environment = Map.ofEntries(
                    Map.entry("ORDERCAST_DB_URL", "jdbc:postgresql://db/ordercast"),
                    Map.entry("ORDERCAST_LOG_FORMAT", "json"),
                    Map.entry("ORDERCAST_SMS_URL", "https://sms.example"),
                    Map.entry("ORDERCAST_TRACKING_TRANSITIONS_ON_HOLD", "SHIPPED"),
                    Map.entry("ORDERCAST_TRACKING_TRANSITIONS", "ON_HOLD=SHIPPED"),
                    Map.entry("ORDERCAST_CHANNEL", "fax.requires=ordercast.fax.url"),
                    Map.entry("ORDERCAST_FAX_URL", "https://fax.example"),
                    Map.entry("ORDERCAST_NOTIFY_SMS_RETRY_MAXIMUM", "5"),
                    Map.entry("ORDERCAST_IT_RABBITMQ_URL", "amqp://localhost"),
                    Map.entry("PATH", "/usr/bin"),
                    Map.entry("ORDERCAST_DB_URI", "jdbc:postgresql://db/ordercast"),
                    Map.entry("ORDERCAST_NOTIFY_SMS_RETRIES", "5"),
                    Map.entry("ORDERCAST_TRACKING_TRANSITION_ON_HOLD", "SHIPPED"));

            assertThat(new EnvironmentCheck(environment).unknown(context)).containsExactly(
                    "ORDERCAST_DB_URI", "ORDERCAST_NOTIFY_SMS_RETRIES", "ORDERCAST_TRACKING_TRANSITION_ON_HOLD");
        }
    }
}
