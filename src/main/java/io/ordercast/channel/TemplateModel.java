package io.ordercast.channel;

import java.math.BigDecimal;
import java.text.NumberFormat;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The variables a template sees, taken from the event: names, items, amounts formatted for the
 * recipient's locale, carrier and tracking number. Missing values are empty strings, so a template
 * never fails on an event that lacks an optional part.
 */
public final class TemplateModel {

    /** Events choose the locale tags, so the cache stops growing here; past it, formats are made per call. */
    private static final int MAX_CACHED_FORMATS = 256;
    private static final Map<FormatKey, NumberFormat> CURRENCY_FORMATS = new ConcurrentHashMap<>();

    private TemplateModel() {
    }

    public static Map<String, Object> of(JsonNode event, String role, String locale) {
        Locale javaLocale = Locale.forLanguageTag(locale);
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("orderId", text(event, "orderId"));
        model.put("state", text(event, "state"));
        model.put("occurredAt", text(event, "occurredAt"));
        model.put("buyerName", text(event.path("buyer"), "name"));
        model.put("sellerName", text(event.path("seller"), "name"));
        model.put("recipientName", "seller".equals(role) ? model.get("sellerName") : model.get("buyerName"));
        JsonNode order = event.path("order");
        String currency = text(order, "currency");
        model.put("currency", currency);
        model.put("total", money(text(order, "total"), currency, javaLocale));
        List<Map<String, Object>> items = new ArrayList<>();
        for (JsonNode item : order.path("items")) {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("sku", text(item, "sku"));
            line.put("name", text(item, "name"));
            line.put("quantity", item.path("quantity").asInt(1));
            items.add(line);
        }
        model.put("items", items);
        model.put("carrier", text(event.path("shipment"), "carrier"));
        model.put("trackingNumber", text(event.path("shipment"), "trackingNumber"));
        model.put("refundAmount", money(text(event.path("refund"), "amount"), currency, javaLocale));
        model.put("refundReason", text(event.path("refund"), "reason"));
        return model;
    }

    private static String money(String amount, String currency, Locale locale) {
        if (amount.isEmpty()) {
            return "";
        }
        try {
            return currencyFormat(locale, currency).format(new BigDecimal(amount));
        } catch (IllegalArgumentException e) {
            return currency.isEmpty() ? amount : amount + " " + currency;
        }
    }

    /**
     * A copy of the cached format of (locale, currency): making one looks the locale's data up and parses its
     * pattern (about 1 % of the service's CPU in the bench's profile), while a clone is cheap; formats are not thread-safe, so each
     * call gets its own. An unknown currency code still fails here, on every call, as it did before the cache.
     */
    private static NumberFormat currencyFormat(Locale locale, String currency) {
        FormatKey key = new FormatKey(locale, currency);
        NumberFormat prototype = CURRENCY_FORMATS.get(key);
        if (prototype == null) {
            prototype = NumberFormat.getCurrencyInstance(locale);
            if (!currency.isEmpty()) {
                prototype.setCurrency(Currency.getInstance(currency));
            }
            if (CURRENCY_FORMATS.size() < MAX_CACHED_FORMATS) {
                CURRENCY_FORMATS.putIfAbsent(key, prototype);
            }
        }
        return (NumberFormat) prototype.clone();
    }

    private record FormatKey(Locale locale, String currency) {
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isMissingNode() || value.isNull() ? "" : value.asText();
    }
}
