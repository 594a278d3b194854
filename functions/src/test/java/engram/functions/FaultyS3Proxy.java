package engram.functions;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An HTTP/1.1 proxy on 127.0.0.1 in front of a local S3 server that forwards each request byte for byte (so its
 * SigV4 signature still holds) or answers it with an injected fault instead: 500 InternalError, 503
 * ServiceUnavailable, 503 SlowDown, or a connection dropped without an answer. The test plans the faults: a burst
 * of consecutive requests, every request for a while, or an action (stopping the server behind it) at a given
 * request. While the server behind it is down, each connection is dropped, as a client of a stopped server sees it.
 */
final class FaultyS3Proxy implements AutoCloseable {

    /** What a faulty request gets. */
    enum Fault {
        INTERNAL_ERROR_500(500, "Internal Server Error", "InternalError"),
        SERVICE_UNAVAILABLE_503(503, "Service Unavailable", "ServiceUnavailable"),
        SLOW_DOWN_503(503, "Slow Down", "SlowDown"),
        DROPPED_CONNECTION(0, null, null);

        final int status;
        final String reason;
        final String code;

        Fault(int status, String reason, String code) {
            this.status = status;
            this.reason = reason;
            this.code = code;
        }
    }

    private final ServerSocket server;
    private final int upstreamPort;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "faulty-s3-proxy");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong requests = new AtomicLong();
    private final Map<Fault, AtomicInteger> injected = new EnumMap<>(Fault.class);
    private final AtomicInteger unreachable = new AtomicInteger();
    private final Random random = new Random(7);
    private Plan plan = Plan.NONE;

    /** Requests {@code [from, until)} fail, and, from request {@code from} on, every request for {@code window}. */
    private record Plan(long from, long until, Duration window, long windowEnds, Fault[] kinds, long actionAt,
                        Runnable action) {
        static final Plan NONE = new Plan(Long.MAX_VALUE, 0, Duration.ZERO, 0, new Fault[0], Long.MAX_VALUE, null);
    }

    private FaultyS3Proxy(ServerSocket server, int upstreamPort) {
        this.server = server;
        this.upstreamPort = upstreamPort;
        for (Fault f : Fault.values()) {
            injected.put(f, new AtomicInteger());
        }
        threads.execute(this::accept);
    }

    /** Listens on a free port of 127.0.0.1 and forwards to {@code 127.0.0.1:upstreamPort}. */
    static FaultyS3Proxy start(int upstreamPort) {
        try {
            return new FaultyS3Proxy(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), upstreamPort);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code http://127.0.0.1:<port>}. */
    String endpoint() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    /** Requests seen so far. */
    long requests() {
        return requests.get();
    }

    /** Faults injected so far, by kind. */
    synchronized Map<Fault, Integer> injected() {
        Map<Fault, Integer> out = new EnumMap<>(Fault.class);
        injected.forEach((f, n) -> out.put(f, n.get()));
        return out;
    }

    /** Connections dropped because the server behind was down. */
    int unreachable() {
        return unreachable.get();
    }

    /** The {@code count} requests after the next {@code skip} fail, each with one of {@code kinds}. */
    synchronized void failBurst(long skip, int count, Fault... kinds) {
        long from = requests.get() + skip + 1;
        plan = new Plan(from, from + count, Duration.ZERO, 0, kinds, Long.MAX_VALUE, null);
    }

    /** From the request after the next {@code skip} on, every request fails for {@code window}. */
    synchronized void failWindow(long skip, Duration window, Fault... kinds) {
        long from = requests.get() + skip + 1;
        plan = new Plan(from, Long.MAX_VALUE, window, 0, kinds, Long.MAX_VALUE, null);
    }

    /** Runs {@code action} (e.g. stopping the server behind) just before forwarding the request after the next {@code skip}. */
    synchronized void actAt(long skip, Runnable action) {
        plan = new Plan(Long.MAX_VALUE, 0, Duration.ZERO, 0, new Fault[0], requests.get() + skip + 1, action);
    }

    /** No more faults. */
    synchronized void heal() {
        plan = Plan.NONE;
    }

    @Override
    public void close() throws IOException {
        server.close();
        threads.shutdownNow();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                threads.execute(() -> serve(client));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    /** The fault for request {@code n}, or null; runs a planned action when its request comes. */
    private Fault decide(long n) {
        Runnable action = null;
        Fault fault = null;
        synchronized (this) {
            if (n == plan.actionAt()) {
                action = plan.action();
            }
            if (n >= plan.from() && n < plan.until()) {
                if (plan.window().isZero()) {
                    fault = pick();
                } else {
                    long now = System.nanoTime();
                    if (plan.windowEnds() == 0) {
                        plan = new Plan(plan.from(), plan.until(), plan.window(), now + plan.window().toNanos(),
                                plan.kinds(), plan.actionAt(), plan.action());
                    }
                    fault = now < plan.windowEnds() ? pick() : null;
                }
            }
            if (fault != null) {
                injected.get(fault).incrementAndGet();
            }
        }
        if (action != null) {
            action.run();
        }
        return fault;
    }

    private Fault pick() {
        return plan.kinds()[random.nextInt(plan.kinds().length)];
    }

    private void serve(Socket client) {
        Socket upstream = null;
        try (client) {
            InputStream fromClient = new BufferedInputStream(client.getInputStream());
            OutputStream toClient = client.getOutputStream();
            InputStream fromServer = null;
            OutputStream toServer = null;
            while (true) {
                byte[] head = readHead(fromClient);
                if (head == null) {
                    return;
                }
                Head request = Head.parse(head);
                Fault fault = decide(requests.incrementAndGet());
                if (fault != null) {
                    answer(client, fault, request, fromClient, toClient);
                    return;
                }
                if (upstream == null) {
                    try {
                        upstream = new Socket(InetAddress.getLoopbackAddress(), upstreamPort);
                    } catch (IOException down) {
                        unreachable.incrementAndGet();
                        client.setSoLinger(true, 0); // reset: what a client of a stopped server sees
                        return;
                    }
                    fromServer = new BufferedInputStream(upstream.getInputStream());
                    toServer = upstream.getOutputStream();
                }
                toServer.write(head);
                byte[] response;
                boolean refusedBody = false;
                if (request.expectsContinue()) {
                    toServer.flush();
                    response = readHead(fromServer);
                    if (response == null) {
                        return;
                    }
                    if (Head.parse(response).status() == 100) {
                        toClient.write(response);
                        toClient.flush();
                        copyBody(request, fromClient, toServer);
                        toServer.flush();
                        response = readHead(fromServer);
                    } else {
                        refusedBody = true; // the body never comes: this connection's framing ends here
                    }
                } else {
                    copyBody(request, fromClient, toServer);
                    toServer.flush();
                    response = readHead(fromServer);
                }
                if (response == null) {
                    return; // the server went away mid-request: the client sees the connection close
                }
                Head answer = Head.parse(response);
                toClient.write(response);
                if (!request.method().equals("HEAD") && answer.status() >= 200 && answer.status() != 204
                        && answer.status() != 304) {
                    if (answer.length() < 0 && !answer.chunked()) {
                        fromServer.transferTo(toClient); // close-delimited
                        return;
                    }
                    copyBody(answer, fromServer, toClient);
                }
                toClient.flush();
                if (answer.close() || request.close() || refusedBody) {
                    return;
                }
            }
        } catch (IOException e) {
            // either side went away: drop the other
        } finally {
            if (upstream != null) {
                try {
                    upstream.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
        }
    }

    /** Answers a request with its fault and closes the connection (the body is read first, unless 100-continue). */
    private static void answer(Socket client, Fault fault, Head request, InputStream in, OutputStream out)
            throws IOException {
        if (fault == Fault.DROPPED_CONNECTION) {
            client.setSoLinger(true, 0);
            return;
        }
        if (!request.expectsContinue()) {
            copyBody(request, in, OutputStream.nullOutputStream());
        }
        byte[] body = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + fault.code + "</Code><Message>injected "
                + "fault</Message><RequestId>fault</RequestId></Error>").getBytes(StandardCharsets.UTF_8);
        boolean head = request.method().equals("HEAD");
        String response = "HTTP/1.1 " + fault.status + " " + fault.reason + "\r\nContent-Type: application/xml\r\n"
                + "x-amz-request-id: fault\r\nContent-Length: " + (head ? 0 : body.length) + "\r\nConnection: close\r\n\r\n";
        out.write(response.getBytes(StandardCharsets.US_ASCII));
        if (!head) {
            out.write(body);
        }
        out.flush();
    }

    /** The bytes up to and including the blank line; null when the stream ends before the first byte. */
    private static byte[] readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        for (int b = in.read(); b >= 0; b = in.read()) {
            head.write(b);
            matched = (b == '\r' && matched % 2 == 0) || (b == '\n' && matched % 2 == 1) ? matched + 1 : (b == '\r' ? 1 : 0);
            if (matched == 4) {
                return head.toByteArray();
            }
            if (head.size() > 1 << 16) {
                throw new IOException("header block too large");
            }
        }
        if (head.size() == 0) {
            return null;
        }
        throw new IOException("stream ended inside a header block");
    }

    /** Copies a message body framed by Content-Length or chunked encoding. */
    private static void copyBody(Head head, InputStream in, OutputStream out) throws IOException {
        if (head.chunked()) {
            while (true) {
                String sizeLine = readLine(in);
                out.write((sizeLine + "\r\n").getBytes(StandardCharsets.US_ASCII));
                int semicolon = sizeLine.indexOf(';');
                long size = Long.parseLong((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).strip(), 16);
                if (size == 0) {
                    for (String trailer = readLine(in); ; trailer = readLine(in)) {
                        out.write((trailer + "\r\n").getBytes(StandardCharsets.US_ASCII));
                        if (trailer.isEmpty()) {
                            return;
                        }
                    }
                }
                copy(in, out, size);
                out.write((readLine(in) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            }
        }
        copy(in, out, Math.max(0, head.length()));
    }

    private static void copy(InputStream in, OutputStream out, long bytes) throws IOException {
        byte[] buffer = new byte[1 << 16];
        for (long left = bytes; left > 0; ) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                throw new IOException("stream ended inside a body");
            }
            out.write(buffer, 0, n);
            left -= n;
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); b >= 0; b = in.read()) {
            if (b == '\n') {
                return line.toString().stripTrailing();
            }
            line.append((char) b);
        }
        throw new IOException("stream ended inside a line");
    }

    /** What the proxy needs from a request or response head. */
    private record Head(String method, int status, long length, boolean chunked, boolean expectsContinue, boolean close) {
        static Head parse(byte[] bytes) {
            String[] lines = new String(bytes, StandardCharsets.ISO_8859_1).split("\r\n");
            String[] first = lines[0].split(" ", 3);
            boolean response = first[0].startsWith("HTTP/");
            long length = -1;
            boolean chunked = false;
            boolean expect = false;
            boolean close = false;
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon < 0) {
                    continue;
                }
                String name = lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT);
                String value = lines[i].substring(colon + 1).strip().toLowerCase(Locale.ROOT);
                switch (name) {
                    case "content-length" -> length = Long.parseLong(value);
                    case "transfer-encoding" -> chunked = value.contains("chunked");
                    case "expect" -> expect = value.equals("100-continue");
                    case "connection" -> close = value.contains("close");
                    default -> { }
                }
            }
            return new Head(response ? null : first[0], response ? Integer.parseInt(first[1]) : 0,
                    response || length >= 0 || chunked ? length : 0, chunked, expect, close);
        }
    }
}
