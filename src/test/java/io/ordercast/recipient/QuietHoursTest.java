package io.ordercast.recipient;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class QuietHoursTest {

    private final QuietHours overnight = new QuietHours(LocalTime.of(22, 0), LocalTime.of(8, 0), ZoneId.of("Asia/Shanghai"));

    @Test
    void should_defer_to_the_morning_inside_an_overnight_window() {
        // 23:30 in Shanghai
        Instant lateEvening = Instant.parse("2026-11-22T15:30:00Z");
        assertThat(overnight.endIfInside(lateEvening)).contains(Instant.parse("2026-11-23T00:00:00Z"));
    }

    @Test
    void should_defer_to_the_same_morning_after_midnight() {
        // 03:00 in Shanghai
        assertThat(overnight.endIfInside(Instant.parse("2026-11-22T19:00:00Z"))).contains(Instant.parse("2026-11-23T00:00:00Z"));
    }

    @Test
    void should_not_defer_in_the_daytime() {
        // 12:00 in Shanghai
        assertThat(overnight.endIfInside(Instant.parse("2026-11-22T04:00:00Z"))).isEmpty();
    }

    @Test
    void should_end_a_daytime_window_the_same_day() {
        QuietHours lunch = new QuietHours(LocalTime.of(12, 0), LocalTime.of(13, 30), ZoneId.of("UTC"));
        assertThat(lunch.endIfInside(Instant.parse("2026-11-22T12:10:00Z"))).contains(Instant.parse("2026-11-22T13:30:00Z"));
        assertThat(lunch.endIfInside(Instant.parse("2026-11-22T13:30:00Z"))).isEmpty();
    }
}
