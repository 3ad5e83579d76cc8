package io.ordercast.recipient;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ordercast.support.RunningService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Malformed input to the recipients API (preferences and devices) is the caller's mistake: a 400 with a JSON
 * error that names the field, never a 500 from the database or from binding the body. Run it against
 * PostgreSQL too (ORDERCAST_IT_DB_URL): PostgreSQL refuses a NUL byte in text, H2 stores it.
 */
class RecipientBadInputIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String IOS = "8a4f2c9e1b7d3f6a0c5e9b2d4f8a1c6e3b7d0f5a9c2e6b1d4f8a3c7e0b5d9f2a";
    private static final String PREFERENCES = "{\"optOut\":[\"sms\"]}";
    private static final String PLATFORM = "{\"platform\":\"ios\"}";

    private static RunningService service;

    @BeforeAll
    static void start() {
        service = RunningService.start(Map.of());
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    @Test
    void should_refuse_a_recipient_id_with_a_nul_byte_or_another_control_character() throws Exception {
        for (String id : List.of("u%00x", "u%0Ax", "u%0D%0Ax", "u%1Fx", "u%7Fx", "u%C2%85x")) {
            assertRefused(service.put("/api/recipients/" + id + "/preferences", PREFERENCES), "recipient id");
            assertRefused(service.put("/api/recipients/" + id + "/devices/" + IOS, PLATFORM), "recipient id");
            assertRefused(service.delete("/api/recipients/" + id + "/devices/" + IOS), "recipient id");
        }
        // PostgreSQL cannot even look up an id with a NUL; one with a line feed stands for them
        assertThat(devices().of("u\nx")).isEmpty();
    }

    @Test
    void should_refuse_a_device_token_with_a_nul_byte_on_register_and_on_delete() throws Exception {
        assertRefused(service.put("/api/recipients/u-token/devices/" + IOS + "%00", PLATFORM), "token");
        assertRefused(service.delete("/api/recipients/u-token/devices/" + IOS + "%00"), "token");
        assertRefused(service.delete("/api/recipients/u-token/devices/%00"), "token");
    }

    @Test
    void should_refuse_a_body_that_is_not_a_json_object() throws Exception {
        for (String body : List.of("[]", "\"x\"", "42", "null", "true", "[{\"platform\":\"ios\"}]")) {
            assertRefused(service.put("/api/recipients/u-body/preferences", body), "body must be a JSON object");
            assertRefused(service.put("/api/recipients/u-body/devices/" + IOS, body), "body must be a JSON object");
        }
        assertThat(devices().of("u-body")).isEmpty();
    }

    @Test
    void should_refuse_quiet_hours_with_seconds_or_fractions_that_the_column_cannot_keep() throws Exception {
        for (String time : List.of("22:00:30", "22:00:00.123456789", "22:00:00")) {
            assertRefused(service.put("/api/recipients/u-quiet/preferences",
                    "{\"quietHours\":{\"start\":\"" + time + "\",\"end\":\"08:00\",\"zone\":\"Asia/Shanghai\"}}"),
                    "quietHours", "(start is not HH:mm");
            assertRefused(service.put("/api/recipients/u-quiet/preferences",
                    "{\"quietHours\":{\"start\":\"22:00\",\"end\":\"" + time + "\",\"zone\":\"Asia/Shanghai\"}}"),
                    "quietHours", "(end is not HH:mm");
        }
    }

    @Test
    void should_refuse_fields_of_the_wrong_json_type_and_name_them() throws Exception {
        assertRefused(service.put("/api/recipients/u-type/preferences",
                "{\"quietHours\":{\"start\":2200,\"end\":\"08:00\",\"zone\":\"Asia/Shanghai\"}}"), "(start is not a string)");
        assertRefused(service.put("/api/recipients/u-type/preferences",
                "{\"quietHours\":{\"start\":\"22:00\",\"end\":[\"08:00\"],\"zone\":\"Asia/Shanghai\"}}"), "(end is not a string)");
        assertRefused(service.put("/api/recipients/u-type/preferences",
                "{\"quietHours\":{\"start\":\"22:00\",\"end\":\"08:00\",\"zone\":8}}"), "(zone is not a string)");
        assertRefused(service.put("/api/recipients/u-type/preferences", "{\"quietHours\":[]}"), "quietHours");
        assertRefused(service.put("/api/recipients/u-type/preferences", "{\"optOut\":{\"sms\":true}}"), "optOut");
        assertRefused(service.put("/api/recipients/u-type/preferences", "{\"optOut\":[[\"sms\"]]}"), "optOut");
        assertRefused(service.put("/api/recipients/u-type/devices/" + IOS, "{\"platform\":[\"ios\"]}"), "platform");

        // the same recipient with well-formed input is stored
        assertThat(service.put("/api/recipients/u-type/preferences",
                "{\"quietHours\":{\"start\":\"22:00\",\"end\":\"08:00\",\"zone\":\"Asia/Shanghai\"}}").statusCode()).isEqualTo(204);
        assertThat(service.put("/api/recipients/u-type/devices/" + IOS, PLATFORM).statusCode()).isEqualTo(204);
    }

    @Test
    void should_accept_recipient_ids_of_the_documented_character_set() throws Exception {
        for (String id : List.of("u-1001", "s-88", "7b0c1f0e-0d8c-4c47-9a34-2a4f7f0a9d11", "Shop_9.eu", "u".repeat(128))) {
            assertThat(service.put("/api/recipients/" + id + "/preferences", PREFERENCES).statusCode()).as(id).isEqualTo(204);
            assertThat(service.put("/api/recipients/" + id + "/devices/" + IOS, PLATFORM).statusCode()).as(id).isEqualTo(204);
            assertThat(devices().of(id)).as(id).hasSize(1);
        }
    }

    @Test
    void should_refuse_recipient_ids_outside_the_documented_character_set() throws Exception {
        Map<String, String> refused = Map.of(
                "..%2F..%2Fetc", "../../etc",
                "u%0D%0AX-Injected:%201", "u\\r\\nX-Injected: 1",
                "lilei%40example.com", "lilei@example.com",
                "%E6%9D%8E%E9%9B%B7", "李雷",
                "u%201001", "u 1001",
                "-u", "-u",
                "u".repeat(129), "u".repeat(40));
        for (Map.Entry<String, String> id : refused.entrySet()) {
            String path = "/api/recipients/" + id.getKey();
            String message = "recipient id must be 1-128 characters of A-Z a-z 0-9 . _ -";
            assertRefused(service.put(path + "/preferences", PREFERENCES), message, "'" + id.getValue());
            assertRefused(service.put(path + "/devices/" + IOS, PLATFORM), message, "'" + id.getValue());
            assertRefused(service.delete(path + "/devices/" + IOS), message, "'" + id.getValue());
        }
        assertThat(devices().of("../../etc")).isEmpty();
        assertThat(devices().of("u\r\nX-Injected: 1")).isEmpty();
    }

    @Test
    void should_refuse_percent_encoding_that_is_not_utf8_instead_of_storing_replacement_characters() throws Exception {
        // each decodes to U+FFFD where it is not refused: two different ids would become one
        for (String id : List.of("u%FFx", "u%FEx", "u%C3x", "u%C0%AFx", "u%ED%A0%80x", "u%E6%9Dx")) {
            assertRefused(service.put("/api/recipients/" + id + "/preferences", PREFERENCES), "not UTF-8");
            assertRefused(service.put("/api/recipients/" + id + "/devices/" + IOS, PLATFORM), "not UTF-8");
            assertRefused(service.delete("/api/recipients/" + id + "/devices/" + IOS), "not UTF-8");
        }
        assertThat(devices().of("u\uFFFDx")).isEmpty();
        // a request without the token learns nothing about its path
        assertThat(service.get("/api/recipients/u%FFx/preferences", "wrong-token").statusCode()).isEqualTo(401);
    }

    @Test
    void should_quote_at_most_a_short_escaped_prefix_of_the_input_in_a_400() throws Exception {
        String long60k = "\n\u0000\u202e" + "x".repeat(60_000);
        List<HttpResponse<String>> refusals = List.of(
                service.put("/api/recipients/u-quote/preferences", "{\"optOut\":[" + JSON.writeValueAsString(long60k) + "]}"),
                service.put("/api/recipients/u-quote/preferences", "{\"optOut\":[" + JSON.writeValueAsString(List.of(long60k)) + "]}"),
                service.put("/api/recipients/u-quote/preferences", "tru" + "e".repeat(60_000)),
                service.put("/api/recipients/u-quote/preferences", "{\"optOut\":[\"sms\"]," + "x".repeat(60_000) + "}"),
                service.put("/api/recipients/" + "u".repeat(3_000) + "/preferences", PREFERENCES));
        for (HttpResponse<String> refusal : refusals) {
            assertThat(refusal.statusCode()).as(refusal.body()).isEqualTo(400);
            String error = JSON.readTree(refusal.body()).get("error").asText();
            assertThat(error).as(error).hasSizeLessThan(300).doesNotContain("x".repeat(41), "e".repeat(41), "u".repeat(41));
            assertThat(error.codePoints()).as(error).noneMatch(c -> Character.isISOControl(c) || Character.getType(c) == Character.FORMAT);
        }
        assertThat(JSON.readTree(refusals.get(0).body()).get("error").asText())
                .contains("optOut: unknown channel '\\n\\u0000\\u202Exxx").contains("…'");
    }

    private static void assertRefused(HttpResponse<String> response, String... named) throws Exception {
        assertThat(response.statusCode()).as("%s %s: %s", response.request().method(), response.uri(), response.body())
                .isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        assertThat(JSON.readTree(response.body()).get("error").asText()).contains(named);
    }

    private static RecipientDevices devices() {
        return service.context().getRegistry().lookupByNameAndType("recipientDevices", RecipientDevices.class);
    }
}
