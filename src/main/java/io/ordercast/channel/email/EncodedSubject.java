package io.ordercast.channel.email;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A subject as the Subject header value handed to camel-mail. Left to Jakarta Mail, a non-ASCII subject becomes
 * encoded-words of up to 75 characters, folded only between words, so "Subject: " and the first word made a line
 * of up to 84 characters; RFC 2047 §2 allows 76 for a line with an encoded-word. Here each word holds at most
 * {@value #MAX_WORD} characters, so every line Jakarta's fold makes at the spaces between them (MimeMessage.setSubject
 * folds after the 9 characters of "Subject: ") fits; each word holds whole characters (§5), and readers drop the
 * spaces between encoded-words (§6.2), so the subject decodes back to the same text. Jakarta Mail leaves an
 * all-ASCII value as it is.
 */
final class EncodedSubject {

    /** 76 less the "Subject: " in front of the first word. */
    static final int MAX_WORD = 76 - "Subject: ".length();
    private static final String OPEN = "=?UTF-8?B?";
    private static final String CLOSE = "?=";

    private EncodedSubject() {
    }

    static String of(String subject) {
        if (plain(subject)) {
            return subject;
        }
        StringBuilder header = new StringBuilder();
        int from = 0;
        while (from < subject.length()) {
            int to = from;
            int bytes = 0;
            while (to < subject.length()) {
                int cp = subject.codePointAt(to);
                int more = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
                if (to > from && wordLength(bytes + more) > MAX_WORD) {
                    break;
                }
                bytes += more;
                to += Character.charCount(cp);
            }
            if (!header.isEmpty()) {
                header.append(' ');
            }
            header.append(OPEN)
                    .append(Base64.getEncoder().encodeToString(subject.substring(from, to).getBytes(StandardCharsets.UTF_8)))
                    .append(CLOSE);
            from = to;
        }
        return header.toString();
    }

    /** Printable ASCII that no reader takes for an encoded-word. */
    private static boolean plain(String subject) {
        return subject.chars().allMatch(c -> c >= 0x20 && c < 0x7f) && !subject.contains("=?");
    }

    private static int wordLength(int bytes) {
        return OPEN.length() + 4 * ((bytes + 2) / 3) + CLOSE.length();
    }
}
