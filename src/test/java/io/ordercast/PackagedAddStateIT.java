package io.ordercast;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ordercast.support.PackagedJar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The integrator recipe "Add a state" with the row given only by the environment, as an operator starts the jar:
 * {@code ORDERCAST_TRACKING_TRANSITIONS_ON_HOLD} adds the state and {@code ORDERCAST_TRACKING_TRANSITIONS_PAID} leads
 * to it, so PAID → ON_HOLD → SHIPPED is allowed. The state machine only: the order-router has no branch for ON_HOLD
 * (that is the recipe's YAML step). A misspelt ORDERCAST_* variable is named in one WARN, its value not printed.
 */
class PackagedAddStateIT {

    private static final String TOKEN = "packaged-add-state";
    private static final String SECRET = "not-to-be-printed";

    @TempDir
    Path work;

    @Test
    void should_add_a_state_given_only_by_the_environment() throws Exception {
        AtomicReference<JsonNode> matrix = new AtomicReference<>();
        HttpClient http = HttpClient.newHttpClient();
        List<String> lines;
        try (PackagedJar jar = PackagedJar.start(work, Map.of(
                "ORDERCAST_TRACKING_TRANSITIONS_PAID", "SHIPPED, CANCELLED, REFUND_REQUESTED, ON_HOLD",
                "ORDERCAST_TRACKING_TRANSITIONS_ON_HOLD", "SHIPPED, CANCELLED",
                "ORDERCAST_TRACKING_TRANSITION_ON_HOLD", SECRET,
                "ORDERCAST_API_TOKEN", TOKEN))) {
            lines = jar.lines();
            HttpRequest transitions = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + jar.port()
                            + "/api/analytics/transitions"))
                    .header("Authorization", "Bearer " + TOKEN).timeout(Duration.ofSeconds(5)).GET().build();
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                    .ignoreExceptions()
                    .until(() -> {
                        if (!jar.isAlive()) {
                            return true;
                        }
                        HttpResponse<String> response = http.send(transitions, HttpResponse.BodyHandlers.ofString());
                        if (response.statusCode() == 200) {
                            matrix.set(new ObjectMapper().readTree(response.body()));
                            return true;
                        }
                        return false;
                    });
        }

        assertThat(matrix.get()).as("GET /api/analytics/transitions; the output: " + lines).isNotNull();
        assertThat(matrix.get().path("states")).extracting(JsonNode::asText).contains("ON_HOLD", "SHIPPED", "PAID");
        assertThat(lines).as("the start log").anySatisfy(line -> assertThat(line)
                .contains("Order state machine:")
                .contains("ON_HOLD -> SHIPPED, CANCELLED")
                .contains("PAID -> SHIPPED, CANCELLED, REFUND_REQUESTED, ON_HOLD"));
        assertThat(lines).as("one WARN names the misspelt variable")
                .filteredOn(line -> line.contains("ORDERCAST_TRACKING_TRANSITION_ON_HOLD")).singleElement()
                .satisfies(line -> assertThat(line).contains("WARN").doesNotContain("ORDERCAST_TRACKING_TRANSITIONS_"));
        assertThat(lines).noneMatch(line -> line.contains(SECRET));
    }
}
