package io.ordercast.preview;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The parts a gateway splits an SMS into, at the limits where one more character makes one more part. */
class SmsSegmentsTest {

    @Test
    void should_fit_160_gsm_characters_in_one_part_and_153_a_part_beyond() {
        assertThat(SmsSegments.of("a".repeat(160))).isEqualTo(new SmsSegments("GSM-7", 160, 1));
        assertThat(SmsSegments.of("a".repeat(161))).isEqualTo(new SmsSegments("GSM-7", 161, 2));
        assertThat(SmsSegments.of("a".repeat(306)).segments()).isEqualTo(2);
        assertThat(SmsSegments.of("a".repeat(307)).segments()).isEqualTo(3);
    }

    @Test
    void should_count_an_extension_character_twice() {
        assertThat(SmsSegments.of("€".repeat(80))).isEqualTo(new SmsSegments("GSM-7", 160, 1));
        assertThat(SmsSegments.of("€".repeat(80) + "a")).isEqualTo(new SmsSegments("GSM-7", 161, 2));
    }

    @Test
    void should_send_any_other_character_as_ucs2_70_in_one_part_and_67_a_part_beyond() {
        assertThat(SmsSegments.of("您".repeat(70))).isEqualTo(new SmsSegments("UCS-2", 70, 1));
        assertThat(SmsSegments.of("您".repeat(71))).isEqualTo(new SmsSegments("UCS-2", 71, 2));
        assertThat(SmsSegments.of("a".repeat(134) + "您").segments()).isEqualTo(3);
    }

    @Test
    void should_take_no_part_for_no_text() {
        assertThat(SmsSegments.of("").segments()).isZero();
    }
}
