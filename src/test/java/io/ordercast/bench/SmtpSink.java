package io.ordercast.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A minimal SMTP server that accepts every mail and records when the one with each
 * X-Ordercast-Notification-Id arrived. Just enough SMTP for Jakarta Mail; nothing is stored.
 */
final class SmtpSink implements AutoCloseable {

    private static final String ID_HEADER = "x-ordercast-notification-id:";

    private final ServerSocket server;
    private final ExecutorService sessions = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "smtp-sink");
        t.setDaemon(true);
        return t;
    });
    private final Arrivals arrivals;

    SmtpSink(Arrivals arrivals) throws IOException {
        this.arrivals = arrivals;
        this.server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "smtp-sink-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                sessions.execute(() -> session(socket));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void session(Socket socket) {
        try (socket; BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                StandardCharsets.UTF_8)); OutputStream out = socket.getOutputStream()) {
            reply(out, "220 bench-sink ESMTP");
            String line;
            while ((line = in.readLine()) != null) {
                String verb = line.length() >= 4 ? line.substring(0, 4).toUpperCase() : line.toUpperCase();
                switch (verb) {
                    case "EHLO" -> reply(out, "250-bench-sink\r\n250-8BITMIME\r\n250 SMTPUTF8");
                    case "DATA" -> {
                        reply(out, "354 go ahead");
                        String id = null;
                        String data;
                        while ((data = in.readLine()) != null && !data.equals(".")) {
                            if (id == null && data.regionMatches(true, 0, ID_HEADER, 0, ID_HEADER.length())) {
                                id = data.substring(ID_HEADER.length()).trim();
                            }
                        }
                        arrivals.arrived("email", id);
                        reply(out, "250 queued");
                    }
                    case "QUIT" -> {
                        reply(out, "221 bye");
                        return;
                    }
                    default -> reply(out, "250 ok");
                }
            }
        } catch (IOException e) {
            // the client went away; nothing to record
        }
    }

    private static void reply(OutputStream out, String text) throws IOException {
        out.write((text + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        server.close();
        sessions.shutdownNow();
    }
}
