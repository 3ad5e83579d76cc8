package io.ordercast.config;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import io.ordercast.support.FailedStart;
import io.ordercast.support.RunningService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** SMTP credentials never cross the network in clear text unless the operator says so in as many words. */
class SmtpCredentialsStartupIT {

    @Test
    void should_refuse_to_start_with_smtp_credentials_and_neither_starttls_nor_smtps() {
        assertThatThrownBy(() -> RunningService.start(Map.of(
                "ordercast.smtp.username", "relay-user",
                "ordercast.smtp.password", "relay-password")).close())
                .hasStackTraceContaining("ordercast.smtp.username is set but the SMTP connection is not encrypted")
                .hasStackTraceContaining("ordercast.smtp.starttls=true")
                .hasStackTraceContaining("ordercast.smtp.allow-plaintext-auth=true");
    }

    @Test
    void should_exit_1_with_one_line_when_credentials_would_go_in_clear_text(@TempDir Path work) throws Exception {
        FailedStart start = FailedStart.run(work, "-Dordercast.smtp.username=relay-user",
                "-Dordercast.smtp.password=relay-password-0123");

        assertThat(start.exitCode()).isEqualTo(1);
        assertThat(start.theOneErrorLine())
                .contains("ordercast did not start: ordercast.smtp.username is set but the SMTP connection is not encrypted");
        assertThat(String.join("\n", start.lines())).doesNotContain("relay-password-0123");
    }

    @Test
    void should_require_starttls_when_it_is_on() {
        try (RunningService service = RunningService.start(Map.of(
                "ordercast.smtp.username", "relay-user",
                "ordercast.smtp.starttls", "true"))) {
            Properties session = service.context().getRegistry().lookupByNameAndType("smtpProperties", Properties.class);
            assertThat(session).containsEntry("mail.smtp.starttls.enable", "true")
                    .containsEntry("mail.smtp.starttls.required", "true");
        }
    }

    @Test
    void should_connect_with_implicit_tls_when_smtps_is_on() {
        try (RunningService service = RunningService.start(Map.of(
                "ordercast.smtp.username", "relay-user",
                "ordercast.smtp.ssl", "true"))) {
            Properties session = service.context().getRegistry().lookupByNameAndType("smtpProperties", Properties.class);
            assertThat(session).containsEntry("mail.smtp.ssl.enable", "true");
        }
    }

    @Test
    void should_start_with_plaintext_auth_only_when_explicitly_allowed() {
        try (RunningService service = RunningService.start(Map.of(
                "ordercast.smtp.username", "relay-user",
                "ordercast.smtp.allow-plaintext-auth", "true"))) {
            assertThat(service.context().isStarted()).isTrue();
        }
    }
}
