package io.ordercast.channel.email;

import java.time.Duration;
import java.util.Properties;

import jakarta.mail.Message;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import io.ordercast.support.CountingSmtpRelay;
import org.apache.camel.component.mail.DefaultJavaMailSender;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the email channel relies on when it keeps its SMTP connection open between mails. */
class KeptOpenSmtpSenderTest {

    private CountingSmtpRelay relay;

    @BeforeEach
    void relay() throws Exception {
        relay = new CountingSmtpRelay();
    }

    @AfterEach
    void stop() throws Exception {
        relay.close();
    }

    @Test
    void should_send_several_mails_over_one_connection() throws Exception {
        try (KeptOpenSmtpSender sender = sender(Duration.ofSeconds(10))) {
            for (int i = 0; i < 3; i++) {
                sender.send(mail("buyer" + i + "@example.com", "<n-" + i + "@shop.example>"));
            }
        }
        assertThat(relay.connections.get()).isEqualTo(1);
        assertThat(relay.messageIds).containsExactly("<n-0@shop.example>", "<n-1@shop.example>", "<n-2@shop.example>");
    }

    @Test
    void should_send_on_a_new_connection_when_the_relay_dropped_the_kept_one() throws Exception {
        try (KeptOpenSmtpSender sender = sender(Duration.ofSeconds(10))) {
            sender.send(mail("a@example.com", "<n-a@shop.example>"));
            relay.dropClients();
            sender.send(mail("b@example.com", "<n-b@shop.example>"));
        }
        assertThat(relay.connections.get()).isEqualTo(2);
        assertThat(relay.messageIds).containsExactly("<n-a@shop.example>", "<n-b@shop.example>");
    }

    @Test
    void should_take_a_send_failure_without_a_reply_for_a_dropped_connection_not_for_the_relays_answer() {
        // what Angus throws when the relay closed the kept connection before MAIL FROM: no reply code
        assertThat(KeptOpenSmtpSender.relayAnswered(new SMTPSendFailedException("MAIL", -1, "[EOF]", null, null, null, null)))
                .isFalse();
        assertThat(KeptOpenSmtpSender.relayAnswered(new SMTPSendFailedException("MAIL", 550, "550 sender refused", null,
                null, null, null))).isTrue();
        assertThat(KeptOpenSmtpSender.relayAnswered(new SendFailedException("Invalid Addresses"))).isTrue();
    }

    @Test
    void should_not_reuse_a_connection_idle_longer_than_the_limit() throws Exception {
        try (KeptOpenSmtpSender sender = sender(Duration.ofNanos(1))) {
            sender.send(mail("a@example.com", "<n-a@shop.example>"));
            sender.send(mail("b@example.com", "<n-b@shop.example>"));
        }
        assertThat(relay.connections.get()).isEqualTo(2);
    }

    @Test
    void should_report_a_refused_recipient_and_keep_the_connection() throws Exception {
        try (KeptOpenSmtpSender sender = sender(Duration.ofSeconds(10))) {
            assertThatThrownBy(() -> sender.send(mail("unknown@example.com", "<n-x@shop.example>")))
                    .isInstanceOf(SendFailedException.class).hasStackTraceContaining("550 User unknown");
            sender.send(mail("c@example.com", "<n-c@shop.example>"));
        }
        assertThat(relay.connections.get()).isEqualTo(1);
        assertThat(relay.messageIds).containsExactly("<n-c@shop.example>");
    }

    private KeptOpenSmtpSender sender(Duration idleLimit) {
        DefaultJavaMailSender configured = new DefaultJavaMailSender();
        configured.setHost("127.0.0.1");
        configured.setPort(relay.port());
        configured.setProtocol("smtp");
        configured.setSession(Session.getInstance(new Properties()));
        return new KeptOpenSmtpSender(configured, idleLimit);
    }

    private static MimeMessage mail(String to, String messageId) throws Exception {
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties())) {
            @Override
            protected void updateMessageID() throws jakarta.mail.MessagingException {
                setHeader("Message-ID", messageId);
            }
        };
        message.setFrom(new InternetAddress("orders@shop.example"));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(to));
        message.setSubject("Order SO-1");
        message.setText("paid");
        return message;
    }
}
