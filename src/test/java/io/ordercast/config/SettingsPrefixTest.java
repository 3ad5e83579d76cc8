package io.ordercast.config;

import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Keys under a prefix come from the properties files, the environment (one variable per row, or the whole table in
 * one) and system properties: a state added by an operator outside the jar joins the state machine. The environment
 * is a map given to Settings; the process's own is left alone.
 */
class SettingsPrefixTest {

    private static final String PREFIX = "ordercast.tracking.transitions.";

    private CamelContext context;

    @BeforeEach
    void properties() {
        context = new DefaultCamelContext();
        context.getPropertiesComponent().setLocation("classpath:application.properties");
    }

    @AfterEach
    void clear() throws Exception {
        System.clearProperty(PREFIX + "ON_HOLD");
        System.clearProperty(PREFIX + "PAID");
        context.close();
    }

    @Test
    void should_list_a_state_given_by_its_own_environment_variable() {
        Map<String, String> rows = Settings.of(context, Map.of(
                "ORDERCAST_TRACKING_TRANSITIONS_ON_HOLD", "SHIPPED, CANCELLED",
                "ORDERCAST_TRACKING_TRANSITIONS_PAID", "SHIPPED, CANCELLED, REFUND_REQUESTED, ON_HOLD",
                "ORDERCAST_TRACKING_HOLD_WINDOW", "PT1S")).withPrefix(PREFIX);

        assertThat(rows).containsEntry("ON_HOLD", "SHIPPED, CANCELLED")
                .containsEntry("PAID", "SHIPPED, CANCELLED, REFUND_REQUESTED, ON_HOLD")
                .containsEntry("CREATED", "PAID, CANCELLED")
                .containsEntry("REFUNDED", "")
                .hasSize(9);
    }

    @Test
    void should_list_the_rows_of_the_whole_table_under_those_of_their_own_variables() {
        Map<String, String> rows = Settings.of(context, Map.of(
                "ORDERCAST_TRACKING_TRANSITIONS", "PAID=SHIPPED,ON_HOLD ; ON_HOLD=SHIPPED;REFUND_REQUESTED=REFUNDED;",
                "ORDERCAST_TRACKING_TRANSITIONS_REFUND_REQUESTED", "REFUNDED, PREVIOUS, CANCELLED")).withPrefix(PREFIX);

        assertThat(rows).containsEntry("PAID", "SHIPPED,ON_HOLD")
                .containsEntry("ON_HOLD", "SHIPPED")
                .containsEntry("REFUND_REQUESTED", "REFUNDED, PREVIOUS, CANCELLED")
                .containsEntry("NEW", "CREATED");
    }

    @Test
    void should_list_a_state_given_as_a_system_property_over_the_environment() {
        System.setProperty(PREFIX + "ON_HOLD", "SHIPPED");
        System.setProperty(PREFIX + "PAID", "SHIPPED, ON_HOLD");

        Map<String, String> rows = Settings.of(context, Map.of(
                "ORDERCAST_TRACKING_TRANSITIONS_ON_HOLD", "CANCELLED")).withPrefix(PREFIX);

        assertThat(rows).containsEntry("ON_HOLD", "SHIPPED").containsEntry("PAID", "SHIPPED, ON_HOLD");
    }

    @Test
    void should_list_a_new_channel_from_the_whole_table_only() {
        Map<String, String> rows = Settings.of(context, Map.of(
                "ORDERCAST_CHANNEL", "fax.template=text;fax.requires=ordercast.fax.url")).withPrefix("ordercast.channel.");

        assertThat(rows).containsEntry("fax.template", "text").containsEntry("fax.requires", "ordercast.fax.url")
                .containsEntry("email.template", "html");
    }

    @Test
    void should_refuse_a_table_row_without_a_key_and_not_print_it() {
        Settings settings = Settings.of(context, Map.of("ORDERCAST_TRACKING_TRANSITIONS", "ON_HOLD=SHIPPED;s3cr3t"));

        assertThatThrownBy(() -> settings.withPrefix(PREFIX))
                .hasMessage("ORDERCAST_TRACKING_TRANSITIONS holds rows KEY=VALUE separated by ';': row 2 has no KEY=")
                .message().doesNotContain("s3cr3t");
    }
}
