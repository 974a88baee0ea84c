package dev.manor.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback TCP relay that carries at most {@code bytesPerSecond} from the server to the client: a thin link to a
 * distant replica, so that a standby streams (and replays) WAL slower than a backfill writes it.
 */
public final class SlowLink implements AutoCloseable {
    private static final int BUFFER = 256 * 1024;
    private static final long BURST_NANOS = 20_000_000L;
    private final ServerSocket listener;
    private final int targetPort;
    private final long bytesPerSecond;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    private SlowLink(ServerSocket listener, int targetPort, long bytesPerSecond) {
        this.listener = listener;
        this.targetPort = targetPort;
        this.bytesPerSecond = bytesPerSecond;
    }

    public static SlowLink start(int port, int targetPort, long bytesPerSecond) throws IOException {
        SlowLink link = new SlowLink(new ServerSocket(port, 50, InetAddress.getLoopbackAddress()), targetPort,
                bytesPerSecond);
        Thread accept = new Thread(link::acceptLoop, "slow-link-" + port);
        accept.setDaemon(true);
        accept.start();
        return link;
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                // buffers of a real thin link's size (bandwidth x delay), not Linux's autotuned megabytes, which
                // would hold seconds of WAL in flight
                client.setSendBufferSize(BUFFER);
                Socket server = new Socket();
                server.setReceiveBufferSize(BUFFER);
                server.connect(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort));
                sockets.add(client);
                sockets.add(server);
                pump(client, server, Long.MAX_VALUE);
                pump(server, client, bytesPerSecond);
            } catch (IOException e) {
                return;
            }
        }
    }

    private void pump(Socket from, Socket to, long rate) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[16 * 1024];
            // when the bytes sent so far are due at the link's rate; an idle link earns at most BURST of credit, so
            // that it never carries more than its rate after a quiet spell (an earlier unbounded credit let the
            // first seconds of a backfill through at loopback speed)
            long due = System.nanoTime();
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buf)) > 0) {
                    if (rate != Long.MAX_VALUE) {
                        long now = System.nanoTime();
                        due = Math.max(due, now - BURST_NANOS) + n * 1_000_000_000L / rate;
                        long ahead = due - now;
                        if (ahead > 0) {
                            Thread.sleep(ahead / 1_000_000, (int) (ahead % 1_000_000));
                        }
                    }
                    out.write(buf, 0, n);
                    out.flush();
                }
            } catch (IOException | InterruptedException ignored) {
                // either side closed
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "slow-link-pump");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() {
        closeQuietly(listener);
        sockets.forEach(SlowLink::closeQuietly);
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // already closed
        }
    }
}
