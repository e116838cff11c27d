package io.cutover.simnode.vega;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The core's admin JSON-RPC server on a unix socket, as the Vega core serves it with gorilla/rpc's
 * json codec (reference/vega-node-apis.md section 1): HTTP/1.1 POST to {@code httpPath}; 405 for
 * other methods, 415 for a Content-Type other than application/json (parameters after ';' are
 * ignored), 400 text/plain for an ill-formed method, an unknown service ("can't find service"), an
 * unknown method ("can't find method") or a request without params, no body at all for a request
 * without an id, else {@code {"result":...,"error":null,"id":<id>}}. The socket file is removed
 * before binding, as the core does.
 *
 * <p>The JDK's HTTP server listens on TCP only, so HTTP/1.1 is spoken here by hand (this stand-in
 * stays JDK-only, like the rest of sim-node). Two files in the home make it misbehave for tests:
 * {@code admin-reply} (sent verbatim as the 200 body) and {@code admin-silent} (requests are read
 * and never answered).
 */
final class AdminSocketServer {

    static final String SERVICE = "protocolupgrade";
    static final String UPGRADE_STATUS = "UpgradeStatus";
    private static final Pattern PARAMS_FIELD = Pattern.compile("\"params\"\\s*:\\s*(\\[|\\{|n|\"|[-0-9tf])");
    private static final Pattern METHOD_FIELD = Pattern.compile("\"method\"\\s*:\\s*\"([^\"]*)\"");
    private static final Pattern ID_FIELD = Pattern.compile("\"id\"\\s*:\\s*(-?\\d+|\"(?:[^\"\\\\]|\\\\.)*\"|null)");

    private final Path socket;
    private final String httpPath;
    private final CoreChain chain;
    private final Path home;
    private ServerSocketChannel server;

    AdminSocketServer(Path socket, String httpPath, CoreChain chain, Path home) {
        this.socket = socket;
        this.httpPath = httpPath;
        this.chain = chain;
        this.home = home;
    }

    void start() throws IOException {
        Files.createDirectories(socket.toAbsolutePath().getParent());
        Files.deleteIfExists(socket);
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        Thread acceptor = new Thread(this::acceptLoop, "admin-socket");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    void stop() {
        try {
            if (server != null) {
                server.close();
            }
            Files.deleteIfExists(socket);
        } catch (IOException e) {
            // stopping anyway
        }
    }

    private void acceptLoop() {
        while (server.isOpen()) {
            try {
                SocketChannel connection = server.accept();
                Thread t = new Thread(() -> serve(connection), "admin-connection");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(SocketChannel connection) {
        try (connection; InputStream in = Channels.newInputStream(connection); OutputStream out = Channels.newOutputStream(connection)) {
            while (true) {
                String requestLine = line(in);
                if (requestLine == null || requestLine.isEmpty()) {
                    return;
                }
                Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
                for (String header = line(in); header != null && !header.isEmpty(); header = line(in)) {
                    int colon = header.indexOf(':');
                    if (colon > 0) {
                        headers.put(header.substring(0, colon).trim(), header.substring(colon + 1).trim());
                    }
                }
                int length = Integer.parseInt(headers.getOrDefault("Content-Length", "0"));
                String body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
                if (Files.exists(home.resolve("admin-silent"))) {
                    in.read(); // never answers: waits until the client gives up and closes
                    return;
                }
                respond(out, requestLine.split(" "), headers, body);
                if ("close".equalsIgnoreCase(headers.get("Connection"))) {
                    return;
                }
            }
        } catch (IOException | RuntimeException e) {
            // the client went away
        }
    }

    private void respond(OutputStream out, String[] requestLine, Map<String, String> headers, String body) throws IOException {
        String method = requestLine[0];
        String path = requestLine.length > 1 ? requestLine[1] : "";
        if (!path.equals(httpPath)) {
            send(out, 404, "text/plain; charset=utf-8", "404 page not found\n");
            return;
        }
        if (!method.equals("POST")) {
            send(out, 405, "text/plain; charset=utf-8", "rpc: POST method required, received " + method);
            return;
        }
        String contentType = headers.getOrDefault("Content-Type", "");
        String mediaType = contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
        if (!mediaType.equals("application/json")) {
            send(out, 415, "text/plain; charset=utf-8", "rpc: unrecognized Content-Type: " + contentType);
            return;
        }
        Path reply = home.resolve("admin-reply");
        if (Files.exists(reply)) {
            send(out, 200, "application/json; charset=utf-8", Files.readString(reply));
            return;
        }
        Matcher m = METHOD_FIELD.matcher(body);
        String refusal = routingError(m.find() ? m.group(1) : "", body);
        if (refusal != null) {
            send(out, 400, "text/plain; charset=utf-8", refusal);
            return;
        }
        Matcher id = ID_FIELD.matcher(body);
        if (!id.find() || id.group(1).equals("null")) {
            send(out, 200, "application/json; charset=utf-8", ""); // gorilla writes no reply to a notification
            return;
        }
        send(out, 200, "application/json; charset=utf-8",
                "{\"result\":" + resultJson(chain.upgradeStatus()) + ",\"error\":null,\"id\":" + id.group(1) + "}\n");
    }

    /**
     * gorilla/rpc's 400 answers, in its order: the method must be "Service.Method" of a registered
     * service and method, then the json codec needs a params array ({@code [null]} from Visor).
     */
    static String routingError(String method, String body) {
        String[] parts = method.split("\\.", -1);
        if (parts.length != 2) {
            return "rpc: service/method request ill-formed: \"" + method + "\"";
        }
        if (!parts[0].equals(SERVICE)) {
            return "rpc: can't find service \"" + method + "\"";
        }
        if (!parts[1].equals(UPGRADE_STATUS)) {
            return "rpc: can't find method \"" + method + "\"";
        }
        Matcher params = PARAMS_FIELD.matcher(body);
        if (!params.find() || params.group(1).equals("n")) {
            return "rpc: method request ill-formed: missing params field";
        }
        if (!params.group(1).equals("[")) {
            return "json: cannot unmarshal " + (params.group(1).equals("{") ? "object" : "value") + " into Go value of type [1]interface {}";
        }
        return null;
    }

    /** UpgradeStatus with the Go field names (the struct has no json tags). */
    static String resultJson(CoreChain.UpgradeStatus s) {
        String info = s.tag() == null ? "null"
                : "{\"VegaReleaseTag\":\"" + s.tag() + "\",\"UpgradeBlockHeight\":" + s.upgradeHeight() + "}";
        return "{\"AcceptedReleaseInfo\":" + info + ",\"ReadyToUpgrade\":" + s.readyToUpgrade() + "}";
    }

    private static void send(OutputStream out, int code, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String reason = switch (code) {
            case 200 -> "OK";
            case 400 -> "Bad Request";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            default -> "Unsupported Media Type";
        };
        String head = "HTTP/1.1 " + code + " " + reason + "\r\nContent-Type: " + contentType + "\r\nContent-Length: " + bytes.length
                + "\r\n\r\n";
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        out.write(bytes);
        out.flush();
    }

    /** One CRLF-terminated line, or null at the end of the stream. */
    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                String s = buffer.toString(StandardCharsets.US_ASCII);
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
            buffer.write(b);
        }
        return buffer.size() == 0 ? null : buffer.toString(StandardCharsets.US_ASCII);
    }
}
