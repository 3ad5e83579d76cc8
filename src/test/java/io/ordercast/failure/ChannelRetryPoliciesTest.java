package io.ordercast.failure;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.processor.errorhandler.RedeliveryPolicy;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The retry numbers come from the redeliveryPolicy of error/notify-errors.camel.yaml, the file as packaged,
 * through its placeholders to ordercast.notify.retry.*; a channel's own keys replace only what they set.
 */
class ChannelRetryPoliciesTest {

    private final CamelContext camel = new DefaultCamelContext();

    @AfterEach
    void stop() throws Exception {
        camel.close();
    }

    @Test
    void should_take_the_numbers_from_the_redelivery_policy_of_the_channel_routes_error_handler() throws Exception {
        load(Map.of("ordercast.notify.retry.maximum", "4", "ordercast.notify.retry.initial-delay", "PT0.5S",
                "ordercast.notify.retry.multiplier", "3", "ordercast.notify.retry.maximum-delay", "PT2M"));

        RedeliveryPolicy email = ChannelRetryPolicies.declaredIn(camel, Map.of()).of("email");

        assertThat(email.getMaximumRedeliveries()).isEqualTo(4);
        assertThat(email.getRedeliveryDelay()).isEqualTo(500L);
        assertThat(email.isUseExponentialBackOff()).isTrue();
        assertThat(email.getBackOffMultiplier()).isEqualTo(3.0);
        assertThat(email.getMaximumRedeliveryDelay()).isEqualTo(120_000L);
        // Camel's own retry logging stays off: provider errors can quote an address
        assertThat(email.isLogRetryAttempted()).isFalse();
    }

    @Test
    void should_let_a_channels_own_keys_replace_only_the_numbers_they_set() throws Exception {
        load(Map.of("ordercast.notify.retry.maximum", "3", "ordercast.notify.retry.initial-delay", "PT1S",
                "ordercast.notify.retry.multiplier", "2", "ordercast.notify.retry.maximum-delay", "PT5M"));
        ChannelRetryPolicies policies = ChannelRetryPolicies.declaredIn(camel,
                Map.of("sms", new ChannelRetryPolicies.Overrides(5, Duration.ofMillis(100), null, null)));

        RedeliveryPolicy sms = policies.of("sms");
        RedeliveryPolicy email = policies.of("email");

        assertThat(sms.getMaximumRedeliveries()).isEqualTo(5);
        assertThat(sms.getRedeliveryDelay()).isEqualTo(100L);
        assertThat(sms.getBackOffMultiplier()).isEqualTo(2.0);
        assertThat(sms.getMaximumRedeliveryDelay()).isEqualTo(300_000L);
        assertThat(email.getMaximumRedeliveries()).isEqualTo(3);
        assertThat(email.getRedeliveryDelay()).isEqualTo(1000L);
    }

    @Test
    void should_refuse_a_delay_in_milliseconds_and_name_the_key() throws Exception {
        load(Map.of("ordercast.notify.retry.maximum", "3", "ordercast.notify.retry.initial-delay", "1000",
                "ordercast.notify.retry.multiplier", "2", "ordercast.notify.retry.maximum-delay", "PT5M"));

        assertThatThrownBy(() -> ChannelRetryPolicies.declaredIn(camel, Map.of()).of("email"))
                .hasStackTraceContaining("ordercast.notify.retry.initial-delay must be an ISO-8601 duration such as PT30S, was '1000'");
    }

    @Test
    void should_say_what_is_missing_when_the_route_configuration_has_no_redelivery_policy() {
        assertThatThrownBy(() -> ChannelRetryPolicies.declaredIn(camel, Map.of()).of("email"))
                .hasMessageContaining("route configuration notify-errors needs an errorHandler with a redeliveryPolicy");
    }

    private void load(Map<String, String> properties) throws Exception {
        Properties initial = new Properties();
        initial.putAll(properties);
        camel.getPropertiesComponent().setInitialProperties(initial);
        PluginHelper.getRoutesLoader(camel)
                .loadRoutes(ResourceHelper.resolveMandatoryResource(camel, "classpath:error/notify-errors.camel.yaml"));
    }
}
