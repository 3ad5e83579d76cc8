package io.ordercast.http;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * Asks the operating system for the HTTP port before Vert.x does: Vert.x reports a taken port from its event loop as
 * an "Unhandled exception" with a stack trace, beside the one line that says what to do.
 */
public final class HttpPortFree {

    private HttpPortFree() {
    }

    /** @throws IllegalStateException naming the port and its key when another process listens on it */
    public static void check(int port) {
        if (port == 0) {
            return; // any free port
        }
        try (ServerSocket probe = new ServerSocket()) {
            // as Vert.x binds: on every address, taking over a port whose last connections are closing
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(port));
        } catch (IOException e) {
            throw new IllegalStateException("the HTTP server could not listen on port " + port
                    + " (ordercast.http.port): " + e.getMessage() + "; is another process using it?");
        }
    }
}
