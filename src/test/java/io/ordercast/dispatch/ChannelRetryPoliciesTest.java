package io.ordercast.dispatch;

import java.time.Duration;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.Model;
import org.apache.camel.model.errorhandler.DeadLetterChannelDefinition;
import org.apache.camel.processor.errorhandler.RedeliveryPolicy;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The retry numbers of the channel routes: the shared policy (ordercast.notify.retry.*), named by the dead-letter
 * channel of error/notify-errors.camel.yaml as packaged; a channel's own keys replace only what they set.
 */
class ChannelRetryPoliciesTest {

    @Test
    void should_back_off_exponentially_by_the_shared_numbers_with_camels_retry_logging_off() {
        RedeliveryPolicy email = new ChannelRetryPolicies(
                ChannelRetryPolicies.shared(4, Duration.ofMillis(500), 3, Duration.ofMinutes(2)), Map.of()).of("email");

        assertThat(email.getMaximumRedeliveries()).isEqualTo(4);
        assertThat(email.getRedeliveryDelay()).isEqualTo(500L);
        assertThat(email.isUseExponentialBackOff()).isTrue();
        assertThat(email.getBackOffMultiplier()).isEqualTo(3.0);
        assertThat(email.getMaximumRedeliveryDelay()).isEqualTo(120_000L);
        // provider errors can quote an address: NotificationRetries logs them masked instead
        assertThat(email.isLogRetryAttempted()).isFalse();
        assertThat(email.isLogExhausted()).isFalse();
    }

    @Test
    void should_let_a_channels_own_keys_replace_only_the_numbers_they_set() {
        ChannelRetryPolicies policies = new ChannelRetryPolicies(
                ChannelRetryPolicies.shared(3, Duration.ofSeconds(1), 2, Duration.ofMinutes(5)),
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
    void should_be_the_policy_the_packaged_channel_error_handler_names() throws Exception {
        try (CamelContext camel = new DefaultCamelContext()) {
            PluginHelper.getRoutesLoader(camel)
                    .loadRoutes(ResourceHelper.resolveMandatoryResource(camel, "classpath:error/notify-errors.camel.yaml"));

            DeadLetterChannelDefinition handler = (DeadLetterChannelDefinition) camel.getCamelContextExtension()
                    .getContextPlugin(Model.class).getRouteConfigurationDefinition("notify-errors")
                    .getErrorHandler().getErrorHandlerType();

            assertThat(handler.getRedeliveryPolicyRef()).isEqualTo("notifyRetryPolicy");
            assertThat(handler.hasRedeliveryPolicy()).as("numbers written in the YAML would not be read").isFalse();
        }
    }
}
