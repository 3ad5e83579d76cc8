package io.ordercast.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * An SMTP server that knows no user: it answers every {@code RCPT TO} the way Postfix answers an
 * unknown local recipient, {@code 550 5.1.1 <address>: Recipient address rejected: User unknown in
 * local recipient table}. GreenMail accepts every recipient, so this stands in for the rejecting relay.
 */
public final class RejectingSmtpServer implements AutoCloseable {

    private final ServerSocket socket;
    private final Thread acceptor;

    public RejectingSmtpServer() throws IOException {
        socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::acceptAll, "rejecting-smtp");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return socket.getLocalPort();
    }

    private void acceptAll() {
        while (!socket.isClosed()) {
            try (Socket client = socket.accept()) {
                converse(client);
            } catch (IOException closedOrDropped) {
                // the next client, or the server was closed
            }
        }
    }

    private static void converse(Socket client) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.US_ASCII));
        OutputStream out = client.getOutputStream();
        reply(out, "220 reject.test ESMTP");
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            String command = line.toUpperCase(Locale.ROOT);
            if (command.startsWith("EHLO") || command.startsWith("HELO")) {
                reply(out, "250 reject.test");
            } else if (command.startsWith("RCPT TO:")) {
                String address = line.substring("RCPT TO:".length()).trim();
                reply(out, "550 5.1.1 " + address + ": Recipient address rejected: User unknown in local recipient table");
            } else if (command.startsWith("QUIT")) {
                reply(out, "221 2.0.0 Bye");
                return;
            } else {
                reply(out, "250 2.0.0 Ok");
            }
        }
    }

    private static void reply(OutputStream out, String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
