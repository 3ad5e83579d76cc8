package io.ordercast.channel.email;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecipientAddressTest {

    @Test
    void should_accept_one_bare_address() throws Exception {
        assertThat(RecipientAddress.parse("lilei@example.com")).isEqualTo("lilei@example.com");
        assertThat(RecipientAddress.parse("\"a;b\"@x.example")).isEqualTo("\"a;b\"@x.example");
    }

    @Test
    void should_refuse_what_is_not_exactly_one_valid_address_naming_the_problem_not_the_address() {
        assertThatThrownBy(() -> RecipientAddress.parse("name@example.com.")).isInstanceOf(InvalidAddressException.class)
                .hasMessage("recipient address n***@example.com. is not one valid e-mail address: Domain ends with dot");
        assertThatThrownBy(() -> RecipientAddress.parse("a;b@x.example")).hasMessageContaining("Illegal semicolon")
                .hasMessageNotContaining("a;b@");
        assertThatThrownBy(() -> RecipientAddress.parse("a@x.example,b@y.example")).hasMessageContaining("a***@y.example");
        assertThatThrownBy(() -> RecipientAddress.parse("李雷@example.com.")).hasMessageContaining(" ***@example.com. ")
                .hasMessageNotContaining("李");
        assertThatThrownBy(() -> RecipientAddress.parse("\"><img src=x>@evil.example")).hasMessageContaining(" \"***@evil.example ")
                .hasMessageNotContaining("img");
        assertThatThrownBy(() -> RecipientAddress.parse("Eve<eve@x.example>")).hasMessageContaining("no display name");
        assertThatThrownBy(() -> RecipientAddress.parse("team:a@x.example;")).isInstanceOf(InvalidAddressException.class);
    }
}
