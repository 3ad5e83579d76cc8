package io.ordercast.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A relay that reads the envelope as Postfix does with {@code smtputf8_enable}: it offers SMTPUTF8 or not, refuses
 * bytes that are not UTF-8 ({@code 500 5.5.2 Error: bad UTF-8 syntax}) and a non-ASCII address in a transaction
 * that did not declare SMTPUTF8 ({@code 553 5.6.7 Must declare SMTPUTF8 to send unicode address}). GreenMail reads
 * commands as ASCII and offers no SMTPUTF8. Keeps every command and every message as UTF-8 text.
 */
public final class Utf8SmtpRelay implements AutoCloseable {

    public final List<String> commands = new CopyOnWriteArrayList<>();
    public final List<String> messages = new CopyOnWriteArrayList<>();
    private final boolean offersSmtpUtf8;
    private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    private final List<Socket> clients = new CopyOnWriteArrayList<>();

    public Utf8SmtpRelay(boolean offersSmtpUtf8) throws IOException {
        this.offersSmtpUtf8 = offersSmtpUtf8;
        Thread acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    clients.add(socket);
                    Thread session = new Thread(() -> session(socket), "utf8-smtp-session");
                    session.setDaemon(true);
                    session.start();
                } catch (IOException e) {
                    return;
                }
            }
        }, "utf8-smtp");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    private void session(Socket socket) {
        try (socket; InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream()) {
            reply(out, "220 relay.test ESMTP");
            boolean declared = false;
            byte[] line;
            while ((line = readLine(in)) != null) {
                String command = utf8(line);
                if (command == null) {
                    reply(out, "500 5.5.2 Error: bad UTF-8 syntax");
                    continue;
                }
                commands.add(command);
                String verb = command.toUpperCase(Locale.ROOT);
                if (verb.startsWith("EHLO")) {
                    reply(out, "250-relay.test\r\n250-8BITMIME\r\n" + (offersSmtpUtf8 ? "250-SMTPUTF8\r\n" : "") + "250 DSN");
                } else if (verb.startsWith("MAIL FROM:")) {
                    declared = verb.contains(" SMTPUTF8");
                    reply(out, declared && !offersSmtpUtf8 ? "555 5.5.4 Unsupported option: SMTPUTF8" : "250 2.1.0 Ok");
                } else if (verb.startsWith("RCPT TO:")) {
                    reply(out, !declared && !ascii(command) ? "553 5.6.7 Must declare SMTPUTF8 to send unicode address"
                            : "250 2.1.5 Ok");
                } else if (verb.startsWith("DATA")) {
                    reply(out, "354 End data with <CR><LF>.<CR><LF>");
                    ByteArrayOutputStream data = new ByteArrayOutputStream();
                    while ((line = readLine(in)) != null && !(line.length == 1 && line[0] == '.')) {
                        data.write(line);
                        data.write('\n');
                    }
                    String message = utf8(data.toByteArray());
                    messages.add(message == null ? "(not UTF-8)" : message);
                    reply(out, "250 2.0.0 Ok: queued");
                } else if (verb.startsWith("QUIT")) {
                    reply(out, "221 2.0.0 Bye");
                    return;
                } else {
                    reply(out, "250 2.0.0 Ok");
                }
            }
        } catch (IOException e) {
            // the client or the test hung up
        }
    }

    /** One line without its CRLF, as bytes; null at the end of the stream. */
    private static byte[] readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1 && b != '\n') {
            line.write(b);
        }
        if (b == -1 && line.size() == 0) {
            return null;
        }
        byte[] bytes = line.toByteArray();
        int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        return java.util.Arrays.copyOf(bytes, length);
    }

    /** The bytes as text, or null when they are not UTF-8. */
    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static boolean ascii(String text) {
        return text.chars().allMatch(c -> c < 0x80);
    }

    private static void reply(OutputStream out, String text) throws IOException {
        out.write((text + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket client : clients) {
            client.close();
        }
    }
}
