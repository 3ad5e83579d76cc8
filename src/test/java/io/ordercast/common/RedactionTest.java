package io.ordercast.common;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RedactionTest {

    @Test
    void should_mask_email_addresses_and_phone_numbers() {
        String masked = Redaction.mask("Unrecognized token 'lilei@example.com' near +8613800000000");

        assertThat(masked).doesNotContain("lilei@").doesNotContain("13800000000")
                .contains("l***@example.com").contains("***00");
    }

    @Test
    void should_leave_ordinary_text_alone() {
        assertThat(Redaction.mask("sequence gap: expected 2, got 4 at line 1, column 12"))
                .isEqualTo("sequence gap: expected 2, got 4 at line 1, column 12");
    }
}
