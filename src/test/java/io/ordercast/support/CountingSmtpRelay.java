package io.ordercast.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** Just enough SMTP for Jakarta Mail: counts connections, records each message's Message-ID, refuses unknown@. */
public final class CountingSmtpRelay implements AutoCloseable {
    public final AtomicInteger connections = new AtomicInteger();
    public final List<String> messageIds = new CopyOnWriteArrayList<>();
    private final List<Socket> clients = new CopyOnWriteArrayList<>();
    private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());

    public CountingSmtpRelay() throws IOException {
        Thread acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    connections.incrementAndGet();
                    clients.add(socket);
                    Thread session = new Thread(() -> session(socket));
                    session.setDaemon(true);
                    session.start();
                } catch (IOException e) {
                    return;
                }
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    public void dropClients() throws IOException {
        for (Socket client : clients) {
            client.close();
        }
    }

    private void session(Socket socket) {
        try (socket; BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                StandardCharsets.UTF_8)); OutputStream out = socket.getOutputStream()) {
            reply(out, "220 relay");
            String line;
            while ((line = in.readLine()) != null) {
                String verb = line.length() >= 4 ? line.substring(0, 4).toUpperCase() : line.toUpperCase();
                switch (verb) {
                    case "EHLO" -> reply(out, "250 relay");
                    case "RCPT" -> reply(out, line.contains("unknown@") ? "550 User unknown" : "250 ok");
                    case "DATA" -> {
                        reply(out, "354 go ahead");
                        String id = null;
                        String data;
                        while ((data = in.readLine()) != null && !data.equals(".")) {
                            if (id == null && data.regionMatches(true, 0, "Message-ID:", 0, 11)) {
                                id = data.substring(11).trim();
                            }
                        }
                        messageIds.add(id);
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
            // the client or the test hung up
        }
    }

    private static void reply(OutputStream out, String text) throws IOException {
        out.write((text + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        server.close();
        dropClients();
    }
}
