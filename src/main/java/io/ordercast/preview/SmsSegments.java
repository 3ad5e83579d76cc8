package io.ordercast.preview;

/**
 * How many SMS parts a text takes, as a gateway splits it: in the GSM 7-bit alphabet 160 characters fit one part
 * and 153 each part of a longer one (the rest is the header that joins them), an extension character such as
 * {@code €} counting twice; a text with any other character goes as UCS-2, 70 UTF-16 units in one part, 67 a part.
 */
record SmsSegments(String encoding, int units, int segments) {

    private static final String GSM_BASIC = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
            + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
    private static final String GSM_EXTENSION = "^{}\\[~]|€\f";

    static SmsSegments of(String text) {
        int septets = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (GSM_BASIC.indexOf(c) >= 0) {
                septets++;
            } else if (GSM_EXTENSION.indexOf(c) >= 0) {
                septets += 2;
            } else {
                return new SmsSegments("UCS-2", text.length(), parts(text.length(), 70, 67));
            }
        }
        return new SmsSegments("GSM-7", septets, parts(septets, 160, 153));
    }

    private static int parts(int units, int single, int perPart) {
        if (units == 0) {
            return 0;
        }
        return units <= single ? 1 : (units + perPart - 1) / perPart;
    }
}
