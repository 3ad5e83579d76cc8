package io.ordercast;

import java.util.List;
import java.util.Map;

import io.ordercast.support.LogCapture;
import io.ordercast.support.RunningService;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A start on the embedded H2 logs no WARN from Flyway: a newer H2 than Flyway lists is not a fault to report. */
class QuietStartIT {

    @Test
    void should_start_on_h2_without_a_warn_from_flyway() {
        List<LogCapture.Line> lines;
        // H2 whatever database the suite is pointed at: the WARN is about H2
        String h2 = "jdbc:h2:file:./target/it-db/quiet-start-" + java.util.UUID.randomUUID()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;LOCK_TIMEOUT=10000";
        try (LogCapture log = LogCapture.begin()) {
            RunningService.start(Map.of("ordercast.db.url", h2, "ordercast.db.username", "sa")).close();
            lines = log.lines();
        }

        assertThat(lines).as("the start logged something (else the capture saw nothing)").isNotEmpty();
        assertThat(lines).filteredOn(line -> line.logger().startsWith("org.flywaydb"))
                .noneMatch(line -> line.level().isMoreSpecificThan(Level.WARN));
    }
}
