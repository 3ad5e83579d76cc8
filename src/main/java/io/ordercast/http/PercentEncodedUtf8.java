package io.ordercast.http;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * Refuses a request whose path or query, percent-decoded, is not UTF-8 (400). Vert.x decodes path and query
 * parameters with a replacing decoder: {@code u%FFx} and {@code u%FEx} would both reach a route as u, U+FFFD, x:
 * two ids made one. After the token checks (a caller without the token learns nothing of its path); a percent sign
 * without two hex digits after it is left to the router.
 */
final class PercentEncodedUtf8 implements Handler<RoutingContext> {

    @Override
    public void handle(RoutingContext ctx) {
        String part = !utf8(ctx.request().path()) ? "path" : !utf8(ctx.request().query()) ? "query" : null;
        if (part == null) {
            ctx.next();
        } else {
            JsonError.send(ctx.response(), 400, "malformed " + part + ": its percent-encoded bytes are not UTF-8");
        }
    }

    /** @param raw the request line's text as received: each char is one byte of it */
    static boolean utf8(String raw) {
        if (raw == null || raw.chars().allMatch(c -> c != '%' && c < 0x80)) {
            return true;
        }
        byte[] bytes = new byte[raw.length()];
        int n = 0;
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            int high = i + 2 < raw.length() ? Character.digit(raw.charAt(i + 1), 16) : -1;
            int low = i + 2 < raw.length() ? Character.digit(raw.charAt(i + 2), 16) : -1;
            if (c == '%' && high >= 0 && low >= 0) {
                bytes[n++] = (byte) (high << 4 | low);
                i += 2;
            } else {
                bytes[n++] = (byte) c;
            }
        }
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, 0, n));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
