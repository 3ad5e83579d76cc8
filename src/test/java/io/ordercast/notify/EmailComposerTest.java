package io.ordercast.notify;

import org.jsoup.Jsoup;
import org.junit.jupiter.api.Test;

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
    void should_make_the_message_id_from_the_notification_and_the_senders_domain() {
        assertThat(new EmailComposer("Shop <orders@shop.example>").messageId("n-1")).isEqualTo("<n-1@shop.example>");
    }

    @Test
    void should_refuse_a_sender_without_a_domain() {
        assertThatThrownBy(() -> new EmailComposer("ordercast")).hasMessageContaining("ordercast.smtp.from");
    }
}
