package io.ordercast.common;

import java.time.Duration;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class RedactionTest {

    private static final String LONG_LOCAL = "amy.oneil.".repeat(500);
    private static final String LONG_QUOTED = "\"" + "amy o'neil ".repeat(200) + "\"";

    /** Addresses the event schema lets through, as they are and masked. */
    static Stream<Arguments> addresses() {
        return Stream.of(
                arguments("lilei@example.com", "l***@example.com"),
                arguments("amy.o'neil@example.com", "a***@example.com"),
                arguments("o'neil@example.com", "o***@example.com"),
                arguments("amy!#$neil@example.com", "a***@example.com"),
                arguments("a!#$%&'*+/=?^_`{|}~z@example.com", "a***@example.com"),
                arguments("!#$%&'*+/=?^_`{|}~@example.com", "***@example.com"),
                arguments("li.lei+orders@example.com", "l***@example.com"),
                arguments("\"john doe\"@example.com", "\"j***@example.com"),
                arguments("\"john..doe\"@example.org", "\"j***@example.org"),
                arguments("\"a\\\"b@c\"@example.com", "\"a***@example.com"),
                arguments("\"><script>alert(1)</script>@evil.example", "\"***@evil.example"),
                arguments("李雷@example.com", "***@example.com"),
                arguments("李小龙@例子.中国", "李***@例子.中国"),
                arguments("josé.garcía@correo.es", "j***@correo.es"),
                arguments("δοκιμή@παράδειγμα.δοκιμή", "δ***@παράδειγμα.δοκιμή"),
                arguments("lilei@xn--fsqu00a.xn--fiqs8s", "l***@xn--fsqu00a.xn--fiqs8s"),
                arguments("ab@example.com", "***@example.com"),
                arguments("lilei@[192.0.2.1]", "l***@[192.0.2.1]"),
                arguments(LONG_LOCAL + "@example.com", "a***@example.com"),
                arguments(LONG_QUOTED + "@example.com", "\"a***@example.com"));
    }

    /** Phone numbers as people write them, and masked. */
    static Stream<Arguments> phoneNumbers() {
        return Stream.of(
                arguments("+8613800000000", "***00"),
                arguments("+86 138 0000 0000", "***00"),
                arguments("+86-138-0000-0000", "***00"),
                arguments("+86 (138) 0000-0000", "***00"),
                arguments("+1 (555) 123-4567", "***67"),
                arguments("(555) 123-4567", "***67"),
                arguments("0086 138 0000 0000", "***00"),
                arguments("008613800000000", "***00"),
                arguments("13800000000", "***00"),
                arguments("555.123.4567", "***67"),
                arguments("１３８００００００００", "***００"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("addresses")
    void should_mask_every_local_part_whatever_its_characters(String address, String masked) {
        assertThat(Redaction.address(address)).isEqualTo(masked);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("addresses")
    void should_mask_an_address_in_text_as_it_masks_the_address_alone(String address, String masked) {
        assertThat(Redaction.mask("550 5.1.1 " + address + " User unknown")).isEqualTo("550 5.1.1 " + masked + " User unknown");
        assertThat(Redaction.mask("recipient <" + address + ">: rejected")).doesNotContain(address)
                .contains("***@").endsWith(">: rejected");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("phoneNumbers")
    void should_mask_phone_numbers_however_they_are_written(String number, String masked) {
        assertThat(Redaction.address(number)).isEqualTo(masked);
        assertThat(Redaction.mask("gateway refused " + number + ": invalid")).isEqualTo("gateway refused " + masked + ": invalid");
    }

    @Test
    void should_keep_the_quotes_around_an_address_in_text() {
        String masked = Redaction.mask("Unrecognized token 'lilei@example.com' near +8613800000000");

        assertThat(masked).isEqualTo("Unrecognized token 'l***@example.com' near ***00");
        assertThat(Redaction.mask("unknown token 'amy.o'neil@example.com'")).isEqualTo("unknown token 'a***@example.com'");
        assertThat(Redaction.mask("{\"email\":\"李雷@例子.中国\",\"phone\":\"+86 138 0000 0000\"}"))
                .isEqualTo("{\"email\":\"***@例子.中国\",\"phone\":\"***00\"}");
    }

    @Test
    void should_mask_what_it_masked_the_same_way_again() {
        Stream.concat(addresses(), phoneNumbers()).map(a -> (String) a.get()[0]).forEach(value -> {
            String once = Redaction.mask("failed: " + value);
            assertThat(Redaction.mask(once)).as(value).isEqualTo(once);
        });
    }

    @Test
    void should_mask_any_value_given_as_an_address() {
        assertThat(Redaction.address("lilei")).isEqualTo("l***");
        assertThat(Redaction.address("李雷")).isEqualTo("***");
        assertThat(Redaction.address("lilei@exa mple.com\r\nBcc: x")).isEqualTo("l***@***");
        assertThat(Redaction.address("12345")).isEqualTo("***");
        assertThat(Redaction.address("")).isEqualTo("***");
        assertThat(Redaction.address(null)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "sequence gap: expected 2, got 4 at line 1, column 12",
            "occurredAt: '2026-11-22T08:15:30.123Z' and 2026-11-22 08:15:30 are dates",
            "ConnectException: Connection refused: /127.0.0.1:5432",
            "HTTP 503 from http://10.0.0.12:8080/sms after 30000 ms",
            "notification 3f2a1b4c-1234-5678-9abc-def0abcd1234 failed",
            "schema: $.buyer.email: does not match the regex pattern ^[^@\\s]+@[^@\\s]+$",
            "@Header(\"channel\") is missing; version 4.17.0; 65536 bytes",
            "SMTP 451 to DATA: 451 4.3.0 Error: queue file write error"})
    void should_leave_ordinary_text_alone(String text) {
        assertThat(Redaction.mask(text)).isEqualTo(text);
    }

    @Test
    void should_take_time_in_proportion_to_the_text_whatever_it_holds() {
        String[] hostile = {"\\\"".repeat(100_000), "\"a".repeat(100_000), "a@".repeat(100_000),
                "1 ".repeat(100_000) + "x", "a".repeat(200_000) + "@", "@" + "a.".repeat(100_000)};
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            for (String text : hostile) {
                Redaction.mask(text);
            }
        });
    }
}
