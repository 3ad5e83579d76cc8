package io.ordercast.channel.webhook;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EventFieldsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void should_keep_only_the_listed_paths_with_everything_below_them() throws Exception {
        JsonNode event = JSON.readTree("{\"orderId\":\"SO-1\",\"buyer\":{\"id\":\"u-1\",\"name\":\"Li\",\"email\":\"li@x.example\","
                + "\"phone\":\"+8613800000000\",\"address\":\"secret street\"},\"shipment\":{\"carrier\":\"SF\",\"trackingNumber\":\"T1\"},"
                + "\"extra\":{\"idNumber\":\"123\"}}");

        JsonNode kept = new EventFields(List.of("orderId", "buyer.id", "buyer.name", "shipment", "missing.path"))
                .keep(event, JSON.createObjectNode());

        assertThat(kept.toString()).isEqualTo("{\"orderId\":\"SO-1\",\"buyer\":{\"id\":\"u-1\",\"name\":\"Li\"},"
                + "\"shipment\":{\"carrier\":\"SF\",\"trackingNumber\":\"T1\"}}");
    }
}
