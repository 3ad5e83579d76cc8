package io.ordercast.digest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.ordercast.channel.TemplateModel;

/**
 * The variables a digest's template ({@code <template>-digest}) sees: {@code digestId}, {@code count},
 * {@code recipientName} and {@code sellerName} (from the first order's event), and {@code orders}, one entry per
 * order listed, each with the variables its own notification's template would have had ({@link TemplateModel}).
 */
public final class DigestModel {

    private DigestModel() {
    }

    public static Map<String, Object> of(String digestId, JsonNode first, List<JsonNode> events, String role, String locale) {
        Map<String, Object> recipient = TemplateModel.of(first, role, locale);
        List<Map<String, Object>> orders = new ArrayList<>(events.size());
        events.forEach(event -> orders.add(TemplateModel.of(event, role, locale)));
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("digestId", digestId);
        model.put("count", orders.size());
        model.put("recipientName", recipient.get("recipientName"));
        model.put("sellerName", recipient.get("sellerName"));
        model.put("orders", orders);
        return model;
    }
}
