package dev.ladder.perf.http;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Fan-out benchmark client: opens N server-sent-event streams of one book on a Ladder server on loopback
 * (one virtual thread and one plain socket per client), and measures for each {@code diff} event the
 * delivery latency: the time this process read the event minus the event's {@code receiveTime} (when the
 * server's venue client received the message, epoch ms; same machine, same clock). Prints the update rate
 * seen by each client, the events delivered per second over all clients, latency percentiles at 1 ms
 * resolution, fresh snapshots (sent to clients that fell behind) and failures.
 *
 * <pre>java -cp tests/perf/target/classes dev.ladder.perf.http.FanoutClient PORT [CLIENTS] [SECONDS] [PATH] [WARMUP_S]</pre>
 *
 * Measurement starts after every client has its snapshot plus {@code WARMUP_S} seconds (default 5); events
 * before are not counted. Only 127.0.0.1 is contacted.
 */
public final class FanoutClient {
    private static final int MAX_MS = 60_000;

    private final AtomicIntegerArray latencyMs = new AtomicIntegerArray(MAX_MS + 1);
    private final LongAdder diffs = new LongAdder();
    private final LongAdder snapshots = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private final AtomicLong measuring = new AtomicLong(Long.MAX_VALUE);
    private volatile boolean isStopped;

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: FanoutClient PORT [CLIENTS=1000] [SECONDS=30] [PATH=/api/books/binance/BTCUSDT/stream] [WARMUP_S=5]");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        int clients = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 30;
        String path = args.length > 3 ? args[3] : "/api/books/binance/BTCUSDT/stream";
        int warmup = args.length > 4 ? Integer.parseInt(args[4]) : 5;
        new FanoutClient().run(port, clients, seconds, path, warmup);
    }

    void run(int port, int clients, int seconds, String path, int warmup) throws Exception {
        CountDownLatch ready = new CountDownLatch(clients);
        List<Thread> threads = new ArrayList<>(clients);
        List<Socket> sockets = java.util.Collections.synchronizedList(new ArrayList<>());
        long t0 = System.nanoTime();
        for (int i = 0; i < clients; i++) {
            threads.add(Thread.ofVirtual().start(() -> client(port, path, ready, sockets)));
        }
        boolean allReady = ready.await(120, java.util.concurrent.TimeUnit.SECONDS);
        System.out.printf("connected %d/%d clients with their snapshot in %.1f s%n", clients - ready.getCount(), clients,
                (System.nanoTime() - t0) / 1e9);
        if (!allReady) {
            System.out.println("warning: not every client got its snapshot within 120 s");
        }
        Thread.sleep(warmup * 1000L);
        long snapshotsBefore = snapshots.sum();
        long start = System.nanoTime();
        measuring.set(System.currentTimeMillis());
        Thread.sleep(seconds * 1000L);
        long end = System.nanoTime();
        measuring.set(Long.MAX_VALUE);
        isStopped = true;
        long n = diffs.sum();
        double secs = (end - start) / 1e9;
        System.out.printf("clients %d, measured %.1f s, diff events delivered %d (%.0f/s over all clients, %.1f/s per client)%n",
                clients, secs, n, n / secs, n / secs / clients);
        System.out.printf("delivery latency (read time - server receive time, ms): p50 %d, p90 %d, p99 %d, p99.9 %d, max %d%n",
                percentile(n, 0.50), percentile(n, 0.90), percentile(n, 0.99), percentile(n, 0.999), percentile(n, 1.0));
        System.out.printf("fresh snapshots during the run (clients that fell behind): %d; failed or closed streams: %d%n",
                snapshots.sum() - snapshotsBefore, failures.sum());
        synchronized (sockets) {
            for (Socket s : sockets) {
                try {
                    s.close();
                } catch (IOException e) {
                    // closing anyway
                }
            }
        }
        for (Thread t : threads) {
            t.join(5000);
        }
    }

    private long percentile(long n, double q) {
        if (n == 0) {
            return -1;
        }
        long rank = Math.max(1, (long) Math.ceil(q * n));
        long seen = 0;
        for (int ms = 0; ms <= MAX_MS; ms++) {
            seen += latencyMs.get(ms);
            if (seen >= rank) {
                return ms;
            }
        }
        return MAX_MS;
    }

    private void client(int port, String path, CountDownLatch ready, List<Socket> sockets) {
        boolean counted = false;
        try (Socket s = new Socket()) {
            sockets.add(s);
            s.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            s.setTcpNoDelay(true);
            OutputStream out = s.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
                    + "\r\nAccept: text/event-stream\r\nCache-Control: no-cache\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = new BufferedInputStream(s.getInputStream(), 64 * 1024);
            byte[] line = new byte[1 << 20];
            String event = null;
            int len;
            while (!isStopped && (len = readLine(in, line)) >= 0) {
                if (len == 0) {
                    event = null;
                } else if (startsWith(line, len, "event: ")) {
                    event = new String(line, 7, len - 7, StandardCharsets.US_ASCII);
                } else if (startsWith(line, len, "data: ") && event != null) {
                    long now = System.currentTimeMillis();
                    if (event.equals("snapshot")) {
                        snapshots.increment();
                        if (!counted) {
                            counted = true;
                            ready.countDown();
                        }
                    } else if (event.equals("diff") && now >= measuring.get()) {
                        long rt = field(line, len, "\"receiveTime\":");
                        if (rt > 0) {
                            int ms = (int) Math.max(0, Math.min(MAX_MS, now - rt));
                            latencyMs.incrementAndGet(ms);
                            diffs.increment();
                        }
                    }
                }
            }
            if (!isStopped) {
                failures.increment();
            }
        } catch (IOException e) {
            if (!isStopped) {
                failures.increment();
            }
        } finally {
            if (!counted) {
                ready.countDown();
            }
        }
    }

    /** Reads one line without its CR/LF into buf; its length, or -1 at the end of the stream. Chunked framing is read as lines too and ignored. */
    private static int readLine(InputStream in, byte[] buf) throws IOException {
        int n = 0;
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                return n > 0 && buf[n - 1] == '\r' ? n - 1 : n;
            }
            if (n < buf.length) {
                buf[n++] = (byte) b;
            }
        }
        return n > 0 ? n : -1;
    }

    private static boolean startsWith(byte[] line, int len, String prefix) {
        if (len < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (line[i] != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static long field(byte[] line, int len, String name) {
        outer:
        for (int i = 0; i + name.length() <= len; i++) {
            for (int j = 0; j < name.length(); j++) {
                if (line[i + j] != name.charAt(j)) {
                    continue outer;
                }
            }
            long v = 0;
            for (int k = i + name.length(); k < len && line[k] >= '0' && line[k] <= '9'; k++) {
                v = v * 10 + (line[k] - '0');
            }
            return v;
        }
        return -1;
    }
}
