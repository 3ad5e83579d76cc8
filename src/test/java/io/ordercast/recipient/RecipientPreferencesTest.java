package io.ordercast.recipient;

import java.time.LocalTime;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.ordercast.channel.Channels;
import io.ordercast.common.BadRequestException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The body of PUT /api/recipients/{id}/preferences: what is accepted, and the 400 reason for what is not. */
class RecipientPreferencesTest {

    @Test
    void should_read_opt_outs_and_quiet_hours() {
        Preferences preferences = RecipientPreferences.parse(Map.of(
                "optOut", List.of("sms", "push"),
                "quietHours", Map.of("start", "22:00", "end", "08:00", "zone", "Asia/Shanghai")), Channels.KNOWN);

        assertThat(preferences.optOut()).containsExactlyInAnyOrder("sms", "push");
        assertThat(preferences.quietHours())
                .isEqualTo(new QuietHours(LocalTime.of(22, 0), LocalTime.of(8, 0), ZoneId.of("Asia/Shanghai")));
    }

    @Test
    void should_take_an_empty_body_as_no_opt_outs_and_no_quiet_hours() {
        Preferences preferences = RecipientPreferences.parse(Map.of(), Channels.KNOWN);
        assertThat(preferences.optOut()).isEmpty();
        assertThat(preferences.quietHours()).isNull();
    }

    @Test
    void should_take_an_explicit_null_as_nothing_set() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("optOut", null);
        body.put("quietHours", null);
        assertThat(RecipientPreferences.parse(body, Channels.KNOWN)).isEqualTo(new Preferences(java.util.Set.of(), null));
    }

    @Test
    void should_accept_every_channel_of_the_contract_and_count_a_repeated_one_once() {
        Preferences preferences = RecipientPreferences.parse(Map.of("optOut", List.of("email", "sms", "push", "webhook", "sms")), Channels.KNOWN);
        assertThat(preferences.optOut()).containsExactlyInAnyOrder("email", "sms", "push", "webhook");
    }

    @Test
    void should_refuse_an_unknown_channel_and_name_it_with_the_known_ones() {
        assertThatThrownBy(() -> RecipientPreferences.parse(Map.of("optOut", List.of("sms", "fax")), Channels.KNOWN))
                .isInstanceOf(BadRequestException.class)
                .hasMessage("optOut: unknown channel 'fax' (known: [email, push, sms, webhook])");
    }

    @Test
    void should_refuse_a_channel_name_in_another_case_or_type() {
        assertThatThrownBy(() -> RecipientPreferences.parse(Map.of("optOut", List.of("SMS")), Channels.KNOWN))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("unknown channel 'SMS'");
        assertThatThrownBy(() -> RecipientPreferences.parse(Map.of("optOut", List.of(1)), Channels.KNOWN))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("unknown channel '1'");
    }

    @Test
    void should_refuse_opt_out_that_is_not_a_list() {
        assertThatThrownBy(() -> RecipientPreferences.parse(Map.of("optOut", "sms"), Channels.KNOWN))
                .isInstanceOf(BadRequestException.class)
                .hasMessage("optOut must be a list of channels, e.g. [\"sms\"]");
    }

    @Test
    void should_refuse_quiet_hours_that_are_not_an_object() {
        assertThatThrownBy(() -> RecipientPreferences.parse(Map.of("quietHours", "22:00-08:00"), Channels.KNOWN))
                .isInstanceOf(BadRequestException.class)
                .hasMessageStartingWith("quietHours must be {");
    }

    @Test
    void should_refuse_quiet_hours_with_a_bad_time_a_missing_field_or_an_unknown_zone() {
        for (Map<String, String> quiet : List.of(
                Map.of("start", "25:00", "end", "08:00", "zone", "Asia/Shanghai"),
                Map.of("start", "10pm", "end", "08:00", "zone", "Asia/Shanghai"),
                Map.of("end", "08:00", "zone", "Asia/Shanghai"),
                Map.of("start", "22:00", "end", "08:00", "zone", "Mars/Olympus_Mons"),
                Map.of("start", "22:00", "end", "08:00"))) {
            assertThatThrownBy(() -> RecipientPreferences.parse(Map.of("quietHours", quiet), Channels.KNOWN))
                    .as("quietHours %s", quiet)
                    .isInstanceOf(BadRequestException.class)
                    .hasMessageStartingWith("quietHours: start and end are HH:mm, zone an IANA zone such as Asia/Shanghai");
        }
    }

    @Test
    void should_refuse_times_with_seconds_or_fractions_and_say_which_one() {
        for (String time : List.of("22:00:30", "22:00:00.123456789", "22:00:00", "24:00", "7:00")) {
            assertThatThrownBy(() -> RecipientPreferences.parse(Map.of("quietHours",
                    Map.of("start", "22:00", "end", time, "zone", "Asia/Shanghai")), Channels.KNOWN))
                    .as("end %s", time)
                    .isInstanceOf(BadRequestException.class)
                    .hasMessageEndingWith("(end is not HH:mm from 00:00 to 23:59)");
        }
    }

    @Test
    void should_refuse_quiet_hours_fields_that_are_not_strings() {
        assertThatThrownBy(() -> RecipientPreferences.parse(Map.of("quietHours",
                Map.of("start", 2200, "end", "08:00", "zone", "Asia/Shanghai")), Channels.KNOWN))
                .isInstanceOf(BadRequestException.class).hasMessageEndingWith("(start is not a string)");
        assertThatThrownBy(() -> RecipientPreferences.parse(Map.of("quietHours",
                Map.of("start", "22:00", "end", "08:00", "zone", List.of("Asia/Shanghai"))), Channels.KNOWN))
                .isInstanceOf(BadRequestException.class).hasMessageEndingWith("(zone is not a string)");
    }
}
