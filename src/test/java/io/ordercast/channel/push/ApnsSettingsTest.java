package io.ordercast.channel.push;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ApnsSettingsTest {

    @Test
    void should_name_every_unset_key_without_a_default() {
        ApnsSettings settings = new ApnsSettings(null, 0, null, " ", "TEAM123456", "", null, null);

        assertThat(settings.configured()).isFalse();
        assertThat(settings.missingKeys())
                .containsExactly("ordercast.apns.key-file", "ordercast.apns.key-id", "ordercast.apns.topic");
    }

    @Test
    void should_fill_in_the_defaults_and_be_configured_with_the_four_keys() {
        ApnsSettings settings = new ApnsSettings(" ", -1, Path.of("AuthKey_ABC123DEFG.p8"), "ABC123DEFG", "TEAM123456",
                "io.ordercast.app", null, null);

        assertThat(settings.configured()).isTrue();
        assertThat(settings.missingKeys()).isEmpty();
        assertThat(settings.host()).isEqualTo("api.push.apple.com");
        assertThat(settings.port()).isEqualTo(443);
        assertThat(settings.timeout()).isEqualTo(ApnsSettings.DEFAULT_TIMEOUT);
        assertThat(settings.trustedCertificate()).isNull();
        assertThat(new ApnsSettings("localhost", 2197, null, null, null, null, null, Duration.ofSeconds(3)).timeout())
                .isEqualTo(Duration.ofSeconds(3));
    }
}
