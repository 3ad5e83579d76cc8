package io.ordercast.channel.email;

import java.util.Properties;
import java.util.stream.Stream;

import io.ordercast.channel.OutgoingHeaders;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EmailComposerTest {

    @Test
    void should_make_readable_text_from_the_html_part() {
        String html = "<html><head><title>t</title></head><body><p>Hello &lt;b&gt; Li,</p>"
                + "<p>Order <a href=\"https://shop.example/o/1\">SO-1</a> shipped.</p>"
                + "<table><tr><td>Kettle</td><td>× 1</td></tr></table></body></html>";

        String text = EmailComposer.plainText(Jsoup.parse(html).body());

        assertThat(text).isEqualTo("Hello <b> Li,\nOrder SO-1 (https://shop.example/o/1) shipped.\nKettle × 1\n");
    }

    @Test
    void should_keep_subjects_and_sms_on_one_line() {
        assertThat(OutgoingHeaders.oneLine("Eve\r\nBcc: x@y.z\u2028more\t")).isEqualTo("Eve Bcc: x@y.z more");
    }

    @Test
    void should_leave_a_plain_ascii_subject_as_it_is() {
        assertThat(EncodedSubject.of("Order SO-1 has shipped")).isEqualTo("Order SO-1 has shipped");
    }

    static Stream<String> subjects() {
        return Stream.of("订单 SO-1 已发货", "Order =?UTF-8?B?5LiA?= is no encoded-word here",
                "超长标题🚚😀𠀀".repeat(30), "Café — ünïcödé ".repeat(20), "订");
    }

    @ParameterizedTest
    @MethodSource("subjects")
    void should_encode_a_subject_in_words_and_lines_that_rfc_2047_allows_and_decode_back(String subject) throws Exception {
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
        // what camel-mail does with the Subject header
        message.setSubject(EncodedSubject.of(subject), "UTF-8");

        String header = message.getHeader("Subject", null);
        assertThat(("Subject: " + header).split("\r\n")).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(76));
        assertThat(MimeUtility.unfold(header).split(" ")).allSatisfy(word -> assertThat(word)
                .startsWith("=?UTF-8?B?").endsWith("?=").hasSizeLessThanOrEqualTo(75));
        assertThat(MimeUtility.decodeText(MimeUtility.unfold(header))).isEqualTo(subject);
    }

    @Test
    void should_make_the_message_id_from_the_notification_and_the_senders_domain() {
        assertThat(new EmailComposer("Shop <orders@shop.example>").messageId("n-1")).isEqualTo("<n-1@shop.example>");
    }

    @Test
    void should_refuse_a_sender_without_a_domain() {
        assertThatThrownBy(() -> new EmailComposer("ordercast")).hasMessageContaining("ordercast.smtp.from");
    }
}
