package io.ordercast.channel.push;

import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ordercast.channel.Priority;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The FCM HTTP v1 request body: its shape, the priority, and the 4096-byte limit met by cutting text only. */
class FcmRequestsTest {

    static final String TOKEN = "fcm-token-" + "x".repeat(140) + "abc123";
    final ObjectMapper mapper = new ObjectMapper();
    final FcmRequests requests = new FcmRequests(mapper);

    @Test
    void should_build_the_v1_message_with_notification_data_and_android_priority() throws Exception {
        PushMessage push = new PushMessage("n-1", "o-1001", "SHIPPED", TOKEN, "Your order has shipped",
                "Order o-1001 is on its way with DHL.", Priority.NORMAL);

        JsonNode json = mapper.readTree(requests.body(push));

        assertThat(json).isEqualTo(mapper.readTree("""
                {"message":{"token":"%s",
                  "notification":{"title":"Your order has shipped","body":"Order o-1001 is on its way with DHL."},
                  "data":{"orderId":"o-1001","state":"SHIPPED","notificationId":"n-1"},
                  "android":{"priority":"NORMAL"}}}
                """.formatted(TOKEN)));
    }

    @Test
    void should_keep_chinese_text_as_it_is() throws Exception {
        PushMessage push = new PushMessage("n-2", "o-2002", "PAID", TOKEN, "订单已付款", "您的订单 o-2002 已付款，我们正在备货。",
                Priority.HIGH);

        String body = requests.body(push);
        JsonNode message = mapper.readTree(body).path("message");

        assertThat(message.path("notification").path("title").asText()).isEqualTo("订单已付款");
        assertThat(message.path("notification").path("body").asText()).isEqualTo("您的订单 o-2002 已付款，我们正在备货。");
        assertThat(body).contains("订单已付款");
    }

    @Test
    void should_map_high_to_high_and_everything_else_to_normal() throws Exception {
        assertThat(priorityOf(Priority.HIGH)).isEqualTo("HIGH");
        assertThat(priorityOf(Priority.NORMAL)).isEqualTo("NORMAL");
        assertThat(priorityOf(Priority.LOW)).isEqualTo("NORMAL");
        assertThat(priorityOf(null)).isEqualTo("NORMAL");
    }

    @Test
    void should_send_every_data_key_as_a_string_even_when_unknown() throws Exception {
        PushMessage push = new PushMessage("n-3", null, null, TOKEN, null, null, null);

        JsonNode message = mapper.readTree(requests.body(push)).path("message");

        assertThat(message.path("data").path("orderId").isTextual()).isTrue();
        assertThat(message.path("data").path("orderId").asText()).isEmpty();
        assertThat(message.path("data").path("state").asText()).isEmpty();
        assertThat(message.path("data").path("notificationId").asText()).isEqualTo("n-3");
        assertThat(message.path("notification").path("title").asText()).isEmpty();
    }

    @Test
    void should_cut_an_oversize_body_to_fit_4096_bytes_and_keep_the_data() throws Exception {
        PushMessage push = new PushMessage("n-4", "o-4004", "COMPLETED", TOKEN, "订单已完成", "中".repeat(10_000),
                Priority.NORMAL);

        String body = requests.body(push);
        JsonNode message = mapper.readTree(body).path("message");

        assertThat(body.getBytes(StandardCharsets.UTF_8).length).isLessThan(4096);
        String text = message.path("notification").path("body").asText();
        assertThat(text).endsWith("…").startsWith("中中中");
        // as much as fits: one more character (3 bytes) would not
        assertThat(body.getBytes(StandardCharsets.UTF_8).length).isGreaterThan(4096 - 4);
        assertThat(message.path("notification").path("title").asText()).isEqualTo("订单已完成");
        assertThat(message.path("data").path("orderId").asText()).isEqualTo("o-4004");
        assertThat(message.path("data").path("state").asText()).isEqualTo("COMPLETED");
        assertThat(message.path("data").path("notificationId").asText()).isEqualTo("n-4");
        assertThat(message.path("token").asText()).isEqualTo(TOKEN);
    }

    @Test
    void should_never_split_a_character_outside_the_basic_plane() throws Exception {
        PushMessage push = new PushMessage("n-5", "o-5005", "SHIPPED", TOKEN, "📦", "📦".repeat(3_000), Priority.NORMAL);

        String body = requests.body(push);
        String text = mapper.readTree(body).path("message").path("notification").path("body").asText();

        assertThat(body.getBytes(StandardCharsets.UTF_8).length).isLessThan(4096);
        assertThat(text.substring(0, text.length() - 1)).matches("(📦)+");
    }

    @Test
    void should_cut_the_title_too_when_the_title_alone_is_too_big() throws Exception {
        PushMessage push = new PushMessage("n-6", "o-6006", "REFUNDED", TOKEN, "退".repeat(5_000), "Refund issued",
                Priority.HIGH);

        String body = requests.body(push);
        JsonNode message = mapper.readTree(body).path("message");

        assertThat(body.getBytes(StandardCharsets.UTF_8).length).isLessThan(4096);
        assertThat(message.path("notification").path("body").asText()).isEqualTo("…");
        assertThat(message.path("notification").path("title").asText()).startsWith("退退").endsWith("…");
        assertThat(message.path("data").path("notificationId").asText()).isEqualTo("n-6");
    }

    @Test
    void should_refuse_a_message_that_cannot_fit_even_without_text() {
        PushMessage push = new PushMessage("n-7", "o".repeat(5_000), "PAID", TOKEN, "t", "b", Priority.NORMAL);

        assertThatThrownBy(() -> requests.body(push)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("n-7").hasMessageNotContaining(TOKEN);
    }

    @Test
    void should_cut_by_code_points_and_drop_trailing_spaces() {
        assertThat(PayloadFit.cut("abc def", 4)).isEqualTo("abc…");
        assertThat(PayloadFit.cut("abc", 3)).isEqualTo("abc");
        assertThat(PayloadFit.cut("a📦b", 2)).isEqualTo("a📦…");
    }

    private String priorityOf(Priority priority) throws Exception {
        PushMessage push = new PushMessage("n", "o", "PAID", TOKEN, "t", "b", priority);
        return mapper.readTree(requests.body(push)).path("message").path("android").path("priority").asText();
    }
}
