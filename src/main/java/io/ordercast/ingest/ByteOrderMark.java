package io.ordercast.ingest;

import java.util.Arrays;

/**
 * Drops a UTF-8 byte-order mark (EF BB BF) in front of a body. Some Windows tools write one; RFC 8259
 * lets a parser ignore it, and it is no reason to turn an otherwise valid event away.
 */
public class ByteOrderMark {

    public byte[] strip(byte[] body) {
        if (body != null && body.length >= 3
                && body[0] == (byte) 0xEF && body[1] == (byte) 0xBB && body[2] == (byte) 0xBF) {
            return Arrays.copyOfRange(body, 3, body.length);
        }
        return body;
    }
}
