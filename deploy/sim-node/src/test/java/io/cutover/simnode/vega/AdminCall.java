package io.cutover.simnode.vega;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** One HTTP/1.1 POST over the core's admin unix socket, as Visor's client sends it; the answer's status line and body. */
record AdminCall(int status, String body) {

    static AdminCall post(Path socket, String path, String json) throws IOException {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            OutputStream out = Channels.newOutputStream(channel);
            byte[] body = json.getBytes(StandardCharsets.UTF_8);
            out.write(("POST " + path + " HTTP/1.1\r\nHost: unix\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            InputStream in = Channels.newInputStream(channel);
            String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int status = Integer.parseInt(answer.split(" ")[1]);
            return new AdminCall(status, answer.substring(answer.indexOf("\r\n\r\n") + 4));
        }
    }

    static AdminCall upgradeStatus(Path socket) throws IOException {
        return post(socket, "/rpc", "{\"method\":\"protocolupgrade.UpgradeStatus\",\"params\":[null],\"id\":7}");
    }
}
