package io.ordercast.api;

import java.util.Locale;
import java.util.Set;

import org.apache.camel.Exchange;
import org.apache.camel.http.base.HttpHeaderFilterStrategy;

/**
 * Which exchange headers platform-http may write as response headers: an allow-list, because the
 * exchange also carries every request header and query parameter, and echoing them lets a caller set
 * {@code Set-Cookie}, {@code Refresh} or CORS headers on our answer (and a CR/LF in one broke the answer
 * with a 500). Request headers still come in as Camel's HTTP strategy lets them.
 */
public class ApiResponseHeaders extends HttpHeaderFilterStrategy {

    /** What ordercast's routes set themselves; add a name here when a route starts setting a new one. */
    private static final Set<String> ALLOWED = Set.of("content-type", "www-authenticate");

    @Override
    public boolean applyFilterToCamelHeaders(String headerName, Object headerValue, Exchange exchange) {
        return !ALLOWED.contains(headerName.toLowerCase(Locale.ROOT))
                || super.applyFilterToCamelHeaders(headerName, headerValue, exchange);
    }
}
