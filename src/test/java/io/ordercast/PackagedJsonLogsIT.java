package io.ordercast;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ordercast.support.PackagedJar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code ORDERCAST_LOG_FORMAT=json java -jar target/ordercast.jar}, as an operator starts it: every line it
 * writes is a JSON object with a level and a message, and Log4j says nothing of its own. It needs the shaded
 * jar, not Maven's class path (JsonLogsIT): the shade plugin merges the Log4j plugin caches of
 * log4j-core and log4j-layout-template-json, and with only one of them the jar knows no JsonTemplateLayout.
 * Runs after package (failsafe); the first lines are enough, the process is stopped then.
 */
class PackagedJsonLogsIT {

    private static final int ENOUGH = 3;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    @Test
    void should_write_json_lines_and_no_log4j_error() throws Exception {
        List<String> lines;
        // a generated token is printed as a plain line, not logged
        try (PackagedJar jar = PackagedJar.start(work, Map.of("ORDERCAST_LOG_FORMAT", "json",
                "ORDERCAST_API_TOKEN", "packaged-json-logs"))) {
            lines = jar.lines();
            // Log4j's own ERRORs come first, as it reads its configuration: a line that is not JSON ends the wait
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .until(() -> lines.size() >= ENOUGH || lines.stream().anyMatch(l -> json(l) == null)
                            || !jar.isAlive());
        }

        assertThat(lines).as("the first lines of the packaged jar")
                .noneMatch(line -> line.contains(" ERROR "))
                .allSatisfy(line -> {
                    JsonNode event = json(line);
                    assertThat(event).as("a JSON object: " + line).isNotNull();
                    assertThat(event.path("level").asText()).as("level of " + line).isNotBlank();
                    assertThat(event.path("message").asText()).as("message of " + line).isNotBlank();
                })
                .hasSizeGreaterThanOrEqualTo(ENOUGH);
    }

    /** The line as a JSON object, or null. */
    private static JsonNode json(String line) {
        try {
            JsonNode node = JSON.readTree(line);
            return node != null && node.isObject() ? node : null;
        } catch (JsonProcessingException notJson) {
            return null;
        }
    }
}
