package io.ordercast.common;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What an error message may quote of the caller's input. */
class QuotedInputTest {

    @Test
    void should_quote_short_input_whole_and_long_input_as_its_first_40_characters() {
        assertThat(QuotedInput.of("u-1001")).isEqualTo("'u-1001'");
        assertThat(QuotedInput.of("x".repeat(60_000))).isEqualTo("'" + "x".repeat(40) + "…'");
        // a character outside the BMP is one character, never half of one
        assertThat(QuotedInput.of("😀".repeat(41))).isEqualTo("'" + "😀".repeat(40) + "…'");
    }

    @Test
    void should_escape_what_would_not_show_as_itself_or_would_end_the_quote() {
        assertThat(QuotedInput.of("a\r\nb\tc\u0000d\u202Ee\u200Bf\u2028g'h\\i"))
                .isEqualTo("'a\\r\\nb\\tc\\u0000d\\u202Ee\\u200Bf\\u2028g\\'h\\\\i'");
        assertThat(QuotedInput.of("李雷")).isEqualTo("'李雷'");
    }

    @Test
    void should_cut_what_a_parsers_message_quotes_of_the_input() {
        String jackson = "Unrecognized token 'tru" + "e".repeat(253) + "...': was expecting (JSON String, Number, Array,"
                + " Object or token 'null', 'true' or 'false')";
        assertThat(QuotedInput.within(jackson)).isEqualTo("Unrecognized token 'tru" + "e".repeat(37) + "…': was expecting"
                + " (JSON String, Number, Array, Object or token 'null', 'true' or 'false')");
        assertThat(QuotedInput.within("Unexpected character ('\u202E' (code 8238))"))
                .isEqualTo("Unexpected character ('\\u202E' (code 8238))");
        assertThat(QuotedInput.within("unpaired ' " + "x".repeat(500))).hasSize(201);
    }
}
