package io.ordercast.api;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import io.ordercast.support.RunningService;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With ordercast.api.token unset, the service makes one token and prints it once: the printed token is the
 * one the API accepts (Camel runs the @BindToRegistry methods of a configuration class it instantiates
 * itself twice, which printed two tokens, only the second of them valid).
 */
class GeneratedApiTokenIT {

    private static final String PRINTED = "ordercast API token (generated for this run): ";

    @Test
    void should_print_one_generated_token_and_accept_it() throws Exception {
        PrintStream console = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        RunningService service;
        try {
            service = RunningService.start(Map.of("ordercast.api.token", ""));
        } finally {
            System.setOut(console);
        }
        try (service) {
            List<String> tokens = captured.toString(StandardCharsets.UTF_8).lines()
                    .filter(line -> line.startsWith(PRINTED)).map(line -> line.substring(PRINTED.length())).toList();

            assertThat(tokens).hasSize(1);
            assertThat(service.get("/api/orders/SO-NOPE", tokens.get(0)).statusCode()).isEqualTo(404);
            assertThat(service.get("/api/orders/SO-NOPE", RunningService.API_TOKEN).statusCode()).isEqualTo(401);
        }
    }
}
